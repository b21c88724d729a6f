// Requests and 诉求 in the queues of their board and lead department.
import type { BoardId } from '../../../electron/domain/catalog';
import type { RequestKind } from '../../../electron/domain/request';
import { iso, isoOrNull, type Sql } from '../db/database';
import type { BackOfficeRequestStatus } from '../console-api/types';

// Declared with the console API's shapes, which the console shares.
export { BACK_OFFICE_REQUEST_STATUSES, type BackOfficeRequestStatus } from '../console-api/types';

export interface NewRequest {
  id: string;
  kioskId: string;
  ticket: string;
  kind: RequestKind;
  title: string;
  bundleId: string | null;
  measureNo: number | null;
  appealCategory: string | null;
  board: BoardId;
  boardName: string;
  module: string | null;
  station: string | null;
  leadDepartments: string[];
  department: string;
  routedBy: 'catalog' | 'kiosk';
  catalogVersion: string | null;
  workingDays: number;
  countsFrom: string;
  dueDate: string;
  calendarCertain: boolean;
  kioskDueDate: string | null;
  status: BackOfficeRequestStatus;
  statusAt: string;
  closedAt: string | null;
  createdAt: string;
  receivedAt: string;
  uscc: string | null;
  enterpriseName: string | null;
  verified: boolean;
  contactPhone: string | null;
  contactName: string | null;
  appealText: string | null;
}

