// SQL for the outbox, the pulled status changes and the sync bookkeeping (migration 005).
// Every function takes the sql.js handle: inside `db.write(tx => …)` for changes, `db.read` for
// queries. Nothing here sends anything.
import type { DeadLetter, StatusChange, SubmissionKind } from '../../domain/sync';
import { all, one, run, scalar, type Db } from '../storage/sql';

export type OutboxState = 'pending' | 'delivered' | 'dead';

export interface OutboxItem {
  id: string;
  kind: SubmissionKind;
  body: string;
  createdAt: string;
  attempts: number;
}

export class DuplicateEnvelopeError extends Error {
  constructor(id: string) {
    super(`envelope ${id} is already in the outbox`);
    this.name = 'DuplicateEnvelopeError';
  }
}

export function insertEnvelope(
  tx: Db,
  e: { id: string; kind: SubmissionKind; body: string },
  nowIso: string,
  nowMs: number,
): void {
  // One statement: an id already queued inserts nothing (rather than a look-up before every
  // insert), and the caller's transaction is rolled back by the throw. The body goes in as its
  // UTF-8 bytes, stored as TEXT by the CAST: sql.js encodes a bound string in JavaScript, a
  // character at a time, and that cost more than the rest of the insert.
  const inserted = run(
    tx,
    `INSERT INTO outbox (id, kind, body, state, created_at, attempts, next_attempt_at)
     VALUES (?, ?, CAST(? AS TEXT), 'pending', ?, 0, ?) ON CONFLICT (id) DO NOTHING`,
    [e.id, e.kind, Buffer.from(e.body, 'utf8'), nowIso, nowMs],
  );
  if (inserted === 0) throw new DuplicateEnvelopeError(e.id);
}

/** Replaces the body of a dead letter (staff fixed its data); other states are left alone. */
export function reviseDeadBody(tx: Db, id: string, body: string): OutboxState | null {
  const state = stateOf(tx, id);
  if (state === 'dead') run(tx, 'UPDATE outbox SET body = ? WHERE id = ?', [body, id]);
  return state;
}

/** The body of an item not yet delivered (pending or dead); null otherwise. */
export function undeliveredBody(db: Db, id: string): string | null {
  return (
    scalar<string>(db, "SELECT body FROM outbox WHERE id = ? AND state != 'delivered'", [id]) ??
    null
  );
}

/** Replaces the body of an item not yet delivered (retention: its personal data was purged). */
export function replaceUndeliveredBody(tx: Db, id: string, body: string): boolean {
  return (
    run(tx, "UPDATE outbox SET body = ? WHERE id = ? AND state != 'delivered'", [body, id]) > 0
  );
}

export function stateOf(db: Db, id: string): OutboxState | null {
  return (scalar<string>(db, 'SELECT state FROM outbox WHERE id = ?', [id]) ??
    null) as OutboxState | null;
}

type DueRow = {
  id: string;
  kind: SubmissionKind;
  body: string;
  created_at: string;
  attempts: number;
};
const dueItem = (r: DueRow): OutboxItem => ({
  id: r.id,
  kind: r.kind,
  body: r.body,
  createdAt: r.created_at,
  attempts: r.attempts,
});

/**
 * Up to `limit` due items, oldest due first, leaving out those the worker already holds. One
 * statement reads the ids and the bodies (each statement outside a transaction costs sql.js a
 * lock and a look for a hot journal, whatever it reads); the held ids go in as one JSON array,
 * so the query's text is the same for every call and the held items' bodies are never read.
 */
export function dueItems(
  db: Db,
  nowMs: number,
  limit: number,
  exclude: ReadonlySet<string>,
): OutboxItem[] {
  return all<DueRow>(
    db,
    `SELECT id, kind, body, created_at, attempts FROM outbox
     WHERE state = 'pending' AND next_attempt_at <= ?
       AND id NOT IN (SELECT value FROM json_each(?))
     ORDER BY next_attempt_at, rowid LIMIT ?`,
    [nowMs, JSON.stringify([...exclude]), limit],
  ).map(dueItem);
}

/**
 * The back office has these (ids as a JSON array, e.g. `["a","b"]`): one statement for all the
 * items of a call. The bodies are dropped: the feature that enqueued them keeps its own copy.
 * Returns the ids that were still pending (and so are delivered now), in no particular order.
 */
