// The delivery worker: sends what is due in the outbox to the back office, at most `concurrency`
// calls at a time, and records every outcome in the database. All state that matters (attempts,
// next attempt, last error, dead letters) is in the outbox table, so a restart simply carries on.
//
// Delivery is at-least-once from here and exactly-once at the back office: an item whose reply
// was lost (timeout, reset, crash before the outcome was stored) is sent again with the same id
// (its Idempotency-Key, or its id inside a batch), and the back office answers the repeat as a
// duplicate.
//
// Batches: when more than one item is due, a call carries up to MAX_BATCH_ITEMS of them (and at
// most MAX_BATCH_BYTES of serialized items; one item always goes) to POST /v1/submission-batches,
// and the back office answers each item. The outcomes of one call are recorded in one write, an
// event per item. A back office that does not know batches (404, or it refuses the batch as a
// batch) gets its items one by one, and is not asked for batches again for NO_BATCHES_MS.
//
// Per item: a retryable failure schedules the next attempt with full-jitter backoff (backoff.ts).
// Per endpoint: when the back office looks down (network failure, timeout, 502/503/504, 429) or
// refuses the kiosk itself (signature, clock), the worker holds the whole queue with the same
// backoff on the count of consecutive failures, then probes with a single item (never a batch);
// the first success opens the queue again, and every item then goes, including those still
// waiting out a backoff they earned in the outage. A 10-minute outage thus costs a few probes, not
// a thousand failed calls, and the queue drains as soon as a probe finds the back office back
// (at most 5 minutes, the hold's cap, after it is).
//
// Durability gate: an item enqueued by this process is not sent before a write after it has
// reached the disk (see DurabilityGate), so an item whose transaction a disk failure rolls back
// is never sent, alone or in a batch.
import { MAX_BATCH_BYTES, MAX_BATCH_ITEMS, type WireSubmission } from '../../domain/sync';
import type { Logger } from '../logger';
import type { KioskDatabase } from '../storage/database';
import type { Db } from '../storage/sql';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { BackOfficeClient, CallOutcome, ItemOutcome, StoredSubmission } from './client';
import type { SyncClock } from './clock';
import {
  markDead,
  markDelivered,
  markRetry,
  releaseWaiting,
  dueItems,
  nextDueAt,
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
 * remembers their ids until the database has flushed every transaction committed so far
 * (`confirm`), which proves them durable.
 */
export interface DurabilityGate {
  note(id: string): void;
  unconfirmed(id: string): boolean;
  /** Whether any id noted is not yet confirmed. */
  waiting(): boolean;
  /** How many ids were ever noted (tells the worker whether anything was enqueued since). */
  noted(): number;
  confirm(): Promise<void>;
}

export function createDurabilityGate(db: KioskDatabase): DurabilityGate {
  let pending = new Set<string>();
  let count = 0;
  return {
    note: (id) => {
      pending.add(id);
      count++;
    },
    noted: () => count,
    unconfirmed: (id) => pending.has(id),
    waiting: () => pending.size > 0,
    async confirm() {
      // No write of its own: it waits for the flush that carries the enqueueing transactions
      // (usually already done, or in progress), and fails as they do.
      const covered = pending;
      pending = new Set();
      try {
        await db.durable();
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

type Recorded = { type: DeliveryEvent['type']; reason?: string };

/** How often at most the worker stores the time of its last contact with the back office. */
export const CONTACT_WRITE_MS = 5_000;

/** How long a back office that does not know batches is sent items one by one before asking again. */
export const NO_BATCHES_MS = 60 * 60_000;

/** Bytes of an item's envelope around its body, as JSON.stringify writes it. */
const envelopeBytes = (item: OutboxItem, kioskId: string) =>
  Buffer.byteLength(
    JSON.stringify({ id: item.id, kind: item.kind, kioskId, createdAt: item.createdAt, body: 0 }),
  ) - 1;

/**
 * Splits the due items (oldest due first) into at most `calls` calls of at most `perCall` items
 * and MAX_BATCH_BYTES of serialized items each; the first item of a call always goes, whatever
 * its size. Items left over stay queued for the next free call.
 */
export function packCalls(
  items: readonly OutboxItem[],
  calls: number,
  perCall: number,
  bytesOf: (item: OutboxItem) => number,
): OutboxItem[][] {
  const out: OutboxItem[][] = [];
  let current: OutboxItem[] = [];
  let bytes = 0;
  for (const item of items) {
    const b = bytesOf(item);
    if (current.length > 0 && (current.length >= perCall || bytes + b > MAX_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    if (out.length >= calls) break;
    current.push(item);
    bytes += b;
  }
  if (current.length > 0 && out.length < calls) out.push(current);
  return out;
}

const OK: CallOutcome = { type: 'ok', status: 200, json: null };
const itemOutcome = (o: ItemOutcome): CallOutcome =>
  o.type === 'ok' ? OK : { type: 'refused', reason: o.reason };

export function createDeliveryWorker(opts: DeliveryWorkerOptions): DeliveryWorker {
  const { db, client, clock, log, contact } = opts;
  const random = opts.random ?? Math.random;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const policy = opts.backoff ?? DEFAULT_BACKOFF;
  // Items sent whose outcome is not yet durably recorded, plus those in flight: never re-read.
  const busy = new Set<string>();
  const maxBusy = concurrency * MAX_BATCH_ITEMS * 2;
  let consecutiveFailures = 0;
  let holdUntil = 0;
  let probing = false;
  // Counts the endpoint's failures that started or extended a hold. A call sent before the
  // latest of them (one of the calls already in flight when the back office went away) saw the
  // same outage: its failure neither counts again nor lengthens the hold.
  let failureEra = 0;
  // Clock ms until which the back office is sent items one by one (it did not take a batch).
  let noBatchesUntil = 0;
  // When this worker last stored the last contact, and whether it stored a failure since.
  let contactWrittenAt = -Infinity;
  let errorSinceContact = false;

  const iso = (ms: number) => new Date(ms).toISOString();

  // The stored body is sent as it is stored (JSON.stringify's output, see sync-service).
  function wire(item: OutboxItem): StoredSubmission {
    return {
      id: item.id,
      kind: item.kind,
      kioskId: opts.kioskId,
      createdAt: item.createdAt,
      bodyJson: item.body,
    };
  }

  // The stored body is the JSON the envelope carries (sync-service stores JSON.stringify's output).
  const bytesOf = (item: OutboxItem) =>
    envelopeBytes(item, opts.kioskId) + Buffer.byteLength(item.body);

  /**
   * Endpoint-level bookkeeping, done as soon as a reply is in (before it is recorded), for a call
   * sent in failure era `era`.
   */
  function noteReply(out: CallOutcome, now: number, era: number): 'resumed' | null {
    if (out.type === 'ok' || out.type === 'refused') {
      const resumed = probing;
      if (resumed)
        log.info('sync.queue_resumed', { afterFailures: consecutiveFailures, at: iso(now) });
      consecutiveFailures = 0;
      holdUntil = 0;
      probing = false;
      return resumed ? 'resumed' : null;
    }
    if (out.type === 'hold' || (out.type === 'retry' && out.endpointDown)) {
      const retryAfter = out.type === 'retry' ? (out.retryAfterMs ?? 0) : 0;
      if (era !== failureEra) {
        // Still, a back office that says when to come back is heard.
        if (retryAfter > 0)
          holdUntil = Math.max(holdUntil, now + Math.min(retryAfter, policy.capMs));
        return null;
      }
      failureEra++;
      consecutiveFailures++;
      const wait = Math.max(retryAfter, backoffDelay(consecutiveFailures, policy, random));
      holdUntil = Math.max(holdUntil, now + Math.min(wait, policy.capMs));
      if (!probing) log.warn('sync.queue_held', { reason: out.reason, retryInMs: holdUntil - now });
      probing = true;
    }
    return null;
  }

  /**
   * Records the outcomes of one call (one per item, in order) in one write. A call-level outcome
   * (retry, hold) is the same object for every item of its call.
   */
  async function record(
    items: readonly OutboxItem[],
    outs: readonly CallOutcome[],
    startedAt: number,
    resumed: boolean,
  ): Promise<Recorded[]> {
    const now = clock.now();
    const at = iso(now);
    const attemptAt = iso(startedAt);
    // Each item keeps its own backoff, on its own attempt count.
    const plan = items.map((item, i) => {
      const out = outs[i] as CallOutcome;
      if (out.type !== 'retry' && out.type !== 'hold') return { item, out, nextAt: 0 };
      const retryAfter = out.type === 'retry' ? (out.retryAfterMs ?? 0) : 0;
      const delay = Math.max(retryAfter, backoffDelay(item.attempts + 1, policy, random));
      return { item, out, nextAt: now + Math.min(delay, policy.capMs) };
    });
    // What the write saw: whether the back office answered any item, and its last failure.
    const seen: { answered: boolean; lastError: string | null; contactWritten: boolean } = {
      answered: false,
      lastError: null,
      contactWritten: false,
    };
    // The items the back office has are marked in one statement (its ids as a JSON array).
    const okIds = plan.filter((p) => p.out.type === 'ok').map((p) => p.item.id);
    await db.write((tx) => {
      if (okIds.length > 0) {
        seen.answered = true;
        // Only those still pending were delivered now (a repeat finds them delivered already).
        const delivered = new Set(markDelivered(tx, JSON.stringify(okIds), attemptAt, at));
        if (opts.onDelivered)
          for (const { item } of plan)
            if (delivered.has(item.id))
              opts.onDelivered(tx, { id: item.id, kind: item.kind, deliveredAt: at });
      }
      for (const { item, out, nextAt } of plan) {
        if (out.type === 'ok') continue;
        if (out.type === 'refused') {
          seen.answered = true;
          markDead(tx, item.id, attemptAt, out.reason, at);
        } else if (out.type === 'retry' || out.type === 'hold') {
          seen.lastError = out.reason;
          markRetry(tx, item.id, attemptAt, nextAt, out.reason);
        }
      }
      // The stored last contact (for the CLI and a restart; the live one is in `contact`) is
      // not rewritten by every call: at most every CONTACT_WRITE_MS, and at once after a failure.
      if (seen.answered && (errorSinceContact || now - contactWrittenAt >= CONTACT_WRITE_MS)) {
        setSyncState(tx, 'last_contact_at', at);
        seen.contactWritten = true;
      }
      // The back office answers again after an outage: what waits out a backoff it earned in
      // that outage (the calls in flight when it went, the probes) goes now, with the rest, not
      // up to the backoff's cap later.
      if (resumed) releaseWaiting(tx, now);
      if (seen.lastError !== null) {
        setSyncState(tx, 'last_error_at', at);
        setSyncState(tx, 'last_error', seen.lastError);
      }
    });
    if (seen.contactWritten) {
      contactWrittenAt = now;
      errorSinceContact = false;
    }
    if (seen.lastError !== null) errorSinceContact = true;
    if (seen.answered) contact.ok(now);
    if (seen.lastError !== null) contact.failed(now, seen.lastError);
    const first = outs[0];
    if (
      items.length > 1 &&
      first?.type === 'retry' &&
      !first.endpointDown &&
      outs.every((o) => o === first)
    )
      log.warn('sync.retry', { items: items.length, firstId: items[0]?.id, reason: first.reason });
    return plan.map(({ item, out }) => {
      const attempt = item.attempts + 1;
      switch (out.type) {
        case 'ok':
          return { type: 'delivered' };
        case 'refused':
          log.error('sync.dead_letter', {
            id: item.id,
            kind: item.kind,
            attempts: attempt,
            reason: out.reason,
          });
          return { type: 'dead', reason: out.reason };
        case 'retry':
        case 'hold':
          if (out.type === 'retry' && !out.endpointDown && items.length === 1)
            log.warn('sync.retry', {
              id: item.id,
              kind: item.kind,
              attempts: attempt,
              reason: out.reason,
            });
          return { type: out.type === 'hold' ? 'hold' : 'retry', reason: out.reason };
        case 'aborted':
          throw new Error('an aborted call is not recorded');
      }
    });
  }

  /**
   * One call for these items: a single submission, or a batch. Returns one outcome per item, or
   * null when nothing is to be recorded (the kiosk is stopping, or the back office did not take
   * the batch and its items go again one by one).
   */
  async function call(
    items: readonly OutboxItem[],
    signal: AbortSignal,
  ): Promise<{ outs: CallOutcome[]; endpoint: CallOutcome } | null> {
    const only = items.length === 1 ? items[0] : undefined;
    if (only) {
      const out = await client.submit(wire(only), signal);
      return out.type === 'aborted' ? null : { outs: [out], endpoint: out };
    }
    const b = await client.submitBatch(items.map(wire), signal);
    switch (b.type) {
      case 'aborted':
        return null;
      case 'unsupported':
        noBatchesUntil = clock.now() + NO_BATCHES_MS;
        log.info('sync.batches_unsupported', {
          reason: b.reason,
          items: items.length,
          askAgainAt: iso(noBatchesUntil),
        });
        return null;
      case 'items':
        return { outs: b.items.map(itemOutcome), endpoint: OK };
      default:
        return { outs: items.map(() => b), endpoint: b };
    }
  }

  return {
    heldUntil: () => (holdUntil > clock.now() ? holdUntil : null),

    async drain(signal) {
      const tasks = new Set<Promise<void>>();
      let inFlight = 0;
      let sent = 0;
      let storageError: unknown = null;
      // The last read found everything that was due. It stays so, and the outbox is not read
      // again on every reply, until something may have made more due: an enqueue (the gate's
      // count moves), or a call whose items are not settled (retry, hold, not sent after all, or
      // the queue resumed). Items whose backoff ends meanwhile go then, or when the drain ends.
      let exhausted = false;
      let unsettled = false;
      let notedAtRead = -1;
      const gate = opts.durability;
      let wake: (() => void) | null = null;
      const poke = () => wake?.();

      const start = (items: OutboxItem[]) => {
        for (const item of items) busy.add(item.id);
        inFlight++;
        sent += items.length;
        let replied = false;
        const reply = () => {
          if (replied) return;
          replied = true;
          inFlight--;
          poke();
        };
        // Every item delivered or dead, and the queue did not resume: nothing more is due for it.
        let settled = false;
        const task: Promise<void> = (async () => {
          const startedAt = clock.now();
          const era = failureEra;
          let res: Awaited<ReturnType<typeof call>>;
          try {
            res = await call(items, signal);
          } finally {
            reply();
          }
          if (!res) {
            // Nothing happened to these items (stopping, or to go again one by one).
            if (!signal.aborted) sent -= items.length;
            return;
          }
          const resumed = noteReply(res.endpoint, clock.now(), era) === 'resumed';
          // The slot is free again; the outcomes are recorded alongside the next calls.
          const recs = await record(items, res.outs, startedAt, resumed);
          settled = !resumed && recs.every((x) => x.type === 'delivered' || x.type === 'dead');
          const recordedAt = clock.now();
          if (opts.onEvent)
            for (const [i, item] of items.entries()) {
              const rec = recs[i] as Recorded;
              opts.onEvent({
                type: rec.type,
                id: item.id,
                attempt: item.attempts + 1,
                startedAt,
                recordedAt,
                ...(rec.reason ? { reason: rec.reason } : {}),
              });
            }
        })()
          .catch((e: unknown) => {
            storageError ??= e;
          })
          .finally(() => {
            for (const item of items) busy.delete(item.id);
            // Here, once its items may be read again (not at the reply, which comes first).
            if (!settled) unsettled = true;
            tasks.delete(task);
            poke();
          });
        tasks.add(task);
      };

      for (;;) {
        while (!signal.aborted && !exhausted && storageError === null) {
          const calls = (probing ? 1 : concurrency) - inFlight;
          const room = maxBusy - busy.size;
          const now = clock.now();
          if (calls <= 0 || room <= 0 || now < holdUntil) break;
          // A probe is one item; so is every call to a back office that does not take batches.
          const perCall = probing || now < noBatchesUntil ? 1 : MAX_BATCH_ITEMS;
          const want = Math.min(calls * perCall, room);
          if (gate?.waiting()) {
            // Something this process enqueued may not be on disk yet: wait for its flush before
            // reading what to send, so an item whose transaction a disk failure rolls back is
            // never sent. Waiting, rather than sending the others meanwhile, also lets what
            // arrives together go together: what is enqueued during a wait is waited for too.
            try {
              await gate.confirm();
            } catch (e) {
              storageError = e;
              break;
            }
            // Look again: the hold may have changed while waiting.
            continue;
          }
          // Read and sent in the same turn: nothing can be enqueued in between.
          notedAtRead = gate ? gate.noted() : -1;
          const items = db.read((d) => dueItems(d, now, want, busy));
          if (items.length < want) exhausted = true;
          if (items.length === 0) break;
          const packed = packCalls(items, calls, perCall, bytesOf);
          for (const group of packed) start(group);
          // Items that did not fit the free calls are read again when a call is free.
          if (packed.reduce((n, g) => n + g.length, 0) < items.length) exhausted = false;
        }
        if (tasks.size === 0) break;
        await new Promise<void>((r) => (wake = r));
        wake = null;
        // A reply frees a slot: read again if items may have become due since the last read.
        if (unsettled || !gate || gate.noted() !== notedAtRead) exhausted = false;
        unsettled = false;
      }

      if (storageError !== null) throw storageError;
      const now = clock.now();
      if (holdUntil > now) return { nextDueAt: holdUntil, sent, held: true };
      return { nextDueAt: db.read((d) => nextDueAt(d, busy)), sent, held: false };
    },
  };
}
