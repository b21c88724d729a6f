// SQL for requests and their timelines (migration 004). Changes run inside `db.write(tx => …)`,
// queries in `db.read`. Nothing here decides who may see what: request-views.ts does.
import type { BoardId } from '../../domain/catalog';
import type { Audience } from '../../domain/enterprise';
import type {
  FeedbackPromiseView,
  RequestKind,
  RequestStatus,
  RoutingView,
  ServiceLine,
  TimelineEntry,
  TimelineSource,
  TimelineStatus,
} from '../../domain/request';
import type { AppealCategoryId } from '../../domain/voice';
import { all, one, run, scalar, type Db } from '../storage/sql';

export interface StoredRouting extends RoutingView {
  station: string | null;
}

/** A 诉求's own fields (kind `appeal`, migration 009); `text` is purged with the contact data. */
export interface StoredAppeal {
  category: AppealCategoryId;
  topic: string | null;
  text: string | null;
}

/** A request as stored. Personal fields are null once purged (`personalPurgedAt`). */
export interface RequestRecord {
  id: string;
  ticket: string;
  /** The issuing day (the center's local date) and the day's sequence number. */
  ticketDate: string;
  ticketSeq: number;
  createdAt: string;
  kind: RequestKind;
  bundleId: string | null;
  measureNo: number | null;
  title: string;
  routing: StoredRouting;
  services: ServiceLine[];
  answers: Record<string, boolean>;
  audience: Audience;
  verified: boolean;
  founder: boolean;
  uscc: string | null;
  enterpriseName: string | null;
  contactPhone: string | null;
  contactName: string | null;
  assistedBy: string | null;
  promise: FeedbackPromiseView;
  status: RequestStatus;
  statusAt: string;
  closedAt: string | null;
  sentAt: string | null;
  personalPurgedAt: string | null;
  /** Set for kind `appeal` only. */
  appeal: StoredAppeal | null;
  /**
   * The fingerprint of what was submitted under this id (migration 013): the same submission
   * again gets this ticket back. Cleared with the personal fields (it is a hash of them).
   */
  submitHash: string | null;
  /** The receipt's tracking code (6 digits); null for requests made before it existed. */
  trackCode: string | null;
}

/** A row of `requests` as SQL gives it; `requestFromRow` is the one way to read it. */
export interface RequestRow {
  id: string;
  ticket: string;
  ticket_date: string;
  ticket_seq: number;
  created_at: string;
  kind: string;
  bundle_id: string | null;
  measure_no: number | null;
  title: string;
  board: string;
  routing: string;
  services: string;
  answers: string;
  audience: string;
  verified: number;
  founder: number;
  uscc: string | null;
  enterprise_name: string | null;
  contact_phone: string | null;
  contact_name: string | null;
  assisted_by: string | null;
  promise: string;
  due_date: string;
  status: string;
  status_at: string;
  closed_at: string | null;
  sent_at: string | null;
  personal_purged_at: string | null;
  appeal_category: string | null;
  appeal_topic: string | null;
  appeal_text: string | null;
  submit_hash: string | null;
  track_code: string | null;
}

/** The one read shape of the `requests` table: every module that reads requests maps rows here. */
export function requestFromRow(r: RequestRow): RequestRecord {
  const routing = JSON.parse(r.routing) as Partial<StoredRouting>;
  return {
    id: r.id,
    ticket: r.ticket,
    ticketDate: r.ticket_date,
    ticketSeq: r.ticket_seq,
    createdAt: r.created_at,
    kind: r.kind as RequestKind,
    bundleId: r.bundle_id,
    measureNo: r.measure_no,
    title: r.title,
    // The board column is the routing's board; rows written by hand (tests, tools) may carry less.
    routing: {
      module: null,
      station: null,
      ...routing,
      board: routing.board ?? (r.board as BoardId),
      boardName: routing.boardName ?? r.board,
      leadDepartments: routing.leadDepartments ?? [],
    },
    services: JSON.parse(r.services) as ServiceLine[],
    answers: JSON.parse(r.answers) as Record<string, boolean>,
    audience: r.audience as Audience,
    verified: r.verified === 1,
    founder: r.founder === 1,
    uscc: r.uscc,
    enterpriseName: r.enterprise_name,
    contactPhone: r.contact_phone,
    contactName: r.contact_name,
    assistedBy: r.assisted_by,
    promise: JSON.parse(r.promise) as FeedbackPromiseView,
    status: r.status as RequestStatus,
    statusAt: r.status_at,
    closedAt: r.closed_at,
    sentAt: r.sent_at,
    personalPurgedAt: r.personal_purged_at,
    appeal:
      r.appeal_category === null
        ? null
        : {
            category: r.appeal_category as AppealCategoryId,
            topic: r.appeal_topic,
            text: r.appeal_text,
          },
    submitHash: r.submit_hash,
    trackCode: r.track_code,
  };
}