export function markDelivered(
  tx: Db,
  idsJson: string,
  attemptIso: string,
  nowIso: string,
): string[] {
  // `+state`: the look-up goes by primary key, not through every pending row of the state index.
  return all<{ id: string }>(
    tx,
    `UPDATE outbox SET state = 'delivered', delivered_at = ?, body = NULL, last_error = NULL,
       attempts = attempts + 1, last_attempt_at = ?
     WHERE id IN (SELECT value FROM json_each(?)) AND +state = 'pending'
     RETURNING id`,
    [nowIso, attemptIso, idsJson],
  ).map((r) => r.id);
}

export function markRetry(
  tx: Db,
  id: string,
  attemptIso: string,
  nextAttemptMs: number,
  error: string,
): void {
  run(
    tx,
    `UPDATE outbox SET next_attempt_at = ?, last_error = ?, attempts = attempts + 1,
       last_attempt_at = ?
     WHERE id = ? AND state = 'pending'`,
    [nextAttemptMs, error.slice(0, 500), attemptIso, id],
  );
}

/** Makes every pending item waiting out a backoff due now; returns how many. */
export function releaseWaiting(tx: Db, nowMs: number): number {
  return run(
    tx,
    `UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ?`,
    [nowMs, nowMs],
  );
}

export function markDead(
  tx: Db,
  id: string,
  attemptIso: string,
  reason: string,
  nowIso: string,
): void {
  run(
    tx,
    `UPDATE outbox SET state = 'dead', dead_at = ?, last_error = ?, attempts = attempts + 1,
       last_attempt_at = ?
     WHERE id = ? AND state = 'pending'`,
    [nowIso, reason.slice(0, 500), attemptIso, id],
  );
}

/** A dead letter goes back in the queue, due now, with a fresh backoff. */
export function requeueDead(tx: Db, id: string, nowMs: number): OutboxState | null {
  const state = stateOf(tx, id);
  if (state === 'dead')
    run(
      tx,
      `UPDATE outbox SET state = 'pending', dead_at = NULL, attempts = 0, next_attempt_at = ?
       WHERE id = ?`,
      [nowMs, id],
    );
  return state;
}

/** When the next pending item not held by the worker is due (epoch ms), or null. */
export function nextDueAt(db: Db, exclude: ReadonlySet<string>): number | null {
  const next = all<{ id: string; at: number }>(
    db,
    `SELECT id, next_attempt_at AS at FROM outbox WHERE state = 'pending'
     ORDER BY next_attempt_at, rowid LIMIT ?`,
    [exclude.size + 1],
  ).find((r) => !exclude.has(r.id));
  return next ? next.at : null;
}

export interface OutboxStats {
  pending: number;
  delivered: number;
  dead: number;
  oldestPendingAt: string | null;
  pendingByKind: Partial<Record<SubmissionKind, number>>;
}

export function outboxStats(db: Db): OutboxStats {
  const counts = all<{ state: OutboxState; kind: SubmissionKind; n: number }>(
    db,
    'SELECT state, kind, COUNT(*) AS n FROM outbox GROUP BY state, kind',
  );
  const stats: OutboxStats = {
    pending: 0,
    delivered: 0,
    dead: 0,
    oldestPendingAt: null,
    pendingByKind: {},
  };
  for (const c of counts) {
    stats[c.state] += c.n;
    if (c.state === 'pending') stats.pendingByKind[c.kind] = c.n;
  }
  stats.oldestPendingAt =
    scalar<string>(db, "SELECT MIN(created_at) FROM outbox WHERE state = 'pending'") ?? null;
  return stats;
}

export function listDeadLetters(db: Db, limit: number): DeadLetter[] {
  return all<{
    id: string;
    kind: SubmissionKind;
    attempts: number;
    last_error: string | null;
    created_at: string;
    dead_at: string;
    ticket: unknown;
  }>(
    db,
    `SELECT id, kind, attempts, last_error, created_at, dead_at,
       CASE WHEN json_valid(body) THEN json_extract(body, '$.ticket') END AS ticket
     FROM outbox WHERE state = 'dead' ORDER BY dead_at DESC, rowid DESC LIMIT ?`,
    [limit],
  ).map((r) => ({
    id: r.id,
    kind: r.kind,
    ticket: typeof r.ticket === 'string' ? r.ticket : null,
    attempts: r.attempts,
    reason: r.last_error ?? '',
    createdAt: r.created_at,
    deadAt: r.dead_at,
  }));
}

