// The notification outbox: every message the applicant should get, with its delivery state.
import { iso, isoOrNull, type Sql } from '../db/database';
import type { NotificationState, StoredNotification } from '../console-api/types';

// Declared with the console API's shapes, which the console shares.
export {
  NOTIFICATION_STATES,
  type NotificationState,
  type StoredNotification,
} from '../console-api/types';

interface Row {
  id: string | number;
  request_id: string;
  ticket: string;
  action: string;
  text: string;
  created_at: Date;
  state: NotificationState;
  channel: string | null;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  sent_at: Date | null;
}

const fromRow = (r: Row): StoredNotification => ({
  id: Number(r.id),
  requestId: r.request_id,
  ticket: r.ticket,
  action: r.action,
  text: r.text,
  createdAt: iso(r.created_at),
  state: r.state,
  channel: r.channel,
  attempts: r.attempts,
  nextAttemptAt: isoOrNull(r.next_attempt_at),
  lastError: r.last_error,
  sentAt: isoOrNull(r.sent_at),
});

export async function insertNotification(
  sql: Sql,
  n: {
    requestId: string;
    ticket: string;
    action: string;
    text: string;
    now: string;
    state: NotificationState;
  },
): Promise<number> {
  const r = await sql.query<{ id: string }>(
    `INSERT INTO notifications (request_id, ticket, action, text, created_at, state, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6 = 'pending' THEN $5::timestamptz END) RETURNING id`,
    [n.requestId, n.ticket, n.action, n.text, n.now, n.state],
  );
  return Number(r.rows[0]?.id);
}

/** Messages due for a try, locked for this transaction (other instances skip them). */
export async function claimDueNotifications(
  sql: Sql,
  now: string,
  limit: number,
): Promise<(StoredNotification & { phone: string | null })[]> {
  const r = await sql.query<Row & { phone: string | null }>(
    `SELECT n.*, r.contact_phone AS phone FROM notifications n JOIN requests r ON r.id = n.request_id
     WHERE n.state = 'pending' AND n.next_attempt_at <= $1
     ORDER BY n.next_attempt_at LIMIT $2 FOR UPDATE OF n SKIP LOCKED`,
    [now, limit],
  );
  return r.rows.map((x) => ({ ...fromRow(x), phone: x.phone }));
}

export async function recordAttempt(
  sql: Sql,
  id: number,
  a: {
    state: NotificationState;
    channel: string;
    nextAttemptAt: string | null;
    error: string | null;
    sentAt: string | null;
  },
): Promise<void> {
  await sql.query(
    `UPDATE notifications SET state = $2, channel = $3, attempts = attempts + 1,
       next_attempt_at = $4, last_error = $5, sent_at = $6 WHERE id = $1`,
    [id, a.state, a.channel, a.nextAttemptAt, a.error, a.sentAt],
  );
}

/** A failed message tried again (by hand): true when it was failed. */
export async function retryNotification(sql: Sql, id: number, now: string): Promise<boolean> {
  const r = await sql.query(
    `UPDATE notifications SET state = 'pending', attempts = 0, next_attempt_at = $2
     WHERE id = $1 AND state = 'failed'`,
    [id, now],
  );
  return r.rowCount === 1;
}

export async function listNotifications(
  sql: Sql,
  f: { state?: NotificationState; requestId?: string; limit: number },
): Promise<StoredNotification[]> {
  const params: unknown[] = [f.limit];
  const c: string[] = [];
  if (f.state) {
    params.push(f.state);
    c.push(`state = $${params.length}`);
  }
  if (f.requestId) {
    params.push(f.requestId);
    c.push(`request_id = $${params.length}`);
  }
  const r = await sql.query<Row>(
    `SELECT * FROM notifications ${c.length ? `WHERE ${c.join(' AND ')}` : ''}
     ORDER BY id DESC LIMIT $1`,
    params,
  );
  return r.rows.map(fromRow);
}
