// Pulls status changes from the back office (GET /v1/status-changes?cursor=…) and applies them to
// the registered sinks. Each page is applied in ONE transaction together with the new cursor: a
// crash either loses the whole page (pulled again next time) or keeps all of it, so no change is
// missed and none is applied twice (changes are also recorded by id; a repeat is skipped).
import { statusChangeSchema, statusPageSchema, type StatusChange } from '../../domain/sync';
import type { Logger } from '../logger';
import type { KioskDatabase } from '../storage/database';
import type { Db } from '../storage/sql';
import type { BackOfficeClient } from './client';
import type { SyncClock } from './clock';
import type { ContactTracker, DeliveredInfo } from './delivery-worker';
import {
  getSyncState,
  recordStatusChange,
  setStatusChangeOutcome,
  setSyncState,
} from './outbox-repository';

/**
 * Where pulled status changes go. The request feature plugs in its request-status repository.
 * `apply` runs inside the transaction that advances the cursor (use `tx`, never `db.write`):
 * return 'applied' when the change concerned this sink, 'unknown' when it did not (another kind,
 * or an id it does not hold). A throw is contained: that sink's part is rolled back, the change
 * is recorded with outcome `failed: <message>` in sync_status_changes, and the pull goes on.
 */
export interface StatusSink {
  readonly name: string;
  apply(tx: Db, change: StatusChange): 'applied' | 'unknown';
  /**
   * Optional: the back office has acknowledged a submission (2xx). Runs inside the transaction
   * that marks the outbox item delivered. A throw rolls back this sink's writes only (logged as
   * `sync.delivered_sink_failed`); the delivery is recorded regardless.
   */
  delivered?(tx: Db, info: DeliveredInfo): void;
}

export interface PullResult {
  pages: number;
  received: number;
  applied: number;
  /** Changes that failed validation and were skipped. */
  invalid: number;
}

export class PullError extends Error {
  constructor(
    message: string,
    readonly endpointDown: boolean,
  ) {
    super(message);
    this.name = 'PullError';
  }
}

export interface StatusPullerOptions {
  db: KioskDatabase;
  client: BackOfficeClient;
  clock: SyncClock;
  log: Logger;
  sinks: () => readonly StatusSink[];
  contact: ContactTracker;
  pageSize?: number;
  /** Pages per pull at most; the next pull goes on from the cursor. */
  maxPages?: number;
}

export interface StatusPuller {
  pullOnce(signal: AbortSignal): Promise<PullResult>;
}

function applyToSinks(tx: Db, sinks: readonly StatusSink[], c: StatusChange, log: Logger): string {
  let applied = false;
  const failures: string[] = [];
  for (const sink of sinks) {
    tx.run('SAVEPOINT status_sink');
    try {
      if (sink.apply(tx, c) === 'applied') applied = true;
      tx.run('RELEASE status_sink');
    } catch (e) {
      tx.run('ROLLBACK TO status_sink');
      tx.run('RELEASE status_sink');
      const message = e instanceof Error ? e.message : String(e);
      failures.push(`${sink.name}: ${message}`);
      log.error('sync.status_sink_failed', { sink: sink.name, changeId: c.changeId, message });
    }
  }
  if (failures.length) return `failed: ${failures.join('; ')}`;
  return applied ? 'applied' : 'unknown';
}

export function createStatusPuller(opts: StatusPullerOptions): StatusPuller {
  const { db, client, clock, log, contact } = opts;
  const pageSize = opts.pageSize ?? 200;
  const maxPages = opts.maxPages ?? 50;
  // An empty pull does not rewrite the database each time; its time is kept at most this stale.
  const idlePersistMs = 10 * 60_000;
  let lastPersisted = 0;

  return {
    async pullOnce(signal) {
      const result: PullResult = { pages: 0, received: 0, applied: 0, invalid: 0 };
      let cursor = db.read((d) => getSyncState(d, 'status_cursor'));
      for (let page = 0; page < maxPages && !signal.aborted; page++) {
        const out = await client.pullStatusChanges(cursor, pageSize, signal);
        const now = clock.now();
        if (out.type === 'aborted') break;
        if (out.type !== 'ok') {
          contact.failed(now, `status pull: ${out.reason}`);
          throw new PullError(
            out.reason,
            out.type === 'hold' || (out.type === 'retry' && out.endpointDown),
          );
        }
        contact.ok(now);
        const parsed = statusPageSchema.safeParse(out.json);
        if (!parsed.success) {
          contact.failed(now, 'status pull: malformed page');
          throw new PullError('malformed status page', false);
        }
        const changes: StatusChange[] = [];
        for (const raw of parsed.data.changes) {
          const c = statusChangeSchema.safeParse(raw);
          if (c.success) changes.push(c.data);
          else {
            result.invalid++;
            log.warn('sync.status_change_invalid', {
              fields: [...new Set(c.error.issues.map((i) => i.path.join('.')))],
            });
          }
        }
        const at = new Date(now).toISOString();
        const sinks = opts.sinks();
        const idle = changes.length === 0 && parsed.data.nextCursor === cursor;
        if (idle && now - lastPersisted < idlePersistMs) {
          result.pages++;
          if (!parsed.data.hasMore) break;
          continue;
        }
        lastPersisted = now;
        const applied = await db.write((tx) => {
          let n = 0;
          for (const c of changes) {
            if (!recordStatusChange(tx, c, at)) continue;
            const outcome = applyToSinks(tx, sinks, c, log);
            setStatusChangeOutcome(tx, c.changeId, outcome);
            if (outcome === 'applied') n++;
          }
          setSyncState(tx, 'status_cursor', parsed.data.nextCursor);
          setSyncState(tx, 'last_pull_at', at);
          setSyncState(tx, 'last_contact_at', at);
          return n;
        });
        result.pages++;
        result.received += changes.length;
        result.applied += applied;
        cursor = parsed.data.nextCursor;
        if (!parsed.data.hasMore) break;
      }
      if (result.received > 0) log.info('sync.status_pulled', { ...result });
      return result;
    },
  };
}
