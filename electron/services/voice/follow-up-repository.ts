// SQL for follow-up items (回访待办, migration 010): a low rating opens one for the center; staff
// close it with a note (audited by the caller in the same write). The request's title, enterprise
// and contact come from `requests` (contact data until the retention purge).
import type { RatingLevel, RatingOccasion, RatingReason } from '../../domain/voice';
import type { StoredRouting } from '../requests/request-repository';
import { all, one, run, scalar, type Db } from '../storage/sql';

export interface FollowUpRecord {
  id: string;
  ratingId: string;
  requestId: string;
  ticket: string;
  board: string;
  occasion: RatingOccasion;
  level: RatingLevel;
  reasons: RatingReason[];
  openedAt: string;
  state: 'open' | 'closed';
  closedAt: string | null;
  closedBy: string | null;
  note: string | null;
  verdict: RatingLevel | null;
}

/** A follow-up item with what staff need to call back (from its request). */
export interface FollowUpWithRequest extends FollowUpRecord {
  title: string;
  boardName: string;
  enterpriseName: string | null;
  contactPhone: string | null;
}

interface Row {
  id: string;
  rating_id: string;
  request_id: string;
  ticket: string;
  board: string;
  occasion: string;
  level: string;
  reasons: string;
  opened_at: string;
  state: string;
  closed_at: string | null;
  closed_by: string | null;
  note: string | null;
  verdict: string | null;
}

const fromRow = (r: Row): FollowUpRecord => ({
  id: r.id,
  ratingId: r.rating_id,
  requestId: r.request_id,
  ticket: r.ticket,
  board: r.board,
  occasion: r.occasion as RatingOccasion,
  level: r.level as RatingLevel,
  reasons: JSON.parse(r.reasons) as RatingReason[],
  openedAt: r.opened_at,
  state: r.state as 'open' | 'closed',
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  note: r.note,
  verdict: r.verdict as RatingLevel | null,
});

export function insertFollowUp(
  tx: Db,
  f: Omit<FollowUpRecord, 'state' | 'closedAt' | 'closedBy' | 'note' | 'verdict'>,
): void {
  run(
    tx,
    `INSERT INTO follow_ups (id, rating_id, request_id, ticket, board, occasion, level, reasons,
       opened_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      f.id,
      f.ratingId,
      f.requestId,
      f.ticket,
      f.board,
      f.occasion,
      f.level,
      JSON.stringify(f.reasons),
      f.openedAt,
    ],
  );
}

const WITH_REQUEST = `SELECT f.*, r.title AS r_title, r.routing AS r_routing,
    r.enterprise_name AS r_enterprise_name, r.contact_phone AS r_contact_phone
  FROM follow_ups f LEFT JOIN requests r ON r.id = f.request_id`;

type JoinedRow = Row & {
  r_title: string | null;
  r_routing: string | null;
  r_enterprise_name: string | null;
  r_contact_phone: string | null;
};

const joined = (r: JoinedRow): FollowUpWithRequest => ({
  ...fromRow(r),
  title: r.r_title ?? r.ticket,
  boardName: r.r_routing ? (JSON.parse(r.r_routing) as StoredRouting).boardName : r.board,
  enterpriseName: r.r_enterprise_name,
  contactPhone: r.r_contact_phone,
});

/** Open items oldest first (the longest waiting on top); with `all`, closed ones after them. */
export function listFollowUps(
  db: Db,
  f: { state?: 'open' | 'closed'; limit?: number } = {},
): FollowUpWithRequest[] {
  const where = f.state ? 'WHERE f.state = ?' : '';
  return all<JoinedRow>(
    db,
    `${WITH_REQUEST} ${where}
     ORDER BY CASE f.state WHEN 'open' THEN 0 ELSE 1 END, f.opened_at, f.id LIMIT ?`,
    [...(f.state ? [f.state] : []), f.limit ?? 200],
  ).map(joined);
}

export function getFollowUp(db: Db, id: string): FollowUpWithRequest | undefined {
  const r = one<JoinedRow>(db, `${WITH_REQUEST} WHERE f.id = ?`, [id]);
  return r && joined(r);
}

/** Closes an open item; false when it is not open (closed already, or no such item). */
export function closeFollowUp(
  tx: Db,
  id: string,
  c: { at: string; staffId: string; note: string; verdict: RatingLevel | null },
): boolean {
  return (
    run(
      tx,
      `UPDATE follow_ups SET state = 'closed', closed_at = ?, closed_by = ?, note = ?, verdict = ?
       WHERE id = ? AND state = 'open'`,
      [c.at, c.staffId, c.note, c.verdict, id],
    ) > 0
  );
}

export function countOpenFollowUps(db: Db): number {
  return scalar<number>(db, "SELECT COUNT(*) FROM follow_ups WHERE state = 'open'") ?? 0;
}

/** Retention: staff's notes on the follow-ups of the given requests are forgotten. */
export function purgeFollowUpNotes(tx: Db, requestIds: readonly string[]): number {
  let n = 0;
  for (const id of requestIds)
    n += run(tx, 'UPDATE follow_ups SET note = NULL WHERE request_id = ? AND note IS NOT NULL', [
      id,
    ]);
  return n;
}
