// The back office's periodic work. Each job runs inside the transaction that claimed it, in small
// batches, so a crash mid-job leaves nothing half done and the next run carries on.
import { withoutPersonalText } from '../../../electron/services/requests/request-wire';
import type { Sql } from '../db/database';
import { deliverDue } from '../notify/deliver';
import type { SmsGateway } from '../notify/sms-gateway';
import { purgeSessions } from '../repositories/staff-repository';
import { purgeNonces } from '../repositories/kiosk-repository';
import { purgeHeartbeats } from '../repositories/heartbeat-repository';
import { markPersonalPurged, personalDataDue } from '../repositories/request-repository';

export interface JobContext {
  now: Date;
  personalDataDays: number;
  heartbeatDays: number;
  /** Where the applicants' messages go. */
  gateway: SmsGateway;
}

export interface Job {
  name: string;
  everySeconds: number;
  run(tx: Sql, ctx: JobContext): Promise<number>;
}

/** Nonces are kept twice the signing window: older calls are refused as stale anyway. */
export const NONCE_KEEP_MS = 20 * 60_000;
const PURGE_BATCH = 500;

const before = (now: Date, ms: number) => new Date(now.getTime() - ms).toISOString();
const DAY_MS = 86_400_000;

export const JOBS: readonly Job[] = [
  {
    // The notification outbox, through the configured gateway (see notify/deliver.ts).
    name: 'deliver-notifications',
    everySeconds: 10,
    async run(tx, ctx) {
      const c = await deliverDue(tx, ctx.gateway, ctx.now.getTime());
      return c.sent + c.held + c.retrying + c.failed + c.noRecipient;
    },
  },
  {
    name: 'purge-sessions',
    everySeconds: 3600,
    run: (tx, ctx) => purgeSessions(tx, ctx.now.toISOString()),
  },
  {
    name: 'purge-nonces',
    everySeconds: 300,
    run: (tx, ctx) => purgeNonces(tx, before(ctx.now, NONCE_KEEP_MS)),
  },
  {
    name: 'purge-heartbeats',
    everySeconds: 3600,
    run: (tx, ctx) => purgeHeartbeats(tx, before(ctx.now, ctx.heartbeatDays * DAY_MS)),
  },
  {
    // The contact details (and a 诉求's typed text) of requests closed longer than the retention
    // period, in the request and in the body kept as received: the same fields the kiosk purges.
    name: 'purge-personal-data',
    everySeconds: 3600,
    async run(tx, ctx) {
      const ids = await personalDataDue(
        tx,
        before(ctx.now, ctx.personalDataDays * DAY_MS),
        PURGE_BATCH,
      );
      if (ids.length === 0) return 0;
      const bodies = await tx.query<{ id: string; body: Record<string, unknown> }>(
        'SELECT id, body FROM submissions WHERE id = ANY ($1::uuid[])',
        [ids],
      );
      for (const b of bodies.rows)
        await tx.query('UPDATE submissions SET body = $2::jsonb WHERE id = $1', [
          b.id,
          JSON.stringify(withoutPersonalText(b.body)),
        ]);
      await markPersonalPurged(tx, ids, ctx.now.toISOString());
      return ids.length;
    },
  },
];
