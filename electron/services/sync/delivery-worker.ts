// The delivery worker: sends what is due in the outbox to the back office, at most `concurrency`
// calls at a time, and records every outcome in the database. All state that matters (attempts,
// next attempt, last error, dead letters) is in the outbox table, so a restart simply carries on.
//
// Delivery is at-least-once from here and exactly-once at the back office: an item whose reply
// was lost (timeout, reset, crash before the outcome was stored) is sent again with the same
// Idempotency-Key, and the back office answers the repeat as a duplicate.
//
// Per item: a retryable failure schedules the next attempt with full-jitter backoff (backoff.ts).
// Per endpoint: when the back office looks down (network failure, timeout, 502/503/504, 429) or
// refuses the kiosk itself (signature, clock), the worker holds the whole queue with the same
// backoff on the count of consecutive failures, then probes with a single item; the first
// success opens the queue again. A 10-minute outage thus costs a few probes, not a thousand
// failed calls, and the queue drains at most 5 minutes (the cap) after the back office is back.
import type { WireSubmission } from '../../domain/sync';
import type { Logger } from '../logger';
import type { KioskDatabase } from '../storage/database';
import type { Db } from '../storage/sql';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { BackOfficeClient, CallOutcome } from './client';
import type { SyncClock } from './clock';
import {
  markDead,
  markDelivered,
  markRetry,
  nextDueAt,
  selectDue,
  setSyncState,
  type OutboxItem,
} from './outbox-repository';

export interface DeliveredInfo {
  id: string;
  kind: WireSubmission['kind'];
  deliveredAt: string;
}

export interface DeliveryEvent {
  type: 'delivered' | 'retry' | 'hold' | 'dead';
  id: string;
  attempt: number;
  /** Clock ms when the call started, and when its outcome was durably recorded. */
  startedAt: number;
  recordedAt: number;
  reason?: string;
}

export interface DeliveryWorkerOptions {
  db: KioskDatabase;
  client: BackOfficeClient;
  clock: SyncClock;
  log: Logger;
  kioskId: string;
  random?: () => number;
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  backoff?: BackoffPolicy;
  /** Called inside the transaction that marks an item delivered. */
  onDelivered?: (tx: Db, info: DeliveredInfo) => void;
  /** Observes every recorded outcome (benchmarks, tests). */
  onEvent?: (e: DeliveryEvent) => void;
  /** Records last contact / last error (shared with the puller and heartbeat). */
  contact: ContactTracker;
  /** Which items this process enqueued that may not be durable yet (see DurabilityGate). */
  durability?: DurabilityGate;
}

/**
 * Items enqueued by this process are committed in memory before they are on disk. The gate
 * remembers their ids until a later write has been flushed (`confirm`), which proves every
 * transaction committed before it durable.
 */
export interface DurabilityGate {
  note(id: string): void;
  unconfirmed(id: string): boolean;
  confirm(): Promise<void>;
}

export function createDurabilityGate(db: KioskDatabase): DurabilityGate {
  let pending = new Set<string>();
  return {
    note: (id) => {
      pending.add(id);
    },
    unconfirmed: (id) => pending.has(id),
    async confirm() {
      // Concurrent confirmations each write; the database flushes them together.
      const covered = pending;
      pending = new Set();
      try {
        await db.write(() => undefined);
      } catch (e) {
        for (const id of covered) pending.add(id);
        throw e;
      }
    },
  };
}

export interface ContactTracker {
  ok(at: number): void;
  failed(at: number, message: string): void;
  lastContactAt(): number | null;
  lastError(): { at: number; message: string } | null;
}

export function createContactTracker(): ContactTracker {
  let lastOk: number | null = null;
  let lastErr: { at: number; message: string } | null = null;
  return {
    ok: (at) => {
      lastOk = at;
    },
    failed: (at, message) => {
      lastErr = { at, message };
    },
    lastContactAt: () => lastOk,
    lastError: () => lastErr,
  };
}

export interface DrainResult {
  /** Clock ms when something is next due (or the hold ends); null when the outbox is empty. */
  nextDueAt: number | null;
  sent: number;
  held: boolean;
}

export interface DeliveryWorker {
  /**
   * Sends everything due now (and whatever becomes due while it runs), then resolves once nothing
   * is due or in flight. Never rejects for a delivery failure; rejects only if storage fails.
   */
  drain(signal: AbortSignal): Promise<DrainResult>;
  /** The queue is held (back office down or refusing the kiosk) until this clock ms, or null. */
  heldUntil(): number | null;
}

type Recorded = { type: DeliveryEvent['type']; reason?: string } | null;

