// SQL for the request archive (migration 015): choosing what is due, copying a request and its
// timeline between the hot database and an archive file (both have the kiosk's schema), the hot
// database's stand-in rows (archived_requests) and its record of the files (archive_files).
import type { RequestKind, RequestStatus } from '../../domain/request';
import type { FeedbackPromiseView } from '../../domain/request';
import { all, one, run, scalar, type Db, type Row } from '../storage/sql';

/** Whether the database has the archive's tables (one read by an older kioskctl may not). */
export function hasArchiveTables(db: Db): boolean {
  return (
    scalar(
      db,
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'archived_requests'",
    ) !== undefined
  );
}

/** The month after `month` (YYYY-MM), always a well-formed one. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  // Date.UTC counts month 12 (and any beyond) into the next year.
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
}

/** The month (UTC) of the oldest request closed before `closedBefore`; null when there is none. */
export function oldestClosedMonth(db: Db, closedBefore: string): string | null {
  return (
    scalar<string>(db, 'SELECT substr(MIN(closed_at), 1, 7) FROM requests WHERE closed_at < ?', [
      closedBefore,
    ]) ?? null
  );
}

/**
 * Requests due for the archive among those closed in `month` (UTC), in order of closing: closed
 * (completed, returned, cancelled) before `closedBefore`, their personal data already purged (the
 * archive never holds any), and no 回访 still open about them.
 */
export function archiveDue(db: Db, closedBefore: string, month: string): string[] {
  // Closing instants are ISO strings: a month's are those from its first day to the next's. One
  // upper bound only: given two, SQLite may scan the index up to the later one. `+r.status`: by the
  // month's range of closing, not by status (which would read every closed request each month).
  const next = nextMonth(month);
  const before = closedBefore < next ? closedBefore : next;
  return all<{ id: string }>(
    db,
    `SELECT r.id FROM requests r
     WHERE r.closed_at >= ? AND r.closed_at < ?
       AND +r.status IN ('completed', 'returned', 'cancelled')
       AND r.personal_purged_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.request_id = r.id AND f.state = 'open')
     ORDER BY r.closed_at`,
    [month, before],
  ).map((r) => r.id);
}

/** A request's row and its timeline's rows, column for column. */
export interface RequestRows {
  request: Row;
  events: Row[];
}

/** The rows of the given requests (those that exist), in the order of `ids`. */
export function requestRows(db: Db, ids: readonly string[]): RequestRows[] {
  const list = JSON.stringify(ids);
  const requests = all(db, 'SELECT * FROM requests WHERE id IN (SELECT value FROM json_each(?))', [
    list,
  ]);
  const events = all(
    db,
    `SELECT * FROM request_events WHERE request_id IN (SELECT value FROM json_each(?))
     ORDER BY seq`,
    [list],
  );
  const byId = new Map<string, RequestRows>();
  for (const r of requests) byId.set(String(r.id), { request: r, events: [] });
  for (const e of events) byId.get(String(e.request_id))?.events.push(e);
  return ids.flatMap((id) => byId.get(id) ?? []);
}

function insertRow(tx: Db, table: string, row: Row): void {
  const cols = Object.keys(row);
  run(
    tx,
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    cols.map((c) => row[c] ?? null),
  );
}

/** Copies requests and their timelines into an archive database (replacing any earlier copy). */
export function putRequestRows(tx: Db, rows: readonly RequestRows[]): void {
  deleteRequestRows(
    tx,
    rows.map((r) => String(r.request.id)),
  );
  for (const r of rows) {
    insertRow(tx, 'requests', r.request);
    for (const e of r.events) insertRow(tx, 'request_events', e);
  }
}

/** Deletes requests and their timelines from an archive database; returns how many requests. */
export function deleteRequestRows(tx: Db, ids: readonly string[]): number {
  const list = JSON.stringify(ids);
  run(tx, 'DELETE FROM request_events WHERE request_id IN (SELECT value FROM json_each(?))', [
    list,
  ]);
  return run(tx, 'DELETE FROM requests WHERE id IN (SELECT value FROM json_each(?))', [list]);
}

export function countRequestRows(db: Db): number {
  return scalar<number>(db, 'SELECT COUNT(*) FROM requests') ?? 0;
}

// ---- the hot database's side ---------------------------------------------------------------------

export interface ArchiveFileRow {
  month: string;
  file: string;
  bytes: number;
  crc: number;
  requests: number;
  writtenAt: string;
}

const FILE_COLUMNS = 'month, file, bytes, crc, requests, written_at AS writtenAt';

export function archiveFiles(db: Db): ArchiveFileRow[] {
  return all<ArchiveFileRow>(db, `SELECT ${FILE_COLUMNS} FROM archive_files ORDER BY month`);
}

export function archiveFileOf(db: Db, month: string): ArchiveFileRow | undefined {
  return one<ArchiveFileRow>(db, `SELECT ${FILE_COLUMNS} FROM archive_files WHERE month = ?`, [
    month,
  ]);
}