/** A new request's columns with their types, in the order of `requestValues`. */
export const REQUEST_COLUMNS: readonly (readonly [column: string, type: string])[] = [
  ['id', 'uuid'],
  ['kiosk_id', 'text'],
  ['ticket', 'text'],
  ['kind', 'text'],
  ['title', 'text'],
  ['bundle_id', 'text'],
  ['measure_no', 'integer'],
  ['appeal_category', 'text'],
  ['board', 'text'],
  ['board_name', 'text'],
  ['module', 'text'],
  ['station', 'text'],
  ['lead_departments', 'text[]'],
  ['department', 'text'],
  ['routed_by', 'text'],
  ['catalog_version', 'text'],
  ['working_days', 'integer'],
  ['counts_from', 'date'],
  ['due_date', 'date'],
  ['calendar_certain', 'boolean'],
  ['kiosk_due_date', 'date'],
  ['status', 'text'],
  ['status_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
  ['received_at', 'timestamptz'],
  ['uscc', 'text'],
  ['enterprise_name', 'text'],
  ['verified', 'boolean'],
  ['contact_phone', 'text'],
  ['contact_name', 'text'],
  ['appeal_text', 'text'],
];

/** The parameters of a new request, in the order of REQUEST_COLUMNS. */
export function requestValues(r: NewRequest): unknown[] {
  return [
    r.id,
    r.kioskId,
    r.ticket,
    r.kind,
    r.title,
    r.bundleId,
    r.measureNo,
    r.appealCategory,
    r.board,
    r.boardName,
    r.module,
    r.station,
    r.leadDepartments,
    r.department,
    r.routedBy,
    r.catalogVersion,
    r.workingDays,
    r.countsFrom,
    r.dueDate,
    r.calendarCertain,
    r.kioskDueDate,
    r.status,
    r.statusAt,
    r.closedAt,
    r.createdAt,
    r.receivedAt,
    r.uscc,
    r.enterpriseName,
    r.verified,
    r.contactPhone,
    r.contactName,
    r.appealText,
  ];
}

export async function insertRequest(sql: Sql, r: NewRequest): Promise<void> {
  await sql.query(
    `INSERT INTO requests (${REQUEST_COLUMNS.map(([c]) => c).join(', ')})
     VALUES (${REQUEST_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
    requestValues(r),
  );
}

/** One line of the queue (no personal data: the console asks for the phone separately). */
export interface RequestListItem {
  id: string;
  ticket: string;
  kioskId: string;
  kind: RequestKind;
  title: string;
  status: BackOfficeRequestStatus;
  statusAt: string;
  board: BoardId;
  boardName: string;
  department: string;
  leadDepartments: string[];
  routedBy: 'catalog' | 'kiosk';
  dueDate: string;
  kioskDueDate: string | null;
  calendarCertain: boolean;
  createdAt: string;
  receivedAt: string;
  closedAt: string | null;
  enterpriseName: string | null;
}

interface ListRow {
  id: string;
  ticket: string;
  kiosk_id: string;
  kind: RequestKind;
  title: string;
  status: BackOfficeRequestStatus;
  status_at: Date;
  board: BoardId;
  board_name: string;
  department: string;
  lead_departments: string[];
  routed_by: 'catalog' | 'kiosk';
  due_date: string;
  kiosk_due_date: string | null;
  calendar_certain: boolean;
  created_at: Date;
  received_at: Date;
  closed_at: Date | null;
  enterprise_name: string | null;
}

const LIST_COLUMNS = `id, ticket, kiosk_id, kind, title, status, status_at, board, board_name,
  department, lead_departments, routed_by, due_date::text AS due_date,
  kiosk_due_date::text AS kiosk_due_date, calendar_certain, created_at, received_at, closed_at,
  enterprise_name`;

const listItem = (r: ListRow): RequestListItem => ({
  id: r.id,
  ticket: r.ticket,
  kioskId: r.kiosk_id,
  kind: r.kind,
  title: r.title,
  status: r.status,
  statusAt: iso(r.status_at),
  board: r.board,
  boardName: r.board_name,
  department: r.department,
  leadDepartments: r.lead_departments,
  routedBy: r.routed_by,
  dueDate: r.due_date,
  kioskDueDate: r.kiosk_due_date,
  calendarCertain: r.calendar_certain,
  createdAt: iso(r.created_at),
  receivedAt: iso(r.received_at),
  closedAt: isoOrNull(r.closed_at),
  enterpriseName: r.enterprise_name,
});

export interface RequestFilter {
  status?: BackOfficeRequestStatus | 'open' | 'closed';
  board?: BoardId;
  /** Any of the request's lead departments. */
  department?: string;
  kioskId?: string;
  ticket?: string;
  limit?: number;
}

/** The queue: by promised date, then arrival. */
export async function listRequests(sql: Sql, f: RequestFilter = {}): Promise<RequestListItem[]> {
  const status = f.status === 'open' || f.status === 'closed' ? null : (f.status ?? null);
  const scope = f.status === 'open' ? 'open' : f.status === 'closed' ? 'closed' : null;
  const r = await sql.query<ListRow>(
    `SELECT ${LIST_COLUMNS} FROM requests
     WHERE ($1::text IS NULL OR status = $1)
       AND ($2::text IS NULL OR ($2 = 'open') = (closed_at IS NULL))
       AND ($3::text IS NULL OR board = $3)
       AND ($4::text IS NULL OR $4 = ANY (lead_departments))
       AND ($5::text IS NULL OR kiosk_id = $5)
       AND ($6::text IS NULL OR ticket = $6)
     ORDER BY due_date, received_at, id
     LIMIT $7`,
    [
      status,
      scope,
      f.board ?? null,
      f.department ?? null,
      f.kioskId ?? null,
      f.ticket ?? null,
      f.limit ?? 200,
    ],
  );
  return r.rows.map(listItem);
}

/** Locks the request's row for a status change (the second of two concurrent changes waits). */
export async function lockRequest(
  sql: Sql,
  by: { id: string } | { ticket: string },
): Promise<RequestListItem[]> {
  const r = await sql.query<ListRow>(
    `SELECT ${LIST_COLUMNS} FROM requests WHERE ${'id' in by ? 'id = $1' : 'ticket = $1'} FOR UPDATE`,
    ['id' in by ? by.id : by.ticket],
  );
  return r.rows.map(listItem);
}

export async function setRequestStatus(
  sql: Sql,
  id: string,
  status: BackOfficeRequestStatus,
  at: string,
  closed: boolean,
): Promise<void> {
  await sql.query(
    `UPDATE requests SET status = $2, status_at = $3,
       closed_at = CASE WHEN $4 THEN coalesce(closed_at, $3::timestamptz) ELSE NULL END
     WHERE id = $1`,
    [id, status, at, closed],
  );
}

export interface CancelRecord {
  requestId: string;
  submissionId: string;
  ticket: string;
  cancelledAt: string;
  cancelledBy: string;
  reason: string;
}

/** False when a cancel of this request was already stored. */
export async function insertCancel(sql: Sql, c: CancelRecord): Promise<boolean> {
  const r = await sql.query(
    `INSERT INTO request_cancels (request_id, submission_id, ticket, cancelled_at, cancelled_by, reason)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (request_id) DO NOTHING`,
    [c.requestId, c.submissionId, c.ticket, c.cancelledAt, c.cancelledBy, c.reason],
  );
  return r.rowCount === 1;
}

export async function cancelOf(sql: Sql, requestId: string): Promise<CancelRecord | null> {
  const r = await sql.query<{
    request_id: string;
    submission_id: string;
    ticket: string;
    cancelled_at: Date;
    cancelled_by: string;
    reason: string;
  }>('SELECT * FROM request_cancels WHERE request_id = $1', [requestId]);
  const row = r.rows[0];
  return row
    ? {
        requestId: row.request_id,
        submissionId: row.submission_id,
        ticket: row.ticket,
        cancelledAt: iso(row.cancelled_at),
        cancelledBy: row.cancelled_by,
        reason: row.reason,
      }
    : null;
}

/** Closed requests whose personal data is due to go (oldest first). */
export async function personalDataDue(
  sql: Sql,
  closedBefore: string,
  limit: number,
): Promise<string[]> {
  const r = await sql.query<{ id: string }>(
    `SELECT id FROM requests WHERE personal_purged_at IS NULL AND closed_at < $1
     ORDER BY closed_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [closedBefore, limit],
  );
  return r.rows.map((x) => x.id);
}

export async function markPersonalPurged(sql: Sql, ids: string[], at: string): Promise<void> {
  await sql.query(
    `UPDATE requests SET contact_phone = NULL, contact_name = NULL, appeal_text = NULL,
       personal_purged_at = $2 WHERE id = ANY ($1::uuid[])`,
    [ids, at],
  );
}
