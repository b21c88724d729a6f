// SQL for the single-site console: the requests waiting to be worked (or recently closed), with
// what staff need to route them. Status changes go through the request service's `applyStatus`;
// nothing here writes.
import type { WorkScope } from '../../domain/work-queue';
import {
  requestFromRow,
  type RequestRecord,
  type RequestRow,
} from '../requests/request-repository';
import { all, one, scalar, type Db } from '../storage/sql';

/** A request as stored, with the latest note of its timeline (what staff last wrote on it). */
export interface WorkRow extends RequestRecord {
  lastNote: string | null;
}

const COLUMNS = `r.*,
  (SELECT e.note FROM request_events e WHERE e.request_id = r.id AND e.note IS NOT NULL
    ORDER BY e.seq DESC LIMIT 1) AS last_note`;

type Row = RequestRow & { last_note: string | null };

const fromRow = (r: Row): WorkRow => ({ ...requestFromRow(r), lastNote: r.last_note });

const OPEN = "r.closed_at IS NULL AND r.status NOT IN ('completed', 'returned', 'cancelled')";

/**
 * Open requests, most urgent first (due date, then oldest); or closed ones, most recently closed
 * first. At most `limit`.
 */
export function listWork(db: Db, scope: WorkScope, limit: number): WorkRow[] {
  const sql =
    scope === 'open'
      ? `SELECT ${COLUMNS} FROM requests r WHERE ${OPEN}
         ORDER BY r.due_date, r.created_at, r.ticket LIMIT ?`
      : `SELECT ${COLUMNS} FROM requests r WHERE NOT (${OPEN})
         ORDER BY r.status_at DESC, r.ticket DESC LIMIT ?`;
  return all<Row>(db, sql, [limit]).map(fromRow);
}

/** How many requests the scope holds (to tell whether `listWork` left some out). */
export function countWork(db: Db, scope: WorkScope): number {
  const where = scope === 'open' ? OPEN : `NOT (${OPEN})`;
  return scalar<number>(db, `SELECT COUNT(*) FROM requests r WHERE ${where}`) ?? 0;
}

export function getWork(db: Db, id: string): WorkRow | undefined {
  const r = one<Row>(db, `SELECT ${COLUMNS} FROM requests r WHERE r.id = ?`, [id]);
  return r && fromRow(r);
}
