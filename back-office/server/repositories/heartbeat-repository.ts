// Heartbeats: each kiosk's reported health as a time series.
import { iso, isoOrNull, type Sql } from '../db/database';

export interface StoredHeartbeat {
  kioskId: string;
  receivedAt: string;
  kioskAt: string | null;
  body: Record<string, unknown>;
}

export async function insertHeartbeat(sql: Sql, h: StoredHeartbeat): Promise<void> {
  await sql.query(
    'INSERT INTO heartbeats (kiosk_id, received_at, kiosk_at, body) VALUES ($1, $2, $3, $4::jsonb)',
    [h.kioskId, h.receivedAt, h.kioskAt, JSON.stringify(h.body)],
  );
}

/** Newest first. */
export async function recentHeartbeats(
  sql: Sql,
  filter: { kioskId?: string; limit?: number } = {},
): Promise<StoredHeartbeat[]> {
  const r = await sql.query<{
    kiosk_id: string;
    received_at: Date;
    kiosk_at: Date | null;
    body: Record<string, unknown>;
  }>(
    `SELECT kiosk_id, received_at, kiosk_at, body FROM heartbeats
     WHERE $1::text IS NULL OR kiosk_id = $1 ORDER BY received_at DESC, id DESC LIMIT $2`,
    [filter.kioskId ?? null, filter.limit ?? 100],
  );
  return r.rows.map((x) => ({
    kioskId: x.kiosk_id,
    receivedAt: iso(x.received_at),
    kioskAt: isoOrNull(x.kiosk_at),
    body: x.body,
  }));
}

export async function purgeHeartbeats(sql: Sql, before: string): Promise<number> {
  return (await sql.query('DELETE FROM heartbeats WHERE received_at < $1', [before])).rowCount;
}
