// The sync service's behaviour one rule at a time: enqueueing inside the caller's transaction,
// dead letters and staff retry, holding on a refused kiosk, the durability gate, the status
// puller's containment, the run loop, and keeping the secret out of every log and status.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../../electron/domain/sync';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { openDatabase } from '../../../../electron/services/storage/database';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations/index';
import { all, run, scalar } from '../../../../electron/services/storage/sql';
import { nodeStorageFs, type StorageFs } from '../../../../electron/services/storage/storage-fs';
import {
  backoffCeiling,
  backoffDelay,
  DEFAULT_BACKOFF,
  seededRandom,
} from '../../../../electron/services/sync/backoff';
import { Refusal } from '../../../../electron/refusal';
import { systemClock } from '../../../../electron/services/sync/clock';
import {
  outboxStats,
  statusChangesFor,
} from '../../../../electron/services/sync/outbox-repository';
import { requestRetry } from '../../../../electron/services/sync/retry-spool';
import {
  createSyncService,
  InvalidEnvelopeError,
} from '../../../../electron/services/sync/sync-service';
import {
  backOfficeTargets,
  warmUpTargets,
  type TargetFactory,
} from '../../../support/back-office-targets';
import { newKioskSecret } from '../../../support/reference-receiver';
import { openTestDb, syncConfig, syntheticEnvelope, tempDir } from '../../../support/sync-harness';
import {
  enqueueOn,
  outboxRow,
  RIG_T0,
  startSyncRig,
  type SyncRig,
  type SyncRigOptions,
} from '../../../support/sync-rig';

const T0 = RIG_T0;
const signal = new AbortController().signal;

// The real back office's embedded database takes seconds to start on a busy machine.
beforeAll(() => warmUpTargets(), 180_000);

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

type Rig = SyncRig;
const rig = (target: TargetFactory, opts: SyncRigOptions = {}) => startSyncRig(target, open, opts);
const enqueue = (r: Rig, e: Envelope) => enqueueOn(r, e);
const itemRow = outboxRow;

describe('backoff', () => {
  it('doubles from 2 s and stays at the 5-minute cap', () => {
    const ceilings = Array.from({ length: 12 }, (_, i) => backoffCeiling(i + 1, DEFAULT_BACKOFF));
    expect(ceilings).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000,
      300_000,
    ]);
    expect(backoffCeiling(1000, DEFAULT_BACKOFF)).toBe(300_000);
  });

  it('draws uniformly over the whole range (full jitter), never below the floor', () => {
    const rnd = seededRandom(42);
    const draws = Array.from({ length: 2000 }, () => backoffDelay(9, DEFAULT_BACKOFF, rnd));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...draws)).toBeLessThanOrEqual(300_000);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(130_000);
    expect(mean).toBeLessThan(170_000);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(500);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.999999)).toBe(7_999);
  });
});

