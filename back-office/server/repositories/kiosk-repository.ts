// Enrolled kiosks, their nonces, and the per-kiosk numbering of the status feed.
import { iso, isoOrNull, type Sql } from '../db/database';
import type { KioskView } from '../console-api/types';

// Declared with the console API's shapes, which the console shares.
export type { KioskView } from '../console-api/types';

export interface KioskAuth {
  kioskId: string;
  secret: string;
  enabled: boolean;
  /** The town it was enrolled for (the profile feed may be limited to it). */
  town: string | null;
}

export async function findKiosk(sql: Sql, kioskId: string): Promise<KioskAuth | null> {
  const r = await sql.query<{
    kiosk_id: string;
    secret: string;
    enabled: boolean;
    town: string | null;
  }>('SELECT kiosk_id, secret, enabled, town FROM kiosks WHERE kiosk_id = $1', [kioskId]);
  const row = r.rows[0];
  return row
    ? { kioskId: row.kiosk_id, secret: row.secret, enabled: row.enabled, town: row.town }
    : null;
}

/** False when the id is taken. */
export async function insertKiosk(
  sql: Sql,
  k: { kioskId: string; secret: string; name: string | null; town: string | null; at: string },
): Promise<boolean> {
  const r = await sql.query(
    `INSERT INTO kiosks (kiosk_id, secret, name, town, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (kiosk_id) DO NOTHING`,
    [k.kioskId, k.secret, k.name, k.town, k.at],
  );
  return r.rowCount === 1;
}

/** The kiosk's enabled flag before the change, or null when there is no such kiosk. */
export async function setKioskEnabled(
  sql: Sql,
  kioskId: string,
  enabled: boolean,
  at: string,
): Promise<boolean | null> {
  const before = await sql.query<{ enabled: boolean }>(
    'SELECT enabled FROM kiosks WHERE kiosk_id = $1 FOR UPDATE',
    [kioskId],
  );
  const was = before.rows[0]?.enabled;
  if (was === undefined) return null;
  await sql.query(
    `UPDATE kiosks SET enabled = $2,
       disabled_at = CASE WHEN $2 THEN NULL WHEN enabled THEN $3::timestamptz ELSE disabled_at END
     WHERE kiosk_id = $1`,
    [kioskId, enabled, at],
  );
  return was;
}

/** A genuine call that was refused (a disabled kiosk): shown in the kiosk's view. */
export async function recordRefusal(
  sql: Sql,
  kioskId: string,
  reason: string,
  at: string,
): Promise<void> {
  await sql.query(
    'UPDATE kiosks SET last_refused_at = $2, last_refused_reason = $3 WHERE kiosk_id = $1',
    [kioskId, at, reason],
  );
}

/** Records a nonce; false when the kiosk already used it (a replay). */
export async function rememberNonce(
  sql: Sql,
  kioskId: string,
  nonce: string,
  at: string,
): Promise<boolean> {
  const r = await sql.query(
    `INSERT INTO kiosk_nonces (kiosk_id, nonce, seen_at) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING`,
    [kioskId, nonce, at],
  );
  return r.rowCount === 1;
}

export async function purgeNonces(sql: Sql, before: string): Promise<number> {
  return (await sql.query('DELETE FROM kiosk_nonces WHERE seen_at < $1', [before])).rowCount;
}

/**
 * The kiosk's next feed number. The UPDATE locks the kiosk's row until the transaction ends, so
 * a kiosk's changes commit in the order of their numbers and a reader never passes a number
 * that a slower transaction has yet to commit.
 */
export async function nextChangeSeq(
  sql: Sql,
  kioskId: string,
  seenAt: string | null,
): Promise<number> {
  const r = await sql.query<{ change_seq: number }>(
    `UPDATE kiosks SET change_seq = change_seq + 1,
       last_seen_at = CASE WHEN $2::timestamptz IS NULL THEN last_seen_at
                           ELSE greatest(last_seen_at, $2::timestamptz) END
     WHERE kiosk_id = $1 RETURNING change_seq`,
    [kioskId, seenAt],
  );
  const row = r.rows[0];
  if (!row) throw new Error(`no kiosk ${kioskId}`);
  return row.change_seq;
}

interface KioskRow {
  kiosk_id: string;
  name: string | null;
  town: string | null;
  enabled: boolean;
  created_at: Date;
  disabled_at: Date | null;
  last_seen_at: Date | null;
  last_refused_at: Date | null;
  last_refused_reason: string | null;
  hb_at: Date | null;
  hb: Record<string, unknown> | null;
  submissions: number;
}

const at = (o: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
    o,
  );
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const num = (v: unknown) => (typeof v === 'number' ? v : null);

function view(r: KioskRow): KioskView {
  const hb = r.hb;
  const seen = [r.last_seen_at, r.hb_at].filter((d): d is Date => d !== null);
  return {
    kioskId: r.kiosk_id,
    name: r.name,
    town: r.town,
    enabled: r.enabled,
    createdAt: iso(r.created_at),
    disabledAt: isoOrNull(r.disabled_at),
    lastSeenAt: seen.length ? iso(new Date(Math.max(...seen.map((d) => d.getTime())))) : null,
    lastHeartbeatAt: isoOrNull(r.hb_at),
    lastRefusedAt: isoOrNull(r.last_refused_at),
    lastRefusedReason: r.last_refused_reason,
    health: {
      printer: str(at(hb, 'printer', 'state')),
      backlogPending: num(at(hb, 'backlog', 'pending')),
      backlogDead: num(at(hb, 'backlog', 'dead')),
      appVersion: str(at(hb, 'versions', 'app')),
      catalogVersion: str(at(hb, 'versions', 'catalog')),
      contentVersion: num(at(hb, 'contentVersion')),
      inService:
        typeof at(hb, 'storage', 'inService') === 'boolean'
          ? (at(hb, 'storage', 'inService') as boolean)
          : null,
    },
    submissions: Number(r.submissions),
  };
}

const KIOSK_VIEW_SQL = `
  SELECT k.kiosk_id, k.name, k.town, k.enabled, k.created_at, k.disabled_at, k.last_seen_at,
         k.last_refused_at, k.last_refused_reason, hb.received_at AS hb_at, hb.body AS hb,
         (SELECT count(*)::int FROM submissions s WHERE s.kiosk_id = k.kiosk_id) AS submissions
  FROM kiosks k
  LEFT JOIN LATERAL (
    SELECT received_at, body FROM heartbeats h WHERE h.kiosk_id = k.kiosk_id
    ORDER BY received_at DESC LIMIT 1
  ) hb ON true`;

export async function listKiosks(sql: Sql): Promise<KioskView[]> {
  const r = await sql.query<KioskRow>(`${KIOSK_VIEW_SQL} ORDER BY k.kiosk_id`);
  return r.rows.map(view);
}

export async function kioskView(sql: Sql, kioskId: string): Promise<KioskView | null> {
  const r = await sql.query<KioskRow>(`${KIOSK_VIEW_SQL} WHERE k.kiosk_id = $1`, [kioskId]);
  return r.rows[0] ? view(r.rows[0]) : null;
}
