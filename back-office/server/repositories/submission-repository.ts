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
    [s.id, s.kioskId, s.kind, s.createdAt, s.receivedAt, s.bodySha256, JSON.stringify(s.body)],
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
 * A resend of a stored submission: counted when it is the same kiosk's same bytes, and its first
 * receipt time returned; null (nothing counted) when the id was used for something else.
 */
export async function countResend(
  sql: Sql,
  s: { id: string; kioskId: string; bodySha256: string },
): Promise<string | null> {
  const r = await sql.query<{ received_at: Date }>(
    `UPDATE submissions SET deliveries = deliveries + 1
     WHERE id = $1 AND kiosk_id = $2 AND body_sha256 = $3 RETURNING received_at`,
    [s.id, s.kioskId, s.bodySha256],
  );
  const row = r.rows[0];
  return row ? iso(row.received_at) : null;
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