describe('enqueue', () => {
  it('lives and dies with the caller’s transaction', async () => {
    const dir = tempDir();
    const db = await openTestDb(dir);
    open.push(db);
    const sync = createSyncService({
      db,
      log: createMemoryLogger(),
      config: syncConfig(null, null),
      appVersion: 'test',
      dataRoot: dir,
    });
    const e = syntheticEnvelope(1);
    await expect(
      db.write((tx) => {
        run(tx, "INSERT INTO events (at, kind) VALUES ('2026-03-02', 'feature-row')");
        sync.enqueue(tx, e);
        throw new Error('the feature failed after enqueueing');
      }),
    ).rejects.toThrow('the feature failed');
    expect(db.read((d) => outboxStats(d).pending)).toBe(0);
    expect(db.read((d) => scalar(d, 'SELECT COUNT(*) FROM events'))).toBe(0);

    // An invalid envelope fails the caller's transaction too: the feature's row is not kept.
    const bad = { ...e, kind: 'parcel' } as unknown as Envelope;
    const failed = db.write((tx) => {
      run(tx, "INSERT INTO events (at, kind) VALUES ('2026-03-02', 'feature-row')");
      sync.enqueue(tx, bad);
    });
    await expect(failed).rejects.toBeInstanceOf(InvalidEnvelopeError);
    await expect(failed).rejects.toMatchObject({ fields: ['kind'] });
    expect(db.read((d) => scalar(d, 'SELECT COUNT(*) FROM events'))).toBe(0);
    await expect(
      db.write((tx) => sync.enqueue(tx, { ...e, id: 'not-a-uuid' })),
    ).rejects.toMatchObject({ fields: ['id'] });
    await expect(
      db.write((tx) => sync.enqueue(tx, { ...e, body: { text: 'x'.repeat(70_000) } })),
    ).rejects.toMatchObject({ fields: ['body'] });

    await db.write((tx) => sync.enqueue(tx, e));
    await expect(db.write((tx) => sync.enqueue(tx, e))).rejects.toThrow(/already in the outbox/);
    expect(db.read((d) => outboxStats(d))).toMatchObject({
      pending: 1,
      pendingByKind: { request: 1 },
    });
    // Single site: no engine, the item waits.
    expect(sync.engine).toBeNull();
    expect(sync.status()).toMatchObject({
      mode: 'single-site',
      endpoint: null,
      backlog: { pending: 1 },
    });
  });
});