/** The outbox items whose body carries this ticket (a request, its cancel notice), oldest first. */
export function itemsOfTicket(
  db: Db,
  ticket: string,
): { id: string; kind: SubmissionKind; state: OutboxState }[] {
  return all(
    db,
    `SELECT id, kind, state FROM outbox
     WHERE json_valid(body) AND json_extract(body, '$.ticket') = ? ORDER BY rowid`,
    [ticket],
  );
}

export function getItem(
  db: Db,
  id: string,
): { id: string; kind: SubmissionKind; state: OutboxState; attempts: number } | undefined {
  return one(db, 'SELECT id, kind, state, attempts FROM outbox WHERE id = ?', [id]);
}

/** Delivered rows older than `beforeIso` are forgotten (their bodies are already gone). */
export function purgeDelivered(tx: Db, beforeIso: string): number {
  return run(tx, "DELETE FROM outbox WHERE state = 'delivered' AND delivered_at < ?", [beforeIso]);
}

// ---- status changes pulled from the back office ----

/** Records a pulled change once; false if it was already recorded (and so already applied). */
export function recordStatusChange(tx: Db, c: StatusChange, pulledAtIso: string): boolean {
  if (
    scalar(tx, 'SELECT 1 FROM sync_status_changes WHERE change_id = ?', [c.changeId]) !== undefined
  )
    return false;
  run(
    tx,
    `INSERT INTO sync_status_changes
       (change_id, submission_id, kind, status, note, verdict, changed_at, pulled_at, outcome)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
    [c.changeId, c.submissionId, c.kind, c.status, c.note, c.verdict, c.at, pulledAtIso],
  );
  return true;
}

/** Retention: the notes of the changes pulled for a submission are forgotten. */
export function clearStatusChangeNotes(tx: Db, submissionId: string): number {
  return run(
    tx,
    'UPDATE sync_status_changes SET note = NULL WHERE submission_id = ? AND note IS NOT NULL',
    [submissionId],
  );
}

export function setStatusChangeOutcome(tx: Db, changeId: string, outcome: string): void {
  run(tx, 'UPDATE sync_status_changes SET outcome = ? WHERE change_id = ?', [
    outcome.slice(0, 300),
    changeId,
  ]);
}

export function statusChangesFor(
  db: Db,
  submissionId: string,
): { status: string; note: string | null; verdict: string | null; at: string; outcome: string }[] {
  return all(
    db,
    `SELECT status, note, verdict, changed_at AS at, outcome FROM sync_status_changes
     WHERE submission_id = ? ORDER BY changed_at, rowid`,
    [submissionId],
  );
}

// ---- bookkeeping ----

export type SyncStateKey =
  | 'status_cursor'
  | 'last_contact_at'
  | 'last_error_at'
  | 'last_error'
  | 'last_pull_at'
  | 'last_heartbeat_at'
  | 'profiles_version';

export function getSyncState(db: Db, key: SyncStateKey): string | null {
  return scalar<string>(db, 'SELECT value FROM sync_state WHERE key = ?', [key]) ?? null;
}

export function setSyncState(tx: Db, key: SyncStateKey, value: string | null): void {
  if (value === null) run(tx, 'DELETE FROM sync_state WHERE key = ?', [key]);
  else
    run(
      tx,
      'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
}

export function allSyncState(db: Db): Partial<Record<SyncStateKey, string>> {
  const out: Partial<Record<SyncStateKey, string>> = {};
  for (const r of all<{ key: SyncStateKey; value: string }>(
    db,
    'SELECT key, value FROM sync_state',
  ))
    out[r.key] = r.value;
  return out;
}

/** Whether migration 005 has been applied to this database (the CLI may read an older one). */
export function hasOutbox(db: Db): boolean {
  return (
    scalar(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'") !== undefined
  );
}
