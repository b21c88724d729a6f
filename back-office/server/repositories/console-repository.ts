// What the department console reads and writes besides the request's status: its queue (a page
// by promised date, filtered, with keyset paging), one request in full, the phone-number audit,
// 督办 marks, 回访 tasks, and the department's reroutes.
import type { BoardId } from '../../../electron/domain/catalog';
import type { RequestKind } from '../../../electron/domain/request';
import { iso, isoOrNull, type Sql } from '../db/database';
import type {
  BackOfficeRequestStatus,
  DueCounts,
  FollowUp,
  PhoneReveal,
  QueueItem,
  SupervisedItem,
  SupervisionMark,
} from '../console-api/types';

// Declared with the console API's shapes, which the console shares.
export type { FollowUp, PhoneReveal, QueueItem, SupervisionMark } from '../console-api/types';

export interface QueueFilter {
  /** Only this department's requests (a handler's own queue, or a filter). */
  department?: string;
  board?: BoardId;
  /** 'open' (default), 'closed', 'all' or one status. */
  status?: BackOfficeRequestStatus | 'open' | 'closed' | 'all';
  kioskId?: string;
  town?: string;
  due?: 'overdue' | 'today';
  /** The center's local date the due filters count from. */
  today: string;
  /** Keyset paging: the last row of the previous page. */
  after?: { dueDate: string; receivedAt: string; id: string };
  limit: number;
}

interface QueueRow {
  id: string;
  ticket: string;
  kind: RequestKind;
  title: string;
  bundle_id: string | null;
  appeal_category: string | null;
  kiosk_id: string;
  kiosk_name: string | null;
  town: string | null;
  board: BoardId;
  board_name: string;
  department: string;
  status: BackOfficeRequestStatus;
  created_at: Date;
  received_at: Date;
  due_date: string;
  closed_at: Date | null;
  version: number;
}

const QUEUE_COLUMNS = `r.id, r.ticket, r.kind, r.title, r.bundle_id, r.appeal_category, r.kiosk_id,
  k.name AS kiosk_name, k.town, r.board, r.board_name, r.department, r.status, r.created_at,
  r.received_at, r.due_date::text AS due_date, r.closed_at, r.version`;

const queueItem = (r: QueueRow): QueueItem => ({
  id: r.id,
  ticket: r.ticket,
  kind: r.kind,
  title: r.title,
  bundleId: r.bundle_id,
  appealCategory: r.appeal_category,
  kioskId: r.kiosk_id,
  kioskName: r.kiosk_name,
  town: r.town,
  board: r.board,
  boardName: r.board_name,
  department: r.department,
  status: r.status,
  createdAt: iso(r.created_at),
  receivedAt: iso(r.received_at),
  dueDate: r.due_date,
  closedAt: isoOrNull(r.closed_at),
  version: r.version,
});

/**
 * The conditions as plain SQL with parameters (no `$1 IS NULL OR …`), so PostgreSQL plans each
 * filter combination with the index that fits it.
 */
function where(f: Omit<QueueFilter, 'after' | 'limit'>, params: unknown[]): string[] {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const c: string[] = [];
  const status = f.status ?? 'open';
  if (status === 'open') c.push('r.closed_at IS NULL');
  else if (status === 'closed') c.push('r.closed_at IS NOT NULL');
  else if (status !== 'all') c.push(`r.status = ${p(status)}`);
  if (f.department !== undefined) c.push(`r.department = ${p(f.department)}`);
  if (f.board !== undefined) c.push(`r.board = ${p(f.board)}`);
  if (f.kioskId !== undefined) c.push(`r.kiosk_id = ${p(f.kioskId)}`);
  if (f.town !== undefined)
    c.push(`r.kiosk_id IN (SELECT kiosk_id FROM kiosks WHERE town = ${p(f.town)})`);
  if (f.due === 'overdue') c.push(`r.closed_at IS NULL AND r.due_date < ${p(f.today)}::date`);
  if (f.due === 'today') c.push(`r.closed_at IS NULL AND r.due_date = ${p(f.today)}::date`);
  return c;
}

/** One page of the queue, by promised date then arrival; `more` when another page follows. */
export async function queuePage(
  sql: Sql,
  f: QueueFilter,
): Promise<{ items: QueueItem[]; more: boolean }> {
  const params: unknown[] = [];
  const c = where(f, params);
  if (f.after) {
    params.push(f.after.dueDate, f.after.receivedAt, f.after.id);
    const n = params.length;
    c.push(
      `(r.due_date, r.received_at, r.id) > ($${n - 2}::date, $${n - 1}::timestamptz, $${n}::uuid)`,
    );
  }
  params.push(f.limit + 1);
  const r = await sql.query<QueueRow>(
    `SELECT ${QUEUE_COLUMNS} FROM requests r JOIN kiosks k ON k.kiosk_id = r.kiosk_id
     ${c.length ? `WHERE ${c.join(' AND ')}` : ''}
     ORDER BY r.due_date, r.received_at, r.id LIMIT $${params.length}`,
    params,
  );
  return { items: r.rows.slice(0, f.limit).map(queueItem), more: r.rows.length > f.limit };
}

