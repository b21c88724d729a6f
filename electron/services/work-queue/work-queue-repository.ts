// SQL for the single-site console: the requests waiting to be worked (or recently closed), with
// what staff need to route them. Status changes go through the request service's `applyStatus`;
// nothing here writes.
import type { BoardId } from '../../domain/catalog';
import type { RequestKind, RequestStatus, ServiceLine } from '../../domain/request';
import type { WorkScope } from '../../domain/work-queue';
import { all, one, scalar, type Db } from '../storage/sql';

export interface WorkRow {
  id: string;
  ticket: string;
  title: string;
  kind: RequestKind;
  createdAt: string;
  status: RequestStatus;
  statusAt: string;
  dueDate: string;
  board: BoardId;
  boardName: string;
  leadDepartments: string[];
  services: ServiceLine[];
  enterpriseName: string | null;
  uscc: string | null;
  verified: boolean;
  founder: boolean;
  contactPhone: string | null;
  assistedBy: string | null;
  sentAt: string | null;
  lastNote: string | null;
}

interface Row {
  id: string;
  ticket: string;
  title: string;
  kind: string;
  created_at: string;
  status: string;
  status_at: string;
  due_date: string;
  board: string;
  routing: string;
  services: string;
  enterprise_name: string | null;
  uscc: string | null;
  verified: number;
  founder: number;
  contact_phone: string | null;
  assisted_by: string | null;
  sent_at: string | null;
  last_note: string | null;
}

const COLUMNS = `r.id, r.ticket, r.title, r.kind, r.created_at, r.status, r.status_at, r.due_date,
  r.board, r.routing, r.services, r.enterprise_name, r.uscc, r.verified, r.founder,
  r.contact_phone, r.assisted_by, r.sent_at,
  (SELECT e.note FROM request_events e WHERE e.request_id = r.id AND e.note IS NOT NULL
    ORDER BY e.seq DESC LIMIT 1) AS last_note`;

function fromRow(r: Row): WorkRow {
  const routing = JSON.parse(r.routing) as { boardName?: string; leadDepartments?: string[] };
  return {
    id: r.id,
    ticket: r.ticket,
    title: r.title,
    kind: r.kind as RequestKind,
    createdAt: r.created_at,
    status: r.status as RequestStatus,
    statusAt: r.status_at,
    dueDate: r.due_date,
    board: r.board as BoardId,
    boardName: routing.boardName ?? r.board,
    leadDepartments: routing.leadDepartments ?? [],
    services: JSON.parse(r.services) as ServiceLine[],
    enterpriseName: r.enterprise_name,
    uscc: r.uscc,
    verified: r.verified === 1,
    founder: r.founder === 1,
    contactPhone: r.contact_phone,
    assistedBy: r.assisted_by,
    sentAt: r.sent_at,
    lastNote: r.last_note,
  };
}

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
