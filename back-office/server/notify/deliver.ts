// Delivers the outbox's due messages through the configured gateway, a batch at a time: each
// message's row is locked (SKIP LOCKED: instances share the work), tried, and its outcome stored.
// A failed try waits longer each time (30 s, 1 min, 2 min … up to an hour); after MAX_ATTEMPTS
// tries, or a refusal that retrying cannot fix, the message is marked failed.
import type { Sql } from '../db/database';
import { claimDueNotifications, recordAttempt } from '../repositories/notification-repository';
import { SendError, type SmsGateway } from './sms-gateway';

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 3600_000;

/** Delay before try number `attempts + 1`, after `attempts` failed tries. */
export function backoffMs(attempts: number): number {
  return Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

export interface DeliveryCounts {
  sent: number;
  held: number;
  retrying: number;
  failed: number;
  noRecipient: number;
}

/** Runs in the caller's transaction (the job's): the claimed rows stay locked until it ends. */
export async function deliverDue(
  tx: Sql,
  gateway: SmsGateway,
  nowMs: number,
  batch = 5,
): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, held: 0, retrying: 0, failed: 0, noRecipient: 0 };
  {
    const due = await claimDueNotifications(tx, new Date(nowMs).toISOString(), batch);
    for (const n of due) {
      const at = new Date(nowMs).toISOString();
      if (!n.phone) {
        await recordAttempt(tx, n.id, {
          state: 'no-recipient',
          channel: gateway.channel,
          nextAttemptAt: null,
          error: 'the applicant left no phone number',
          sentAt: null,
        });
        counts.noRecipient++;
        continue;
      }
      try {
        const r = await gateway.send({ id: n.id, to: n.phone, text: n.text, ticket: n.ticket });
        await recordAttempt(tx, n.id, {
          state: r.state,
          channel: gateway.channel,
          nextAttemptAt: null,
          error: null,
          sentAt: r.state === 'sent' ? at : null,
        });
        counts[r.state === 'sent' ? 'sent' : 'held']++;
      } catch (e) {
        const attempts = n.attempts + 1;
        const permanent = e instanceof SendError && e.permanent;
        const failed = permanent || attempts >= MAX_ATTEMPTS;
        await recordAttempt(tx, n.id, {
          state: failed ? 'failed' : 'pending',
          channel: gateway.channel,
          nextAttemptAt: failed ? null : new Date(nowMs + backoffMs(attempts)).toISOString(),
          error: (e as Error).message.slice(0, 300),
          sentAt: null,
        });
        counts[failed ? 'failed' : 'retrying']++;
      }
    }
  }
  return counts;
}
