// Submissions as received, each stored once by its id.
import { iso, type Sql } from '../db/database';
import type { SubmissionKind } from '../../../electron/domain/sync';

export interface NewSubmission {
  id: string;
  kioskId: string;
  kind: SubmissionKind;
  createdAt: string;
  receivedAt: string;
  bodySha256: string;
  body: Record<string, unknown>;
  /** `JSON.stringify(body)` when the caller has made it already (to measure the body). */
  bodyJson?: string;
}

export interface StoredSubmission {
  id: string;
  kioskId: string;
  kind: SubmissionKind;
  createdAt: string;
  receivedAt: string;
  bodySha256: string;
  body: Record<string, unknown>;
  deliveries: number;
}

/** Stores a new submission; null when its id is already stored (nothing is changed then). */
export async function insertSubmission(sql: Sql, s: NewSubmission): Promise<string | null> {
  const r = await sql.query<{ received_at: Date }>(
    `INSERT INTO submissions (id, kiosk_id, kind, created_at, received_at, body_sha256, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
     ON CONFLICT (id) DO NOTHING RETURNING received_at`,
    [
      s.id,
      s.kioskId,
      s.kind,
      s.createdAt,
      s.receivedAt,
      s.bodySha256,
      s.bodyJson ?? JSON.stringify(s.body),
    ],
  );
  const row = r.rows[0];
  return row ? iso(row.received_at) : null;
}

interface Row {
  id: string;
  kiosk_id: string;
  kind: SubmissionKind;
  created_at: Date;
  received_at: Date;
  body_sha256: string;
  body: Record<string, unknown>;
  deliveries: number;
}

const fromRow = (r: Row): StoredSubmission => ({
  id: r.id,
  kioskId: r.kiosk_id,
  kind: r.kind,
  createdAt: iso(r.created_at),
  receivedAt: iso(r.received_at),
  bodySha256: r.body_sha256,
  body: r.body,
  deliveries: r.deliveries,
});

export async function getSubmission(sql: Sql, id: string): Promise<StoredSubmission | null> {
  const r = await sql.query<Row>('SELECT * FROM submissions WHERE id = $1', [id]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

/** A repeat of a stored submission was answered: counted, so operators see resends. */
export async function countDelivery(sql: Sql, id: string): Promise<void> {
  await sql.query('UPDATE submissions SET deliveries = deliveries + 1 WHERE id = $1', [id]);
}

/**
 * Resends of stored submissions: each counted when it is the same kiosk's same content, and its
 * first receipt time returned by id; an id missing from the answer (nothing counted) was used for
 * something else. An id may be given with more than one hash (content stored under an older way
 * of hashing it): a stored row has one, so it is counted once.
 */
export async function countResends(
  sql: Sql,
  kioskId: string,
  items: readonly { id: string; bodySha256: string }[],
): Promise<Map<string, string>> {
  const r = await sql.query<{ id: string; received_at: Date }>(
    `UPDATE submissions s SET deliveries = s.deliveries + 1
     FROM unnest($2::uuid[], $3::text[]) AS x(id, body_sha256)
     WHERE s.id = x.id AND s.kiosk_id = $1 AND s.body_sha256 = x.body_sha256
     RETURNING s.id::text AS id, s.received_at`,
    [kioskId, items.map((x) => x.id), items.map((x) => x.bodySha256)],
    { name: 'count-resends' },
  );
  return new Map(r.rows.map((row) => [row.id, iso(row.received_at)]));
}

export async function listSubmissions(
  sql: Sql,
  filter: { kioskId?: string; kind?: SubmissionKind; limit?: number } = {},
): Promise<StoredSubmission[]> {
  const r = await sql.query<Row>(
    `SELECT * FROM submissions
     WHERE ($1::text IS NULL OR kiosk_id = $1) AND ($2::text IS NULL OR kind = $2)
     ORDER BY received_at, id LIMIT $3`,
    [filter.kioskId ?? null, filter.kind ?? null, filter.limit ?? 1000],
  );
  return r.rows.map(fromRow);
}