for (const target of backOfficeTargets())
  describe.skipIf(target.skip !== null)(`delivery (${target.name})`, () => {
    it('turns a permanent refusal into a dead letter with its reason; staff retry resends it', async () => {
      const r = await rig(target);
      const good = syntheticEnvelope(0);
      // A request without its ticket: the back office refuses that item for its content (alone
      // or within a batch), and delivers the other.
      const original = syntheticEnvelope(1);
      const { ticket, ...withoutTicket } = original.body;
      const bad = { ...original, body: withoutTicket };
      await enqueue(r, good);
      await enqueue(r, bad);
      const engine = r.sync.engine;
      if (!engine) throw new Error('engine expected');
      await engine.worker.drain(signal);

      expect(await r.receiver.submission(good.id)).toBeDefined();
      expect(await r.receiver.submission(bad.id)).toBeUndefined();
      const status = r.sync.status();
      expect(status).toMatchObject({
        mode: 'back-office',
        backlog: { pending: 0 },
        delivered: 1,
        deadLetterCount: 1,
        deadLetters: [
          {
            id: bad.id,
            kind: bad.kind,
            attempts: 1,
            reason: expect.stringMatching(/invalid-envelope: body\.ticket/) as string,
          },
        ],
      });
      expect(status.lastContactAt).toBe(new Date(T0).toISOString());
      // A dead letter is not retried by itself.
      r.clock.advance(3_600_000);
      expect((await engine.worker.drain(signal)).sent).toBe(0);

      await expect(r.sync.retry(good.id)).rejects.toMatchObject({ code: 'NOT_DEAD' });
      await expect(r.sync.retry(crypto.randomUUID())).rejects.toBeInstanceOf(Refusal);
      // Staff fix the data it carries, then resend it.
      const fixed = { ...bad, body: { ...bad.body, ticket } };
      await expect(
        r.db.write((tx) => r.sync.revise(tx, { ...good, body: {} })),
      ).rejects.toMatchObject({ code: 'NOT_DEAD' });
      await r.db.write((tx) => r.sync.revise(tx, fixed));
      await r.sync.retry(bad.id);
      expect(itemRow(r.db, bad.id)).toMatchObject({ state: 'pending', attempts: 0 });
      await engine.worker.drain(signal);
      expect((await r.receiver.submission(bad.id))?.body).toEqual(fixed.body);
      expect(r.sync.status()).toMatchObject({ deadLetterCount: 0, delivered: 2 });
      expect(r.log.lines.some((l) => l.event === 'sync.dead_letter')).toBe(true);
    });

    it('holds the queue, without dead letters, while the back office refuses the kiosk', async () => {
      const r = await rig(target, { kioskSecret: newKioskSecret() });
      const items = Array.from({ length: 10 }, (_, i) => syntheticEnvelope(i));
      for (const e of items) await enqueue(r, e);
      const engine = r.sync.engine;
      if (!engine) throw new Error('engine expected');
      const first = await engine.worker.drain(signal);
      expect(first.held).toBe(true);
      // Only the calls already in flight (concurrency 4: one batch of all ten, or four single
      // calls to a back office without batches) met the refusal; the rest waited.
      const refusedCalls = r.receiver.arrivals.filter((a) => a.outcome === 'refused:bad-signature');
      expect(refusedCalls.length).toBeGreaterThan(0);
      expect(refusedCalls.length).toBeLessThanOrEqual(4);
      expect(first.sent).toBe(
        r.db.read((d) => all(d, 'SELECT 1 FROM outbox WHERE attempts = 1')).length,
      );
      // An older back office answers the batch 404 before it checks the signature.
      for (const a of r.receiver.arrivals)
        expect(['refused:bad-signature', 'http:404', 'refused:not-found']).toContain(a.outcome);
      expect(r.sync.status()).toMatchObject({
        backlog: { pending: 10 },
        deadLetterCount: 0,
        lastError: { message: '401 bad-signature: call refused' },
      });
      // While held, nothing is sent; after the hold, one probe.
      expect((await engine.worker.drain(signal)).sent).toBe(0);
      r.clock.advance(300_000);
      expect((await engine.worker.drain(signal)).sent).toBe(1);

      // Staff fix the secret (a restart with the right config): everything goes through.
      await r.sync.close();
      const fixed = createSyncService({
        db: r.db,
        log: r.log,
        config: syncConfig(r.receiver.url, r.secret),
        appVersion: 'test',
        dataRoot: r.dir,
        clock: r.clock,
      });
      open.push(fixed);
      r.clock.advance(300_000);
      await fixed.engine?.worker.drain(signal);
      expect((await r.receiver.storedIds()).size).toBe(10);
    });

    it('backs off an item that keeps failing with 500, with full jitter under the cap', async () => {
      const r = await rig(target, { receiver: { fault: () => ({ type: 'status', status: 500 }) } });
      const e = syntheticEnvelope(0);
      await enqueue(r, e);
      const engine = r.sync.engine;
      if (!engine) throw new Error('engine expected');
      const waits: number[] = [];
      for (let i = 1; i <= 12; i++) {
        const res = await engine.worker.drain(signal);
        expect(res.held).toBe(false);
        const row = itemRow(r.db, e.id);
        expect(row).toMatchObject({
          state: 'pending',
          attempts: i,
          last_error: '500 unavailable: injected',
        });
        const wait = (row?.next_attempt_at ?? 0) - r.clock.now();
        waits.push(wait);
        expect(wait).toBeGreaterThanOrEqual(500);
        expect(wait).toBeLessThanOrEqual(backoffCeiling(i, DEFAULT_BACKOFF));
        r.clock.advance(wait);
      }
      expect(Math.max(...waits.slice(8))).toBeGreaterThan(16_000);
      expect(r.receiver.arrivals).toHaveLength(12);
    });

    it('never sends an item whose transaction a disk failure rolled back', async () => {
      const dir = tempDir();
      let failing = false;
      const fsx: StorageFs = {
        ...nodeStorageFs,
        writeFileSynced: async (file, bytes) => {
          if (failing)
            throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
          return nodeStorageFs.writeFileSynced(file, bytes);
        },
        appendSynced: async (file, bytes) => {
          if (failing)
            throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
          return nodeStorageFs.appendSynced(file, bytes);
        },
      };
      const secret = newKioskSecret();
      const receiver = await target.start({ kiosks: { DQ01: secret } });
      open.push(receiver);
      const log = createMemoryLogger();
      const db = await openDatabase({
        dir: path.join(dir, 'db'),
        migrations: MIGRATIONS,
        log,
        fs: fsx,
      });
      open.push(db);
      const sync = createSyncService({
        db,
        log,
        config: syncConfig(receiver.url, secret),
        appVersion: 'test',
        dataRoot: dir,
      });
      const e = syntheticEnvelope(0);
      failing = true;
      const stored = db.write((tx) => sync.enqueue(tx, e));
      // The worker runs while the write is committed in memory but not yet on disk.
      const drained = sync.engine?.worker.drain(signal);
      await expect(stored).rejects.toMatchObject({ reason: 'storage-full' });
      await expect(drained).rejects.toBeTruthy();
      expect(receiver.arrivals).toHaveLength(0);
      failing = false;
      expect(await db.retry()).toBe(true);
      expect(db.read((d) => outboxStats(d).pending)).toBe(0);
    });
  });

