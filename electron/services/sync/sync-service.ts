// The back-office queue as one service: features enqueue envelopes inside their own
// transactions; when a back office is configured, one worker delivers them, one puller brings
// status changes back, and a heartbeat reports the kiosk's health. With no back office
// (single site) everything waits in the outbox and guide mode is the console.
//
// Usage by a feature (the request issue, help calls, ratings):
//
//   await s.db.write((tx) => {
//     insertRequest(tx, request);                                   // the feature's own row
//     s.sync.enqueue(tx, { id: request.id, kind: 'request', body }); // same transaction
//   });
//   s.sync.addStatusSink({ name: 'requests', apply: (tx, change) => … });   // at start
import fs from 'node:fs';
import { z } from 'zod';
import {
  envelopeSchema,
  MAX_BODY_BYTES,
  SUBMISSION_KINDS,
  type Envelope,
  type SyncStatus,
} from '../../domain/sync';
import type { KioskConfig } from '../config';
import type { Logger } from '../logger';
import type { KioskDatabase } from '../storage/database';
import type { Db } from '../storage/sql';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { createBackOfficeClient, type CallOutcome } from './client';
import { createOffsetTracker, systemClock, type ClockOffset, type SyncClock } from './clock';
import {
  createContactTracker,
  createDeliveryWorker,
  createDurabilityGate,
  type DeliveryEvent,
  type DeliveryWorker,
} from './delivery-worker';
import { buildHeartbeat } from './heartbeat';
import {
  clearStatusChangeNotes,
  getItem,
  insertEnvelope,
  itemsOfTicket,
  purgeDelivered,
  replaceUndeliveredBody,
  requeueDead,
  undeliveredBody,
  reviseDeadBody,
  setSyncState,
} from './outbox-repository';
import { clearRetry, pendingRetries } from './retry-spool';
import { createProfilePuller, type ProfilePuller, type ProfileSink } from './profile-puller';
import { createStatusPuller, type StatusPuller, type StatusSink } from './status-puller';
import { Refusal } from '../../refusal';
import { backOfficeProblem, buildSyncStatus, endpointOrigin } from './sync-status';
import { loadExtraCas } from './tls-trust';
import { nodeHttpTransport, type HttpTransport, type TransportFactory } from './transport';

const UUID = z.regexes.uuid();
const KINDS: ReadonlySet<unknown> = new Set(SUBMISSION_KINDS);

/**
 * The common case of `envelopeSchema`, checked directly: exactly `id`, `kind` and `body`, a uuid,
 * a known kind, a body with Object's own prototype and no symbol keys. Everything it accepts the
 * schema accepts unchanged; anything else goes through the schema (which also names the fields
 * wrong). Every enqueue is checked, and the schema cost more than the insert.
 */
export function plainEnvelope(e: unknown): e is Envelope {
  if (typeof e !== 'object' || e === null || Object.getPrototypeOf(e) !== Object.prototype)
    return false;
  // Exactly these enumerable keys (`strict()` refuses any other).
  const keys = Object.keys(e);
  if (
    keys.length !== 3 ||
    !keys.includes('id') ||
    !keys.includes('kind') ||
    !keys.includes('body') ||
    Object.getOwnPropertySymbols(e).length > 0
  )
    return false;
  const { id, kind, body } = e as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    UUID.test(id) &&
    KINDS.has(kind) &&
    typeof body === 'object' &&
    body !== null &&
    Object.getPrototypeOf(body) === Object.prototype &&
    Object.getOwnPropertySymbols(body).length === 0
  );
}

export class InvalidEnvelopeError extends Error {
  constructor(readonly fields: string[]) {
    super(`invalid envelope: ${fields.join(', ')}`);
    this.name = 'InvalidEnvelopeError';
  }
}

/**
 * Something the kiosk fetches from the back office now and then (content bundles, …): polled
 * once when delivery starts, then every `intervalMs`; a failing poll is logged and tried again
 * at the next interval. Runs only with a back office configured.
 */