export function createDeliveryWorker(opts: DeliveryWorkerOptions): DeliveryWorker {
  const { db, client, clock, log, contact } = opts;
  const random = opts.random ?? Math.random;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const policy = opts.backoff ?? DEFAULT_BACKOFF;
  // Items sent whose outcome is not yet durably recorded, plus those in flight: never re-read.
  const busy = new Set<string>();
  const maxBusy = concurrency * 32;
  let consecutiveFailures = 0;
  let holdUntil = 0;
  let probing = false;

  const iso = (ms: number) => new Date(ms).toISOString();

  function wire(item: OutboxItem): WireSubmission {
    return {
      id: item.id,
      kind: item.kind,
      kioskId: opts.kioskId,
      createdAt: item.createdAt,
      body: JSON.parse(item.body) as Record<string, unknown>,
    };
  }

  /** Endpoint-level bookkeeping, done as soon as a reply is in (before it is recorded). */
  function noteReply(out: CallOutcome, now: number): void {
    if (out.type === 'ok' || out.type === 'refused') {
      if (probing)
        log.info('sync.queue_resumed', { afterFailures: consecutiveFailures, at: iso(now) });
      consecutiveFailures = 0;
      holdUntil = 0;
      probing = false;
      return;
    }
    if (out.type === 'hold' || (out.type === 'retry' && out.endpointDown)) {
      consecutiveFailures++;
      const retryAfter = out.type === 'retry' ? (out.retryAfterMs ?? 0) : 0;
      const wait = Math.max(retryAfter, backoffDelay(consecutiveFailures, policy, random));
      holdUntil = Math.max(holdUntil, now + Math.min(wait, policy.capMs));
      if (!probing) log.warn('sync.queue_held', { reason: out.reason, retryInMs: holdUntil - now });
      probing = true;
    }
  }

  async function record(item: OutboxItem, out: CallOutcome, startedAt: number): Promise<Recorded> {
    const now = clock.now();
    const at = iso(now);
    const attemptAt = iso(startedAt);
    const attempt = item.attempts + 1;
    switch (out.type) {
      case 'aborted':
        return null;
      case 'ok': {
        await db.write((tx) => {
          if (markDelivered(tx, item.id, attemptAt, at))
            opts.onDelivered?.(tx, { id: item.id, kind: item.kind, deliveredAt: at });
          setSyncState(tx, 'last_contact_at', at);
        });
        contact.ok(now);
        return { type: 'delivered' };
      }
      case 'refused': {
        await db.write((tx) => {
          markDead(tx, item.id, attemptAt, out.reason, at);
          setSyncState(tx, 'last_contact_at', at);
        });
        contact.ok(now);
        log.error('sync.dead_letter', {
          id: item.id,
          kind: item.kind,
          attempts: attempt,
          reason: out.reason,
        });
        return { type: 'dead', reason: out.reason };
      }
      case 'retry':
      case 'hold': {
        const retryAfter = out.type === 'retry' ? (out.retryAfterMs ?? 0) : 0;
        const delay = Math.max(retryAfter, backoffDelay(attempt, policy, random));
        await db.write((tx) => {
          markRetry(tx, item.id, attemptAt, now + Math.min(delay, policy.capMs), out.reason);
          setSyncState(tx, 'last_error_at', at);
          setSyncState(tx, 'last_error', out.reason);
        });
        contact.failed(now, out.reason);
        if (out.type === 'retry' && !out.endpointDown)
          log.warn('sync.retry', {
            id: item.id,
            kind: item.kind,
            attempts: attempt,
            reason: out.reason,
          });
        return { type: out.type === 'hold' ? 'hold' : 'retry', reason: out.reason };
      }
    }
  }

  return {
    heldUntil: () => (holdUntil > clock.now() ? holdUntil : null),

    async drain(signal) {
      const tasks = new Set<Promise<void>>();
      let inFlight = 0;
      let sent = 0;
      let storageError: unknown = null;
      let exhausted = false;
      let wake: (() => void) | null = null;
      const poke = () => wake?.();

      const start = (item: OutboxItem) => {
        busy.add(item.id);
        inFlight++;
        sent++;
        let replied = false;
        const reply = () => {
          if (replied) return;
          replied = true;
          inFlight--;
          poke();
        };
        const task: Promise<void> = (async () => {
          const startedAt = clock.now();
          let out: CallOutcome;
          try {
            out = await client.submit(wire(item), signal);
          } finally {
            reply();
          }
          noteReply(out, clock.now());
          // The slot is free again; the outcome is recorded alongside the next calls.
          const rec = await record(item, out, startedAt);
          if (rec)
            opts.onEvent?.({
              type: rec.type,
              id: item.id,
              attempt: item.attempts + 1,
              startedAt,
              recordedAt: clock.now(),
              ...(rec.reason ? { reason: rec.reason } : {}),
            });
        })()
          .catch((e: unknown) => {
            storageError ??= e;
          })
          .finally(() => {
            busy.delete(item.id);
            tasks.delete(task);
            poke();
          });
        tasks.add(task);
      };

      for (;;) {
        while (!signal.aborted && !exhausted && storageError === null) {
          const limit = probing ? 1 : concurrency;
          const free = Math.min(limit - inFlight, maxBusy - busy.size);
          const now = clock.now();
          if (free <= 0 || now < holdUntil) break;
          const items = db.read((d) => selectDue(d, now, free, [...busy]));
          if (items.length < free) exhausted = true;
          if (items.length === 0) break;
          if (items.some((i) => opts.durability?.unconfirmed(i.id))) {
            // Enqueued by this process and maybe not on disk yet: wait for a flush first, so an
            // item whose transaction a disk failure rolls back is never sent.
            try {
              await opts.durability?.confirm();
            } catch (e) {
              storageError = e;
              break;
            }
            // Read again: the hold or the items may have changed while waiting.
            exhausted = false;
            continue;
          }
          for (const item of items) start(item);
        }
        if (tasks.size === 0) break;
        await new Promise<void>((r) => (wake = r));
        wake = null;
        // A reply frees a slot; items may have become due meanwhile.
        exhausted = false;
      }

      if (storageError !== null) throw storageError;
      const now = clock.now();
      if (holdUntil > now) return { nextDueAt: holdUntil, sent, held: true };
      return { nextDueAt: db.read((d) => nextDueAt(d, [...busy])), sent, held: false };
    },
  };
}