/** Open requests past their promised date and due today (in a department, or all). */
export async function dueCounts(sql: Sql, today: string, department?: string): Promise<DueCounts> {
  const params: unknown[] = [today];
  let dept = '';
  if (department !== undefined) {
    params.push(department);
    dept = 'AND department = $2';
  }
  const r = await sql.query<{ overdue: number; today: number }>(
    `SELECT count(*) FILTER (WHERE due_date < $1::date)::int AS overdue,
            count(*) FILTER (WHERE due_date = $1::date)::int AS today
     FROM requests WHERE closed_at IS NULL AND due_date <= $1::date ${dept}`,
    params,
  );
  return r.rows[0] ?? { overdue: 0, today: 0 };
}

export interface RequestDetailRow extends QueueItem {
  leadDepartments: string[];
  module: string | null;
  station: string | null;
  workingDays: number;
  countsFrom: string;
  uscc: string | null;
  enterpriseName: string | null;
  verified: boolean;
  contactPhone: string | null;
  contactName: string | null;
  appealText: string | null;
  personalPurgedAt: string | null;
  statusAt: string;
  body: Record<string, unknown>;
}

export async function requestDetail(
  sql: Sql,
  id: string,
  lock = false,
): Promise<RequestDetailRow | null> {
  const r = await sql.query<
    QueueRow & {
      lead_departments: string[];
      module: string | null;
      station: string | null;
      working_days: number;
      counts_from: string;
      uscc: string | null;
      enterprise_name: string | null;
      verified: boolean;
      contact_phone: string | null;
      contact_name: string | null;
      appeal_text: string | null;
      personal_purged_at: Date | null;
      status_at: Date;
      body: Record<string, unknown>;
    }
  >(
    `SELECT ${QUEUE_COLUMNS}, r.lead_departments, r.module, r.station, r.working_days,
       r.counts_from::text AS counts_from, r.uscc, r.enterprise_name, r.verified, r.contact_phone,
       r.contact_name, r.appeal_text, r.personal_purged_at, r.status_at, s.body
     FROM requests r JOIN kiosks k ON k.kiosk_id = r.kiosk_id JOIN submissions s ON s.id = r.id
     WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    ...queueItem(row),
    leadDepartments: row.lead_departments,
    module: row.module,
    station: row.station,
    workingDays: row.working_days,
    countsFrom: row.counts_from,
    uscc: row.uscc,
    enterpriseName: row.enterprise_name,
    verified: row.verified,
    contactPhone: row.contact_phone,
    contactName: row.contact_name,
    appealText: row.appeal_text,
    personalPurgedAt: isoOrNull(row.personal_purged_at),
    statusAt: iso(row.status_at),
    body: row.body,
  };
}

/** 转办: the request moves to another department's queue. */
export async function setDepartment(sql: Sql, id: string, department: string): Promise<void> {
  await sql.query('UPDATE requests SET department = $2 WHERE id = $1', [id, department]);
}

// ---- the phone-number audit ----------------------------------------------------------------

export async function recordPhoneReveal(sql: Sql, r: PhoneReveal): Promise<void> {
  await sql.query(
    'INSERT INTO phone_reveals (at, username, request_id, ticket) VALUES ($1, $2, $3, $4)',
    [r.at, r.username, r.requestId, r.ticket],
  );
}

export async function phoneReveals(
  sql: Sql,
  f: { requestId?: string; limit: number },
): Promise<PhoneReveal[]> {
  const r = await sql.query<{ at: Date; username: string; request_id: string; ticket: string }>(
    `SELECT at, username, request_id, ticket FROM phone_reveals
     ${f.requestId ? 'WHERE request_id = $2' : ''} ORDER BY id DESC LIMIT $1`,
    f.requestId ? [f.limit, f.requestId] : [f.limit],
  );
  return r.rows.map((x) => ({
    at: iso(x.at),
    username: x.username,
    requestId: x.request_id,
    ticket: x.ticket,
  }));
}

// ---- 督办 ------------------------------------------------------------------------------------

export async function insertSupervision(sql: Sql, s: SupervisionMark): Promise<void> {
  await sql.query(
    'INSERT INTO supervisions (request_id, at, username, note) VALUES ($1, $2, $3, $4)',
    [s.requestId, s.at, s.username, s.note],
  );
}

export async function supervisionsOf(sql: Sql, requestId: string): Promise<SupervisionMark[]> {
  const r = await sql.query<{ request_id: string; at: Date; username: string; note: string }>(
    'SELECT request_id, at, username, note FROM supervisions WHERE request_id = $1 ORDER BY id',
    [requestId],
  );
  return r.rows.map((x) => ({
    requestId: x.request_id,
    at: iso(x.at),
    username: x.username,
    note: x.note,
  }));
}

/** Open requests under 督办, with their latest mark, by promised date. */
export async function supervisedOpen(sql: Sql, limit: number): Promise<SupervisedItem[]> {
  const r = await sql.query<QueueRow & { s_at: Date; s_by: string; s_note: string }>(
    `SELECT ${QUEUE_COLUMNS}, s.at AS s_at, s.username AS s_by, s.note AS s_note
     FROM (SELECT DISTINCT ON (request_id) request_id, at, username, note FROM supervisions
           ORDER BY request_id, id DESC) s
     JOIN requests r ON r.id = s.request_id JOIN kiosks k ON k.kiosk_id = r.kiosk_id
     WHERE r.closed_at IS NULL ORDER BY r.due_date, r.received_at LIMIT $1`,
    [limit],
  );
  return r.rows.map((x) => ({
    ...queueItem(x),
    supervisedAt: iso(x.s_at),
    supervisedBy: x.s_by,
    supervisionNote: x.s_note,
  }));
}

// ---- 回访 ------------------------------------------------------------------------------------

/** False when this rating already opened one. */
export async function insertFollowUp(
  sql: Sql,
  f: Omit<FollowUp, 'closedAt' | 'closedBy' | 'outcome' | 'department'>,
): Promise<boolean> {
  const r = await sql.query(
    `INSERT INTO follow_ups (rating_id, request_id, ticket, kiosk_id, level, reasons, opened_at, due_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (rating_id) DO NOTHING`,
    [f.ratingId, f.requestId, f.ticket, f.kioskId, f.level, f.reasons, f.openedAt, f.dueDate],
  );
  return r.rowCount === 1;
}

interface FollowUpRow {
  rating_id: string;
  request_id: string | null;
  ticket: string;
  kiosk_id: string;
  level: string;
  reasons: string[];
  opened_at: Date;
  due_date: string;
  closed_at: Date | null;
  closed_by: string | null;
  outcome: string | null;
  department: string | null;
}

const followUp = (x: FollowUpRow): FollowUp => ({
  ratingId: x.rating_id,
  requestId: x.request_id,
  ticket: x.ticket,
  kioskId: x.kiosk_id,
  level: x.level,
  reasons: x.reasons,
  openedAt: iso(x.opened_at),
  dueDate: x.due_date,
  closedAt: isoOrNull(x.closed_at),
  closedBy: x.closed_by,
  outcome: x.outcome,
  department: x.department,
});

export async function listFollowUps(
  sql: Sql,
  f: { open: boolean; requestId?: string; limit: number },
): Promise<FollowUp[]> {
  const params: unknown[] = [f.limit];
  const c = [f.open ? 'f.closed_at IS NULL' : 'true'];
  if (f.requestId) {
    params.push(f.requestId);
    c.push('f.request_id = $2');
  }
  const r = await sql.query<FollowUpRow>(
    `SELECT f.rating_id, f.request_id, f.ticket, f.kiosk_id, f.level, f.reasons, f.opened_at,
       f.due_date::text AS due_date, f.closed_at, f.closed_by, f.outcome, r.department
     FROM follow_ups f LEFT JOIN requests r ON r.id = f.request_id
     WHERE ${c.join(' AND ')} ORDER BY f.due_date, f.opened_at LIMIT $1`,
    params,
  );
  return r.rows.map(followUp);
}

/** Closes an open 回访; null when there is none open with this id. */
export async function closeFollowUp(
  sql: Sql,
  ratingId: string,
  by: string,
  outcome: string,
  at: string,
): Promise<FollowUp | null> {
  const r = await sql.query<{ rating_id: string }>(
    `UPDATE follow_ups SET closed_at = $4, closed_by = $2, outcome = $3
     WHERE rating_id = $1 AND closed_at IS NULL RETURNING rating_id`,
    [ratingId, by, outcome, at],
  );
  if (r.rowCount !== 1) return null;
  const [f] = await listFollowUpsById(sql, ratingId);
  return f ?? null;
}

async function listFollowUpsById(sql: Sql, ratingId: string): Promise<FollowUp[]> {
  const r = await sql.query<FollowUpRow>(
    `SELECT f.rating_id, f.request_id, f.ticket, f.kiosk_id, f.level, f.reasons, f.opened_at,
       f.due_date::text AS due_date, f.closed_at, f.closed_by, f.outcome, r.department
     FROM follow_ups f LEFT JOIN requests r ON r.id = f.request_id WHERE f.rating_id = $1`,
    [ratingId],
  );
  return r.rows.map(followUp);
}