export interface SyncFeed {
  name: string;
  intervalMs: number;
  /** One poll; `get` is a signed GET relative to the endpoint (`v1/content?since=3`). */
  poll(
    get: (relative: string, signal: AbortSignal) => Promise<CallOutcome>,
    signal: AbortSignal,
  ): Promise<void>;
}

export interface SyncServiceOptions {
  db: KioskDatabase;
  log: Logger;
  config: KioskConfig;
  appVersion: string;
  /** The data directory (retry spool, disk free space in the heartbeat). */
  dataRoot: string;
  /** The config file: tightened to 0600 at start if it holds a secret and is readable by others. */
  configFile?: string;
  clock?: SyncClock;
  /** A ready transport (tests, benchmarks); else `transportFactory` makes one. */
  transport?: HttpTransport;
  /** The shell's network stack (Electron's); default node:http(s). Given the trusted extra CAs. */
  transportFactory?: TransportFactory;
  random?: () => number;
  concurrency?: number;
  backoff?: BackoffPolicy;
  /** Overrides backOffice.requestTimeoutSeconds (tests make hangs cheap). */
  timeoutMs?: number;
  /** Recheck of the outbox when nothing is due and nobody kicked (default 30 s). */
  pollMs?: number;
  onEvent?: (e: DeliveryEvent) => void;
}

/** The parts that talk to the back office; tests and benchmarks drive them directly. */
export interface SyncEngine {
  worker: DeliveryWorker;
  puller: StatusPuller;
  profiles: ProfilePuller;
  sendHeartbeat(signal: AbortSignal): Promise<boolean>;
  /** Polls one registered feed now (tests drive feeds through this). */
  pollFeed(name: string, signal: AbortSignal): Promise<void>;
}

export interface SyncService {
  /**
   * Queues an envelope. Call it INSIDE the `db.write` transaction that stores what it carries, so
   * one is never stored without the other. Throws (rolling the caller's transaction back) on an
   * invalid envelope, a body over 64 KiB, or an id already queued.
   */
  enqueue(tx: Db, envelope: Envelope): void;
  /**
   * Replaces the body of a dead letter (staff fixed the data it carries); `retry` then resends
   * it. Only dead letters: a pending item may be on its way already.
   */
  revise(tx: Db, envelope: Envelope): void;
  /**
   * Rewrites the body of an item not yet delivered (pending or dead) through `edit`, when a
   * feature purges personal data under its retention rule. An attempt already in flight may still
   * carry the old body. Returns false when the item is delivered (no body kept) or unknown.
   */
  redact(
    tx: Db,
    id: string,
    edit: (body: Record<string, unknown>) => Record<string, unknown>,
  ): boolean;
  /**
   * Retention: rewrites through `edit` every undelivered item that carries `ticket` (the request
   * and notices about it), and forgets the notes of the status changes pulled for the request
   * (the request's timeline keeps its own copy, purged by the same rule). Returns how many items
   * were rewritten.
   */
  purgeTicket(
    tx: Db,
    ticket: string,
    requestId: string,
    edit: (body: Record<string, unknown>) => Record<string, unknown>,
  ): number;
  /** Registers where pulled status changes go. Call before `start()`. */
  addStatusSink(sink: StatusSink): void;
  /** Registers where the back office's enterprise profiles go. Call before `start()`. */
  provideProfiles(sink: ProfileSink): void;
  /** Registers a feed polled from the back office. Call before `start()`. */
  addFeed(feed: SyncFeed): void;
  /**
   * Adds a named report to the heartbeat (e.g. `printer` → `{ state, detail }`); it may return a
   * promise (5 s at most). A name like a built-in section (`versions`, `disk`) adds to it.
   */
  provideHealth(name: string, report: () => unknown): void;
  status(): SyncStatus;
  /** The kiosk's clock against the back office's, from the last answer (null before one). */
  clockOffset(): ClockOffset | null;
  /** Puts a dead letter back in the queue. */
  retry(id: string): Promise<void>;
  /** Wakes the worker (enqueue does this by itself once the transaction is durable). */
  kick(): void;
  start(): void;
  close(): Promise<void>;
  /** Null in single-site mode or when the back office is misconfigured. */
  readonly engine: SyncEngine | null;
}