for (const target of backOfficeTargets())
  describe.skipIf(target.skip !== null)(`status pull (${target.name})`, () => {
    it('applies each change once, contains a failing sink, skips invalid changes', async () => {
      const r = await rig(target);
      const applied: string[] = [];
      r.sync.addStatusSink({
        name: 'requests',
        apply(tx, c) {
          if (c.status === 'returned') throw new Error('cannot store note');
          run(tx, "INSERT INTO events (at, kind, detail) VALUES (?, 'status', ?)", [
            c.at,
            c.status,
          ]);
          applied.push(`${c.submissionId}:${c.status}`);
          return 'applied';
        },
        delivered(tx, info) {
          run(tx, "INSERT INTO events (at, kind, detail) VALUES (?, 'delivered', ?)", [
            info.deliveredAt,
            info.id,
          ]);
        },
      });
      // A second sink whose delivery hook is broken must not keep the delivery from being recorded.
      r.sync.addStatusSink({
        name: 'broken',
        apply: () => 'unknown',
        delivered(tx) {
          run(tx, "INSERT INTO events (at, kind) VALUES ('x', 'broken-sink')");
          throw new Error('sink bug');
        },
      });
      const e = syntheticEnvelope(0);
      await enqueue(r, e);
      const engine = r.sync.engine;
      if (!engine) throw new Error('engine expected');
      await engine.worker.drain(signal);
      expect(
        r.db.read((d) => all(d, "SELECT detail FROM events WHERE kind = 'delivered'")),
      ).toEqual([{ detail: e.id }]);
      expect(itemRow(r.db, e.id)?.state).toBe('delivered');
      expect(r.db.read((d) => all(d, "SELECT 1 FROM events WHERE kind = 'broken-sink'"))).toEqual(
        [],
      );
      expect(r.log.lines.some((l) => l.event === 'sync.delivered_sink_failed')).toBe(true);
      await r.receiver.setStatus(e.id, 'accepted');
      await r.receiver.setStatus(e.id, 'returned', { note: '缺少法定代表人身份证明' });
      await r.receiver.setStatus(e.id, 'follow-up', { verdict: 'very-satisfied', note: '已回访' });

      const res = await engine.puller.pullOnce(signal);
      expect(res).toMatchObject({ received: 4, applied: 3, invalid: 0 });
      expect(applied).toEqual([`${e.id}:received`, `${e.id}:accepted`, `${e.id}:follow-up`]);
      const log = r.db.read((d) => statusChangesFor(d, e.id));
      expect(log.map((l) => [l.status, l.outcome])).toEqual([
        ['received', 'applied'],
        ['accepted', 'applied'],
        ['returned', 'failed: requests: cannot store note'],
        ['follow-up', 'applied'],
      ]);
      // The failed sink's own writes were rolled back, the rest of the page kept.
      expect(
        r.db
          .read((d) => all(d, "SELECT detail FROM events WHERE kind = 'status'"))
          .map((x) => x.detail),
      ).toEqual(['received', 'accepted', 'follow-up']);

      // Nothing new: nothing applied again.
      expect(await engine.puller.pullOnce(signal)).toMatchObject({ received: 0, applied: 0 });
      expect(applied).toHaveLength(3);
    });
  });