/** The next sequence number of a day's tickets (1 for the first). Call inside the write. */
export function nextTicketSeq(tx: Db, ticketDate: string): number {
  const max = scalar<number>(tx, 'SELECT MAX(ticket_seq) FROM requests WHERE ticket_date = ?', [
    ticketDate,
  ]);
  return (max ?? 0) + 1;
}

export function insertRequest(tx: Db, r: RequestRecord): void {
  run(
    tx,
    `INSERT INTO requests (id, ticket, ticket_date, ticket_seq, created_at, kind, bundle_id,
       measure_no, title, board, routing, services, answers, audience, verified, founder, uscc,
       enterprise_name, contact_phone, contact_name, assisted_by, promise, due_date, status,
       status_at, closed_at, sent_at, personal_purged_at, appeal_category, appeal_topic,
       appeal_text, submit_hash, track_code)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
       ?, ?, ?, ?, ?)`,
    [
      r.id,
      r.ticket,
      r.ticketDate,
      r.ticketSeq,
      r.createdAt,
      r.kind,
      r.bundleId,
      r.measureNo,
      r.title,
      r.routing.board,
      JSON.stringify(r.routing),
      JSON.stringify(r.services),
      JSON.stringify(r.answers),
      r.audience,
      r.verified ? 1 : 0,
      r.founder ? 1 : 0,
      r.uscc,
      r.enterpriseName,
      r.contactPhone,
      r.contactName,
      r.assistedBy,
      JSON.stringify(r.promise),
      r.promise.dueDate,
      r.status,
      r.statusAt,
      r.closedAt,
      r.sentAt,
      r.personalPurgedAt,
      r.appeal?.category ?? null,
      r.appeal?.topic ?? null,
      r.appeal?.text ?? null,
      r.submitHash,
      r.trackCode,
    ],
  );
}

export function getRequest(db: Db, id: string): RequestRecord | undefined {
  const r = one<RequestRow>(db, 'SELECT * FROM requests WHERE id = ?', [id]);
  return r && requestFromRow(r);
}

export function getRequestByTicket(db: Db, ticket: string): RequestRecord | undefined {
  const r = one<RequestRow>(db, 'SELECT * FROM requests WHERE ticket = ?', [ticket]);
  return r && requestFromRow(r);
}

export interface ListFilter {
  /** created_at ≥ this (ISO 8601). */
  since?: string;
  /** created_at < this (ISO 8601). */
  before?: string;
  uscc?: string;
  board?: BoardId;
  status?: RequestStatus;
  kind?: RequestKind;
  limit?: number;
}

/** Newest first. */
export function listRequests(db: Db, f: ListFilter = {}): RequestRecord[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.since !== undefined) {
    where.push('created_at >= ?');
    params.push(f.since);
  }
  if (f.before !== undefined) {
    where.push('created_at < ?');
    params.push(f.before);
  }
  if (f.uscc !== undefined) {
    where.push('uscc = ?');
    params.push(f.uscc);
  }
  if (f.board !== undefined) {
    where.push('board = ?');
    params.push(f.board);
  }
  if (f.status !== undefined) {
    where.push('status = ?');
    params.push(f.status);
  }
  if (f.kind !== undefined) {
    where.push('kind = ?');
    params.push(f.kind);
  }
  params.push(f.limit ?? 1000);
  return all<RequestRow>(
    db,
    `SELECT * FROM requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_at DESC, ticket DESC LIMIT ?`,
    params,
  ).map(requestFromRow);
}