/**
 * The switch: the hot database's stand-in rows for `ids` are written first (so the summaries'
 * DELETE triggers leave the sums alone), then the requests and their timelines are deleted, and
 * the month's file is named, all in the caller's one transaction. Returns how many moved.
 */
export function moveToArchive(
  tx: Db,
  ids: readonly string[],
  file: Omit<ArchiveFileRow, 'requests'>,
): number {
  const list = JSON.stringify(ids);
  run(
    tx,
    `INSERT INTO archived_requests (id, ticket, kind, title, created_at, status, status_at,
       closed_at, promise, service_count, month, archived_at)
     SELECT id, ticket, kind, title, created_at, status, status_at, closed_at, promise,
       json_array_length(services), ?, ?
     FROM requests WHERE id IN (SELECT value FROM json_each(?))`,
    [file.month, file.writtenAt, list],
  );
  const moved = deleteRequestRows(tx, ids);
  nameArchiveFile(tx, file);
  return moved;
}

/** Names the month's file now (with its count of stand-in rows), or forgets it when it has none. */
export function nameArchiveFile(tx: Db, file: Omit<ArchiveFileRow, 'requests'>): void {
  const n =
    scalar<number>(tx, 'SELECT COUNT(*) FROM archived_requests WHERE month = ?', [file.month]) ?? 0;
  if (n === 0) {
    run(tx, 'DELETE FROM archive_files WHERE month = ?', [file.month]);
    return;
  }
  run(
    tx,
    `INSERT INTO archive_files (month, file, bytes, crc, requests, written_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (month) DO UPDATE SET file = excluded.file, bytes = excluded.bytes,
       crc = excluded.crc, requests = excluded.requests, written_at = excluded.written_at`,
    [file.month, file.file, file.bytes, file.crc, n, file.writtenAt],
  );
}

/** Archived requests closed before `closedBefore` (past the archive's retention), by month. */
export function archiveExpired(db: Db, closedBefore: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of all<{ id: string; month: string }>(
    db,
    'SELECT id, month FROM archived_requests WHERE closed_at < ? ORDER BY closed_at',
    [closedBefore],
  )) {
    const ids = out.get(r.month) ?? [];
    ids.push(r.id);
    out.set(r.month, ids);
  }
  return out;
}

export function deleteArchivedStandIns(tx: Db, ids: readonly string[]): number {
  return run(tx, 'DELETE FROM archived_requests WHERE id IN (SELECT value FROM json_each(?))', [
    JSON.stringify(ids),
  ]);
}

/** The ids of a month's archived requests as the hot database knows them. */
export function archivedIdsOf(db: Db, month: string): string[] {
  return all<{ id: string }>(db, 'SELECT id FROM archived_requests WHERE month = ?', [month]).map(
    (r) => r.id,
  );
}

/** The hot database's stand-in for an archived request. */
export interface ArchivedRequest {
  id: string;
  ticket: string;
  kind: RequestKind;
  title: string;
  createdAt: string;
  status: RequestStatus;
  statusAt: string;
  closedAt: string;
  promise: FeedbackPromiseView;
  serviceCount: number;
  month: string;
  archivedAt: string;
}

interface ArchivedRow {
  id: string;
  ticket: string;
  kind: string;
  title: string;
  created_at: string;
  status: string;
  status_at: string;
  closed_at: string;
  promise: string;
  service_count: number;
  month: string;
  archived_at: string;
}

const archivedOf = (r: ArchivedRow): ArchivedRequest => ({
  id: r.id,
  ticket: r.ticket,
  kind: r.kind as RequestKind,
  title: r.title,
  createdAt: r.created_at,
  status: r.status as RequestStatus,
  statusAt: r.status_at,
  closedAt: r.closed_at,
  promise: JSON.parse(r.promise) as FeedbackPromiseView,
  serviceCount: r.service_count,
  month: r.month,
  archivedAt: r.archived_at,
});

export function archivedByTicket(db: Db, ticket: string): ArchivedRequest | undefined {
  const r = one<ArchivedRow>(db, 'SELECT * FROM archived_requests WHERE ticket = ?', [ticket]);
  return r ? archivedOf(r) : undefined;
}

/** Archived requests, newest first, optionally created since an instant. */
export function listArchived(db: Db, f: { since?: string; limit: number }): ArchivedRequest[] {
  return all<ArchivedRow>(
    db,
    `SELECT * FROM archived_requests ${f.since ? 'WHERE created_at >= :since' : ''}
     ORDER BY created_at DESC LIMIT :limit`,
    { ':limit': f.limit, ...(f.since ? { ':since': f.since } : {}) },
  ).map(archivedOf);
}

export function countArchived(db: Db): number {
  return scalar<number>(db, 'SELECT COUNT(*) FROM archived_requests') ?? 0;
}