export function createSyncService(opts: SyncServiceOptions): SyncService {
  const { db, log, config } = opts;
  const clock = opts.clock ?? systemClock();
  const random = opts.random ?? Math.random;
  const policy = opts.backoff ?? DEFAULT_BACKOFF;
  const pollMs = opts.pollMs ?? 30_000;
  const bo = config.backOffice;
  const sinks: StatusSink[] = [];
  let profileSink: ProfileSink | null = null;
  const feeds: SyncFeed[] = [];
  const extras = new Map<string, () => unknown>();
  const contact = createContactTracker();
  const gate = createDurabilityGate(db);
  const iso = (ms: number) => new Date(ms).toISOString();
  const offsets = createOffsetTracker();

  let problem = backOfficeProblem(config);
  let engine: SyncEngine | null = null;
  if (bo.endpoint && bo.kioskSecret && !problem) {
    try {
      const transport =
        opts.transport ??
        (opts.transportFactory ?? nodeHttpTransport)({
          maxSockets: opts.concurrency ?? 4,
          extraCas: loadExtraCas(bo.caCertificate).pems,
        });
      const client = createBackOfficeClient({
        endpoint: bo.endpoint,
        kioskId: config.kioskId,
        secret: bo.kioskSecret,
        transport,
        now: () => clock.now(),
        timeoutMs: opts.timeoutMs ?? bo.requestTimeoutSeconds * 1000,
        onServerTime: (o) => offsets.observe(o),
      });
      const worker = createDeliveryWorker({
        db,
        client,
        clock,
        log,
        kioskId: config.kioskId,
        random,
        backoff: policy,
        contact,
        durability: gate,
        ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
        ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
        onDelivered: (tx, info) => {
          // A failing sink must not keep the delivery from being recorded.
          for (const sink of sinks) {
            if (!sink.delivered) continue;
            tx.run('SAVEPOINT delivered_sink');
            try {
              sink.delivered(tx, info);
              tx.run('RELEASE delivered_sink');
            } catch (e) {
              tx.run('ROLLBACK TO delivered_sink');
              tx.run('RELEASE delivered_sink');
              log.error('sync.delivered_sink_failed', {
                sink: sink.name,
                id: info.id,
                message: e instanceof Error ? e.message : String(e),
              });
            }
          }
        },
      });
      const puller = createStatusPuller({ db, client, clock, log, sinks: () => sinks, contact });
      const profiles = createProfilePuller({
        client,
        kioskId: config.kioskId,
        secret: bo.kioskSecret,
        clock,
        log,
        contact,
        sink: () => profileSink,
      });
      engine = {
        worker,
        puller,
        profiles,
        async sendHeartbeat(signal) {
          const body = await buildHeartbeat({
            db,
            kioskId: config.kioskId,
            appVersion: opts.appVersion,
            dataRoot: opts.dataRoot,
            now: () => clock.now(),
            clockOffset: offsets.current(),
            extras: () => extras,
          });
          const out = await client.heartbeat(body, signal);
          const now = clock.now();
          if (out.type !== 'ok') {
            if (out.type !== 'aborted') contact.failed(now, `heartbeat: ${out.reason}`);
            return false;
          }
          contact.ok(now);
          await db.write((tx) => {
            setSyncState(tx, 'last_heartbeat_at', iso(now));
            setSyncState(tx, 'last_contact_at', iso(now));
          });
          return true;
        },
        async pollFeed(name, signal) {
          const feed = feeds.find((f) => f.name === name);
          if (!feed) throw new Error(`no feed ${name}`);
          await feed.poll((relative, s) => client.get(relative, s), signal);
        },
      };
    } catch (e) {
      problem = `backOffice.endpoint cannot be used: ${(e as Error).message}`;
    }
  }
  if (problem) log.error('sync.misconfigured', { problem });

  const stop = new AbortController();
  let wake: AbortController | null = null;
  let kicked = false;
  let started = false;
  const loops: Promise<void>[] = [];

  const sleep = async (ms: number, wakeable: boolean) => {
    if (stop.signal.aborted || ms <= 0) return;
    if (!wakeable) return clock.sleep(ms, stop.signal);
    wake = new AbortController();
    await clock.sleep(ms, AbortSignal.any([stop.signal, wake.signal]));
    wake = null;
  };

  async function applyRetrySpool(): Promise<void> {
    for (const id of pendingRetries(opts.dataRoot)) {
      try {
        await service.retry(id);
        log.info('sync.retry_from_cli', { id });
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        log.warn('sync.retry_from_cli_ignored', { id, code: e.code });
      }
      clearRetry(opts.dataRoot, id);
    }
  }

  async function purgeOldDelivered(): Promise<void> {
    const before = iso(clock.now() - config.retention.logDays * 86_400_000);
    const n = await db.write((tx) => purgeDelivered(tx, before));
    if (n > 0) log.info('sync.delivered_purged', { count: n, before });
  }

  async function workerLoop(e: SyncEngine): Promise<void> {
    let lastPurge = 0;
    while (!stop.signal.aborted) {
      let next: number | null = null;
      try {
        await applyRetrySpool();
        if (clock.now() - lastPurge > 86_400_000) {
          await purgeOldDelivered();
          lastPurge = clock.now();
        }
        kicked = false;
        next = (await e.worker.drain(stop.signal)).nextDueAt;
      } catch (err) {
        log.error('sync.worker_failed', { error: (err as Error).message });
        next = clock.now() + pollMs;
      }
      if (kicked) continue;
      const wait = next === null ? pollMs : Math.min(pollMs, next - clock.now());
      await sleep(wait, true);
    }
  }

  async function pullLoop(e: SyncEngine): Promise<void> {
    const interval = bo.pullIntervalSeconds * 1000;
    let failures = 0;
    while (!stop.signal.aborted) {
      let wait = interval;
      try {
        await e.puller.pullOnce(stop.signal);
        await e.profiles.pullOnce(stop.signal);
        if (failures > 0) log.info('sync.pull_resumed', { afterFailures: failures });
        failures = 0;
      } catch (err) {
        failures++;
        if (failures === 1) log.warn('sync.pull_failed', { error: (err as Error).message });
        wait = Math.min(interval, backoffDelay(failures, policy, random));
      }
      await sleep(wait, false);
    }
  }

  /** Single site: nothing to deliver, but `kioskctl sync retry` still has to be applied. */
  async function spoolLoop(): Promise<void> {
    while (!stop.signal.aborted) {
      try {
        await applyRetrySpool();
      } catch (err) {
        log.warn('sync.retry_spool_failed', { error: (err as Error).message });
      }
      await sleep(pollMs, false);
    }
  }

  async function feedLoop(e: SyncEngine, feed: SyncFeed): Promise<void> {
    let failures = 0;
    while (!stop.signal.aborted) {
      try {
        await e.pollFeed(feed.name, stop.signal);
        failures = 0;
      } catch (err) {
        failures++;
        if (failures === 1)
          log.warn('sync.feed_failed', { feed: feed.name, error: (err as Error).message });
      }
      await sleep(feed.intervalMs, false);
    }
  }

  async function heartbeatLoop(e: SyncEngine): Promise<void> {
    const interval = bo.heartbeatIntervalSeconds * 1000;
    while (!stop.signal.aborted) {
      try {
        await e.sendHeartbeat(stop.signal);
      } catch (err) {
        log.warn('sync.heartbeat_failed', { error: (err as Error).message });
      }
      await sleep(interval, false);
    }
  }

  function validated(envelope: Envelope): { id: string; kind: Envelope['kind']; body: string } {
    if (plainEnvelope(envelope)) {
      const body = JSON.stringify(envelope.body);
      if (Buffer.byteLength(body) > MAX_BODY_BYTES) throw new InvalidEnvelopeError(['body']);
      return { id: envelope.id, kind: envelope.kind, body };
    }
    const parsed = envelopeSchema.safeParse(envelope);
    if (!parsed.success)
      throw new InvalidEnvelopeError([
        ...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)')),
      ]);
    const body = JSON.stringify(parsed.data.body);
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) throw new InvalidEnvelopeError(['body']);
    return { id: parsed.data.id, kind: parsed.data.kind, body };
  }

  function tightenConfigFile(): void {
    if (!opts.configFile || !bo.kioskSecret || process.platform === 'win32') return;
    try {
      const mode = fs.statSync(opts.configFile).mode & 0o777;
      if (mode & 0o077) {
        fs.chmodSync(opts.configFile, 0o600);
        log.warn('sync.config_permissions_tightened', { was: mode.toString(8), now: '600' });
      }
    } catch (err) {
      log.warn('sync.config_permissions_unchecked', { error: (err as Error).message });
    }
  }

  const service: SyncService = {
    engine,

    enqueue(tx, envelope) {
      const { id, kind, body } = validated(envelope);
      const now = clock.now();
      insertEnvelope(tx, { id, kind, body }, iso(now), now);
      // The worker waits for this transaction to be on disk before sending (durability gate).
      gate.note(id);
      if (engine && started) setImmediate(() => service.kick());
    },

    revise(tx, envelope) {
      const { id, body } = validated(envelope);
      const state = reviseDeadBody(tx, id, body);
      if (state === null) throw new Refusal('NOT_FOUND', 'no such item in the outbox');
      if (state !== 'dead') throw new Refusal('NOT_DEAD', `the item is ${state}`);
    },

    redact(tx, id, edit) {
      const current = undeliveredBody(tx, id);
      if (current === null) return false;
      const item = getItem(tx, id);
      if (!item) return false;
      const next = edit(JSON.parse(current) as Record<string, unknown>);
      const { body } = validated({ id, kind: item.kind, body: next });
      return replaceUndeliveredBody(tx, id, body);
    },

    purgeTicket(tx, ticket, requestId, edit) {
      clearStatusChangeNotes(tx, requestId);
      let n = 0;
      for (const item of itemsOfTicket(tx, ticket))
        if (item.state !== 'delivered' && service.redact(tx, item.id, edit)) n++;
      return n;
    },

    addStatusSink(sink) {
      sinks.push(sink);
    },

    provideProfiles(sink) {
      profileSink = sink;
    },

    addFeed(feed) {
      feeds.push(feed);
    },

    provideHealth(name, report) {
      extras.set(name, report);
    },

    status() {
      return db.read((d) =>
        buildSyncStatus(d, {
          mode: bo.endpoint ? 'back-office' : 'single-site',
          endpoint: endpointOrigin(bo.endpoint),
          problem,
          lastContactAt: contact.lastContactAt(),
          lastError: contact.lastError(),
        }),
      );
    },

    clockOffset: () => offsets.current(),

    async retry(id) {
      const state = await db.write((tx) => requeueDead(tx, id, clock.now()));
      if (state === null) throw new Refusal('NOT_FOUND', 'no such item in the outbox');
      if (state !== 'dead') throw new Refusal('NOT_DEAD', `the item is ${state}`);
      const item = db.read((d) => getItem(d, id));
      log.info('sync.dead_letter_requeued', { id, kind: item?.kind ?? null });
      service.kick();
    },

    kick() {
      kicked = true;
      wake?.abort();
    },

    start() {
      if (started) return;
      started = true;
      tightenConfigFile();
      if (!engine) {
        log.info('sync.single_site', { problem });
        loops.push(spoolLoop());
        return;
      }
      log.info('sync.started', { endpoint: endpointOrigin(bo.endpoint) });
      loops.push(workerLoop(engine), pullLoop(engine), heartbeatLoop(engine));
      for (const feed of feeds) loops.push(feedLoop(engine, feed));
    },

    async close() {
      stop.abort();
      await Promise.allSettled(loops);
    },
  };
  return service;
}