export function countRequests(db: Db): number {
  return scalar<number>(db, 'SELECT COUNT(*) FROM requests') ?? 0;
}

export interface NewEvent {
  requestId: string;
  at: string;
  status: TimelineStatus;
  note: string | null;
  verdict: string | null;
  source: TimelineSource;
  staffId: string | null;
  /** The back office's change id: a change already recorded is not recorded twice. */
  changeId: string | null;
}

/** Appends a timeline entry and returns its sequence number; null when its change id was recorded before. */
export function appendEvent(tx: Db, e: NewEvent): number | null {
  if (
    e.changeId !== null &&
    scalar(tx, 'SELECT 1 FROM request_events WHERE change_id = ?', [e.changeId]) !== undefined
  )
    return null;
  run(
    tx,
    `INSERT INTO request_events (request_id, at, status, note, verdict, source, staff_id, change_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [e.requestId, e.at, e.status, e.note, e.verdict, e.source, e.staffId, e.changeId],
  );
  return scalar<number>(tx, 'SELECT last_insert_rowid()') ?? null;
}

export function setStatus(
  tx: Db,
  id: string,
  s: { status: RequestStatus; at: string; closedAt: string | null },
): void {
  run(tx, 'UPDATE requests SET status = ?, status_at = ?, closed_at = ? WHERE id = ?', [
    s.status,
    s.at,
    s.closedAt,
    id,
  ]);
}

export function timelineOf(db: Db, requestId: string): TimelineEntry[] {
  return all<{
    at: string;
    status: string;
    note: string | null;
    verdict: string | null;
    source: string;
  }>(
    db,
    'SELECT at, status, note, verdict, source FROM request_events WHERE request_id = ? ORDER BY seq',
    [requestId],
  ).map((r) => ({
    status: r.status as TimelineStatus,
    at: r.at,
    note: r.note,
    verdict: r.verdict,
    source: r.source as TimelineSource,
  }));
}

/** The back office acknowledged the submission. */
export function markSent(tx: Db, id: string, at: string): boolean {
  return run(tx, 'UPDATE requests SET sent_at = ? WHERE id = ? AND sent_at IS NULL', [at, id]) > 0;
}

/** Requests closed before `closedBefore` whose personal fields are still stored. */
export function personalDataDue(db: Db, closedBefore: string): { id: string; ticket: string }[] {
  return all<{ id: string; ticket: string }>(
    db,
    `SELECT id, ticket FROM requests WHERE closed_at IS NOT NULL AND closed_at < ?
       AND personal_purged_at IS NULL`,
    [closedBefore],
  );
}

/**
 * Sets the personal fields and free text of the given requests to NULL: contact, a 诉求's typed
 * text, the submission fingerprint, and every note of their timelines (staff's and the back
 * office's words about the case, which may name people or numbers).
 */
export function purgePersonalData(tx: Db, ids: readonly string[], at: string): number {
  let n = 0;
  for (const id of ids) {
    n += run(
      tx,
      `UPDATE requests SET contact_phone = NULL, contact_name = NULL, appeal_text = NULL,
         submit_hash = NULL, personal_purged_at = ?
       WHERE id = ? AND personal_purged_at IS NULL`,
      [at, id],
    );
    run(tx, 'UPDATE request_events SET note = NULL WHERE request_id = ? AND note IS NOT NULL', [
      id,
    ]);
  }
  return n;
}

/** The sequence number of a request's newest timeline entry (call inside the write that added it). */
export function latestEventSeq(tx: Db, requestId: string): number | null {
  return (
    scalar<number>(tx, 'SELECT MAX(seq) FROM request_events WHERE request_id = ?', [requestId]) ??
    null
  );
}

/** A timeline note by its sequence number (what the audit log refers to), if still kept. */
export function eventNote(db: Db, seq: number): string | null {
  return scalar<string>(db, 'SELECT note FROM request_events WHERE seq = ?', [seq]) ?? null;
}

/** Whether the database has the requests table (an older one read by kioskctl may not). */
export function hasRequests(db: Db): boolean {
  return (
    scalar(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'requests'") !==
    undefined
  );
}