for (const target of backOfficeTargets())
  describe.skipIf(target.skip !== null)(`the running service (${target.name})`, () => {
    it('delivers on enqueue, pulls, beats, and stops promptly even with a call hanging', async () => {
      const dir = tempDir();
      const secret = newKioskSecret();
      let hang = false;
      const receiver = await target.start({
        kiosks: { DQ01: secret },
        fault: (a) => (hang && a.id ? { type: 'hang' } : null),
      });
      open.push(receiver);
      const log = createMemoryLogger();
      const db = await openTestDb(dir, log);
      open.push(db);
      const sync = createSyncService({
        db,
        log,
        config: syncConfig(receiver.url, secret),
        appVersion: 'test',
        dataRoot: dir,
        clock: systemClock(),
        timeoutMs: 60_000,
      });
      sync.start();
      const items = Array.from({ length: 20 }, (_, i) => syntheticEnvelope(i));
      for (const e of items) await db.write((tx) => sync.enqueue(tx, e));
      const deadline = Date.now() + 10_000;
      while ((await receiver.storedIds()).size < 20 && Date.now() < deadline)
        await new Promise((res) => setTimeout(res, 20));
      expect((await receiver.storedIds()).size).toBe(20);
      while ((await receiver.heartbeats()).length === 0 && Date.now() < deadline)
        await new Promise((res) => setTimeout(res, 20));
      expect((await receiver.heartbeats())[0]?.body).toMatchObject({
        kioskId: 'DQ01',
        versions: { app: 'test' },
        storage: { inService: true },
        printer: { state: 'unknown' },
      });

      hang = true;
      const stuck = syntheticEnvelope(99);
      await db.write((tx) => sync.enqueue(tx, stuck));
      while (!receiver.arrivals.some((a) => a.id === stuck.id))
        await new Promise((res) => setTimeout(res, 10));
      const t = Date.now();
      await sync.close();
      expect(Date.now() - t).toBeLessThan(5_000);
      expect(itemRow(db, stuck.id)).toMatchObject({ state: 'pending' });
    });

    it('applies retries left by `kioskctl sync retry` at start', async () => {
      const dir = tempDir();
      const db = await openTestDb(dir);
      open.push(db);
      const e = syntheticEnvelope(0);
      const mk = () =>
        createSyncService({
          db,
          log: createMemoryLogger(),
          config: syncConfig(null, null),
          appVersion: 'test',
          dataRoot: dir,
        });
      const first = mk();
      await db.write((tx) => {
        first.enqueue(tx, e);
        run(tx, "UPDATE outbox SET state = 'dead', dead_at = '2026-03-02', last_error = 'x'");
      });
      requestRetry(dir, e.id);
      const second = mk();
      second.start();
      const deadline = Date.now() + 5_000;
      const spool = path.join(dir, 'sync', 'retry');
      while (fs.readdirSync(spool).length > 0 && Date.now() < deadline)
        await new Promise((res) => setTimeout(res, 10));
      expect(fs.readdirSync(spool)).toEqual([]);
      expect(itemRow(db, e.id)?.state).toBe('pending');
      await second.close();
    });

    it('never logs or shows the secret', async () => {
      const r = await rig(target, {
        receiver: { fault: (a) => (a.seq % 2 ? { type: 'status', status: 500 } : null) },
      });
      for (let i = 0; i < 6; i++) await enqueue(r, syntheticEnvelope(i));
      const engine = r.sync.engine;
      if (!engine) throw new Error('engine expected');
      for (let i = 0; i < 5; i++) {
        await engine.worker.drain(signal);
        await engine.puller.pullOnce(signal).catch(() => undefined);
        await engine.sendHeartbeat(signal);
        r.clock.advance(60_000);
      }
      const everything = JSON.stringify([r.log.lines, r.sync.status()]);
      expect(everything).not.toContain(r.secret);
      expect(r.sync.status().endpoint).toBe(new URL(r.receiver.url).origin);
      expect(r.log.lines.some((l) => l.event === 'sync.retry')).toBe(true);
    });
  });
