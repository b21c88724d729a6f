// The delivery worker's batches (POST /v1/submission-batches), against every target: a batch
// answered item by item (accepted, duplicate, refused) and recorded in one write; a connection
// reset, a lost reply and a kiosk restart in the middle of a batch (nothing lost, nothing stored
// twice); the fall back to single calls for a back office without batches; a hold met by a batch;
// a reply that does not answer the batch; and the durability gate. Every target serves batches
// (the real back office too); the fall back is checked on a target told to answer them 404.
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, MAX_BATCH_ITEMS, type Envelope } from '../../../../electron/domain/sync';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { openDatabase } from '../../../../electron/services/storage/database';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations/index';
import { all, one, run } from '../../../../electron/services/storage/sql';
import { nodeStorageFs, type StorageFs } from '../../../../electron/services/storage/storage-fs';
import { backoffCeiling, DEFAULT_BACKOFF } from '../../../../electron/services/sync/backoff';
import { createBackOfficeClient } from '../../../../electron/services/sync/client';
import {
  CONTACT_WRITE_MS,
  NO_BATCHES_MS,
  packCalls,
} from '../../../../electron/services/sync/delivery-worker';
import {
  getSyncState,
  outboxStats,
  type OutboxItem,
} from '../../../../electron/services/sync/outbox-repository';
import { type SyncService } from '../../../../electron/services/sync/sync-service';
import { nodeHttpTransport } from '../../../../electron/services/sync/transport';
import {
  backOfficeTargets,
  warmUpTargets,
  type TargetFactory,
} from '../../../support/back-office-targets';
import { itemArrivals, type Arrival } from '../../../support/reference-receiver';
import { syntheticEnvelope, tempDir } from '../../../support/sync-harness';
import {
  enqueueOn,
  outboxRow,
  startSyncRig,
  type SyncRig,
  type SyncRigOptions,
} from '../../../support/sync-rig';

const signal = new AbortController().signal;
const BATCH_PATH = /\/v1\/submission-batches$/;
const SINGLE_PATH = /\/v1\/submissions$/;

beforeAll(() => warmUpTargets(), 180_000);

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

type Rig = SyncRig;
const rig = (target: TargetFactory, opts: SyncRigOptions = {}) =>
  startSyncRig(target, open, { seed: 7, ...opts });
const enqueue = enqueueOn;
const engineOf = (s: SyncService) => {
  if (!s.engine) throw new Error('engine expected');
  return s.engine;
};
const row = (r: Rig, id: string) => outboxRow(r.db, id);

/** Drains, moving the clock to whatever is due next, until nothing is pending. */
async function settle(r: Rig, sync = r.sync): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const res = await engineOf(sync).worker.drain(signal);
    if (res.nextDueAt === null) return;
    r.clock.advance(Math.max(1, res.nextDueAt - r.clock.now()));
  }
  throw new Error('the outbox did not settle');
}

/** Whether the target took a batch at all (each must, unless told to answer batches 404). */
const tookBatch = (arrivals: readonly Arrival[]) => arrivals.some((a) => a.items !== undefined);

/** What the protocol sends for an outbox row, built apart from the kiosk's own code. */
function wireOf(r: Rig, id: string) {
  const x = r.db.read((d) =>
    one<{ id: string; kind: string; body: string; created_at: string }>(
      d,
      'SELECT id, kind, body, created_at FROM outbox WHERE id = ?',
      [id],
    ),
  );
  if (!x) throw new Error(`no outbox row ${id}`);
  return {
    id: x.id,
    kind: x.kind as Envelope['kind'],
    kioskId: 'DQ01',
    createdAt: x.created_at,
    body: JSON.parse(x.body) as Record<string, unknown>,
  };
}

const item = (id: string, bytes: number): OutboxItem => ({
  id,
  kind: 'request',
  body: 'x'.repeat(bytes),
  createdAt: '2026-03-02T01:00:00.000Z',
  attempts: 0,
});

describe('packing due items into calls', () => {
  it('fills a call up to the item and byte limits; one item always goes, whatever its size', () => {
    const bytes = (i: OutboxItem) => i.body.length;
    const many = Array.from({ length: 120 }, (_, i) => item(`i${i}`, 1000));
    expect(packCalls(many, 4, MAX_BATCH_ITEMS, bytes).map((c) => c.length)).toEqual([50, 50, 20]);
    expect(packCalls(many, 2, MAX_BATCH_ITEMS, bytes).map((c) => c.length)).toEqual([50, 50]);
    expect(packCalls(many, 3, 1, bytes).map((c) => c.length)).toEqual([1, 1, 1]);
    // By bytes: 60 KiB items, three to a call (192 KiB); an item over the limit goes alone.
    const big = Array.from({ length: 7 }, (_, i) => item(`b${i}`, 60 * 1024));
    expect(packCalls(big, 4, MAX_BATCH_ITEMS, bytes).map((c) => c.length)).toEqual([3, 3, 1]);
    const huge = [item('h', MAX_BATCH_BYTES + 1), item('s', 10)];
    expect(packCalls(huge, 4, MAX_BATCH_ITEMS, bytes).map((c) => c.map((i) => i.id))).toEqual([
      ['h'],
      ['s'],
    ]);
    // The order (oldest due first) is kept.
    expect(packCalls(many, 4, MAX_BATCH_ITEMS, bytes).flat()).toEqual(many);
  });
});

for (const target of backOfficeTargets())
  describe.skipIf(target.skip !== null)(`batches (${target.name})`, () => {
    it('delivers a batch answered item by item, and records the call in one write', async () => {
      const r = await rig(target);
      const [a, b, c, e] = [0, 1, 2, 3].map((n) => syntheticEnvelope(n)) as [
        Envelope,
        Envelope,
        Envelope,
        Envelope,
      ];
      // A request without its ticket: refused for its content.
      const original = syntheticEnvelope(5);
      const { ticket: _ticket, ...withoutTicket } = original.body;
      const d = { ...original, body: withoutTicket };
      for (const x of [a, b, c, d, e]) await enqueue(r, x);
      // The back office already has a and b (as if their reply had been lost), and e's id with
      // other content.
      const direct = createBackOfficeClient({
        endpoint: r.receiver.url,
        kioskId: 'DQ01',
        secret: r.secret,
        transport: nodeHttpTransport(),
        now: () => r.clock.now(),
        timeoutMs: 10_000,
      });
      for (const x of [wireOf(r, a.id), wireOf(r, b.id)])
        expect(await direct.submit(x, signal)).toMatchObject({ type: 'ok', status: 201 });
      const other = wireOf(r, e.id);
      other.body = { ...other.body, screen: 'track' };
      expect(await direct.submit(other, signal)).toMatchObject({ type: 'ok', status: 201 });
      const before = r.receiver.arrivals.length;
      r.writes.n = 0;

      const res = await engineOf(r.sync).worker.drain(signal);

      expect(res).toMatchObject({ sent: 5, held: false, nextDueAt: null });
      for (const x of [a, b, c]) expect(row(r, x.id)).toMatchObject({ state: 'delivered' });
      expect(row(r, d.id)).toMatchObject({
        state: 'dead',
        attempts: 1,
        last_error: expect.stringMatching(/invalid-envelope: body\.ticket/) as string,
      });
      expect(row(r, e.id)).toMatchObject({
        state: 'dead',
        last_error: expect.stringContaining('conflict') as string,
      });
      expect(await r.receiver.submission(c.id)).toBeDefined();
      expect(await r.receiver.submission(d.id)).toBeUndefined();
      expect((await r.receiver.submission(e.id))?.body).toMatchObject({ screen: 'track' });
      expect((await r.receiver.submission(a.id))?.deliveries).toBe(2);
      expect(r.sync.status()).toMatchObject({ delivered: 3, deadLetterCount: 2 });
      // One event per item (in order for a batch; single calls end in any order).
      const byId = (x: [string, string, number], y: [string, string, number]) =>
        x[0].localeCompare(y[0]);
      const events = r.events.map((x): [string, string, number] => [x.id, x.type, x.attempt]);
      const expected: [string, string, number][] = [
        [a.id, 'delivered', 1],
        [b.id, 'delivered', 1],
        [c.id, 'delivered', 1],
        [d.id, 'dead', 1],
        [e.id, 'dead', 1],
      ];
      expect(events.sort(byId)).toEqual(expected.slice().sort(byId));

      const calls = r.receiver.arrivals.slice(before);
      expect(tookBatch(calls)).toBe(true);
      // One call for the five, answered item by item, and one write for all five outcomes (the
      // durability gate waited for the enqueueing writes' own flush: no write of its own).
      expect(calls).toHaveLength(1);
      expect(calls[0]?.items).toEqual([
        { id: a.id, outcome: 'duplicate' },
        { id: b.id, outcome: 'duplicate' },
        { id: c.id, outcome: 'accepted' },
        { id: d.id, outcome: 'refused:invalid-envelope' },
        { id: e.id, outcome: 'refused:conflict' },
      ]);
      expect(r.writes.n).toBe(1);
      expect(r.events.map((x) => x.id)).toEqual(expected.map((x) => x[0]));
      expect(new Set(r.events.map((x) => x.recordedAt)).size).toBe(1);
    });

    it('loses nothing and stores nothing twice when a batch is cut or its reply lost', async () => {
      let batches = 0;
      const r = await rig(target, {
        receiver: {
          // The first batch's connection is reset before it is read; the second's reply is lost
          // after the back office stored it.
          fault: (x) => {
            if (!BATCH_PATH.test(x.path)) return null;
            batches++;
            if (batches === 1) return { type: 'reset' };
            if (batches === 2) return { type: 'drop-reply' };
            return null;
          },
        },
      });
      const items = Array.from({ length: 20 }, (_, i) => syntheticEnvelope(i));
      for (const x of items) await enqueue(r, x);
      await settle(r);

      expect(r.db.read((d) => outboxStats(d))).toMatchObject({
        pending: 0,
        dead: 0,
        delivered: 20,
      });
      const stored = await r.receiver.submissions();
      expect(stored.map((s) => s.id).sort()).toEqual(items.map((x) => x.id).sort());
      const seen = itemArrivals(r.receiver.arrivals);
      const accepted = seen.filter((x) => x.outcome.startsWith('accepted'));
      expect(accepted).toHaveLength(20);
      expect(new Set(accepted.map((x) => x.id)).size).toBe(20);
      expect(batches).toBeGreaterThanOrEqual(2);
      expect(tookBatch(r.receiver.arrivals)).toBe(true);
      // The batch whose reply was lost was sent again: its items came back as duplicates.
      const lost = r.receiver.arrivals.find((x) => x.outcome.includes('fault:drop-reply'));
      expect(lost?.items?.length).toBeGreaterThan(1);
      const again = seen.filter((x) => x.outcome === 'duplicate').map((x) => x.id);
      expect(again.sort()).toEqual((lost?.items ?? []).map((x) => x.id).sort());
    });

    it('loses nothing and stores nothing twice when the kiosk restarts with a batch in flight', async () => {
      let faulted = false;
      const r = await rig(target, {
        receiver: {
          // The first call that carries submissions is answered only after 3 s (real time).
          fault: (x) => {
            if (faulted || !(BATCH_PATH.test(x.path) || SINGLE_PATH.test(x.path))) return null;
            faulted = true;
            return { type: 'reply-late', ms: 3_000 };
          },
        },
      });
      const items = Array.from({ length: 10 }, (_, i) => syntheticEnvelope(i));
      for (const x of items) await enqueue(r, x);
      const stop = new AbortController();
      const drained = engineOf(r.sync).worker.drain(stop.signal);
      const deadline = Date.now() + 20_000;
      while ((await r.receiver.storedIds()).size === 0) {
        if (Date.now() > deadline) throw new Error('nothing stored');
        await new Promise((res) => setTimeout(res, 20));
      }
      // The kiosk stops with the call in flight: its outcome is never recorded.
      stop.abort();
      await drained;
      await r.sync.close();
      // Stored at the back office, still pending here, no attempt counted: the whole batch (or,
      // to a back office without batches, the single call that was in flight).
      const pending = r.db
        .read((d) => all<{ id: string }>(d, "SELECT id FROM outbox WHERE state = 'pending'"))
        .map((x) => x.id);
      const storedNow = await r.receiver.storedIds();
      expect(pending.filter((id) => storedNow.has(id)).length).toBeGreaterThan(0);
      if (tookBatch(r.receiver.arrivals)) expect(pending).toHaveLength(10);
      expect(
        r.db.read((d) => all(d, "SELECT 1 FROM outbox WHERE state = 'pending' AND attempts > 0")),
      ).toEqual([]);

      // It starts again and sends what it had: the back office answers the stored ones as
      // duplicates.
      const again = r.service();
      await settle(r, again);
      expect(r.db.read((d) => outboxStats(d))).toMatchObject({ pending: 0, delivered: 10 });
      const stored = await r.receiver.submissions();
      expect(stored).toHaveLength(10);
      for (const s of stored) expect(s.deliveries).toBeLessThanOrEqual(2);
      const seen = itemArrivals(r.receiver.arrivals);
      expect(seen.filter((x) => x.outcome.startsWith('accepted'))).toHaveLength(10);
      expect(seen.some((x) => x.outcome === 'duplicate')).toBe(true);
    });

    for (const mode of ['404', 'invalid-batch'] as const)
      it(`sends one by one to a back office that refuses batches (${mode}), and asks again an hour later`, async () => {
        const r = await rig(target, {
          receiver:
            mode === '404'
              ? { batches: false }
              : {
                  fault: (x) =>
                    BATCH_PATH.test(x.path)
                      ? {
                          type: 'refuse',
                          status: 400,
                          code: 'invalid-batch',
                          message: 'not a batch of submissions',
                        }
                      : null,
                },
        });
        const round = async (n: number) => {
          const items = Array.from({ length: n }, (_, i) => syntheticEnvelope(i));
          for (const x of items) await enqueue(r, x);
          const before = r.receiver.arrivals.length;
          await settle(r);
          return { items, calls: r.receiver.arrivals.slice(before) };
        };
        const first = await round(6);
        expect(first.calls[0]?.path).toMatch(BATCH_PATH);
        expect(first.calls[0]?.outcome).toMatch(
          /^(http:404|refused:not-found|refused:invalid-batch)$/,
        );
        // Four single calls at a time: in any order.
        expect(
          first.calls
            .slice(1)
            .map((x) => x.id)
            .sort(),
        ).toEqual(first.items.map((x) => x.id).sort());
        expect(r.log.lines.filter((l) => l.event === 'sync.batches_unsupported')).toHaveLength(1);
        // Nothing was recorded for the refused batch: each item has one attempt, its own.
        for (const x of first.items) expect(row(r, x.id)).toMatchObject({ state: 'delivered' });
        expect(r.events.filter((e) => e.type !== 'delivered')).toEqual([]);

        // Remembered: the next items go one by one without asking.
        const second = await round(6);
        expect(second.calls.every((x) => SINGLE_PATH.test(x.path))).toBe(true);
        expect(second.calls).toHaveLength(6);

        // An hour later the back office may have been upgraded: it is asked again.
        r.clock.advance(NO_BATCHES_MS);
        const third = await round(6);
        expect(third.calls[0]?.path).toMatch(BATCH_PATH);
        expect(third.calls).toHaveLength(7);
        expect(r.db.read((d) => outboxStats(d))).toMatchObject({ delivered: 18, dead: 0 });
      });

    it('holds the queue when a batch meets a busy back office, probes with one item, then batches again', async () => {
      let batches = 0;
      const r = await rig(target, {
        receiver: {
          fault: (x) =>
            BATCH_PATH.test(x.path) && ++batches === 1 ? { type: 'status', status: 503 } : null,
        },
      });
      const items = Array.from({ length: 8 }, (_, i) => syntheticEnvelope(i));
      for (const x of items) await enqueue(r, x);
      const engine = engineOf(r.sync);
      const first = await engine.worker.drain(signal);
      expect(first).toMatchObject({ held: true, sent: 8 });
      // Every item met the refusal, each with its own backoff.
      const rows = items.map((x) => row(r, x.id));
      for (const x of rows)
        expect(x).toMatchObject({
          state: 'pending',
          attempts: 1,
          last_error: '503 unavailable: injected',
        });
      expect(new Set(rows.map((x) => x?.next_attempt_at)).size).toBeGreaterThan(1);
      expect(r.events.map((e) => e.type)).toEqual(Array(8).fill('retry'));
      expect(r.sync.status()).toMatchObject({ backlog: { pending: 8 }, deadLetterCount: 0 });
      // While held, nothing goes.
      expect((await engine.worker.drain(signal)).sent).toBe(0);

      r.clock.advance(5_000);
      const before = r.receiver.arrivals.length;
      const second = await engine.worker.drain(signal);
      expect(second).toMatchObject({ held: false, sent: 8, nextDueAt: null });
      const calls = r.receiver.arrivals.slice(before);
      // The probe is one item alone; once it is through, the rest go together.
      expect(calls[0]?.path).toMatch(SINGLE_PATH);
      expect(calls[0]?.outcome).toBe('accepted');
      expect(calls[1]?.path).toMatch(BATCH_PATH);
      expect(calls.slice(1).map((x) => x.items?.length)).toEqual([7]);
      expect((await r.receiver.storedIds()).size).toBe(8);
    });

    it('counts the calls in flight when the back office goes away as one failure', async () => {
      let busy = true;
      const r = await rig(target, {
        // Single calls, four at a time, all met by a busy back office.
        receiver: {
          batches: false,
          fault: (x) => (busy && SINGLE_PATH.test(x.path) ? { type: 'status', status: 503 } : null),
        },
      });
      for (let i = 0; i < 8; i++) await enqueue(r, syntheticEnvelope(i));
      const engine = engineOf(r.sync);
      expect(await engine.worker.drain(signal)).toMatchObject({ held: true, sent: 4 });
      expect(r.receiver.arrivals.filter((x) => x.outcome === 'fault:503')).toHaveLength(4);
      // The first step of the backoff (2 s at most), not the fourth (16 s).
      expect((engine.worker.heldUntil() ?? Infinity) - r.clock.now()).toBeLessThanOrEqual(
        backoffCeiling(1, DEFAULT_BACKOFF),
      );
      busy = false;
      r.clock.advance(backoffCeiling(1, DEFAULT_BACKOFF));
      await settle(r);
      expect(r.log.lines.find((l) => l.event === 'sync.queue_resumed')).toMatchObject({
        fields: { afterFailures: 1 },
      });
      expect(r.db.read((d) => outboxStats(d))).toMatchObject({ delivered: 8, dead: 0 });
    });

    it('sends, once the back office answers again, what still waits out a backoff from the outage', async () => {
      let down = true;
      const r = await rig(target, {
        receiver: {
          batches: false,
          fault: (x) => (down && SINGLE_PATH.test(x.path) ? { type: 'status', status: 503 } : null),
        },
      });
      const items = Array.from({ length: 4 }, (_, i) => syntheticEnvelope(i));
      for (const x of items) await enqueue(r, x);
      const engine = engineOf(r.sync);
      expect(await engine.worker.drain(signal)).toMatchObject({ held: true, sent: 4 });
      // One of them drew a long backoff, as an item failed many times in a long outage may.
      const far = r.clock.now() + 250_000;
      await r.db.write((tx) =>
        run(tx, 'UPDATE outbox SET next_attempt_at = ? WHERE id = ?', [far, items[0]?.id ?? '']),
      );
      down = false;
      r.clock.advance(backoffCeiling(1, DEFAULT_BACKOFF));
      const out = await engine.worker.drain(signal);
      // The probe found the back office back; the long-waiting item went in the same drain.
      expect(out).toMatchObject({ held: false, sent: 4, nextDueAt: null });
      expect(r.db.read((d) => outboxStats(d))).toMatchObject({ delivered: 4, pending: 0 });
      expect(r.log.lines.some((l) => l.event === 'sync.queue_resumed')).toBe(true);
    });

    it('retries, without dead letters, a batch whose 200 reply does not answer it', async () => {
      let batches = 0;
      const r = await rig(target, {
        receiver: {
          fault: (x) =>
            BATCH_PATH.test(x.path) && ++batches === 1 ? { type: 'status', status: 200 } : null,
        },
      });
      const items = Array.from({ length: 4 }, (_, i) => syntheticEnvelope(i));
      for (const x of items) await enqueue(r, x);
      const first = await engineOf(r.sync).worker.drain(signal);
      expect(first.held).toBe(false);
      for (const x of items)
        expect(row(r, x.id)).toMatchObject({
          state: 'pending',
          attempts: 1,
          last_error: 'HTTP 200: batch reply does not match the protocol',
        });
      await settle(r);
      expect(r.db.read((d) => outboxStats(d))).toMatchObject({ delivered: 4, dead: 0 });
    });

    it('never sends a batch holding an item whose transaction a disk failure rolled back', async () => {
      const dir = tempDir();
      let failing = false;
      const refuse = async () => {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      };
      const fsx: StorageFs = {
        ...nodeStorageFs,
        writeFileSynced: (file, bytes) =>
          failing ? refuse() : nodeStorageFs.writeFileSynced(file, bytes),
        appendSynced: (file, bytes) =>
          failing ? refuse() : nodeStorageFs.appendSynced(file, bytes),
      };
      const db = await openDatabase({
        dir: path.join(dir, 'db'),
        migrations: MIGRATIONS,
        log: createMemoryLogger(),
        fs: fsx,
      });
      open.push(db);
      const r = await rig(target, { db, dir });
      const durable = Array.from({ length: 4 }, (_, i) => syntheticEnvelope(i));
      for (const x of durable) await enqueue(r, x);
      const lost = syntheticEnvelope(9);
      failing = true;
      const stored = enqueue(r, lost);
      // The worker runs while the last write is committed in memory but not yet on disk.
      const drained = engineOf(r.sync).worker.drain(signal);
      await expect(stored).rejects.toMatchObject({ reason: 'storage-full' });
      await expect(drained).rejects.toBeTruthy();
      expect(r.receiver.arrivals).toHaveLength(0);

      failing = false;
      expect(await db.retry()).toBe(true);
      await settle(r);
      expect(r.db.read((d) => outboxStats(d))).toMatchObject({ pending: 0, delivered: 4 });
      expect([...(await r.receiver.storedIds())].sort()).toEqual(durable.map((x) => x.id).sort());
      expect(await r.receiver.submission(lost.id)).toBeUndefined();
    });
  });

describe('reading the outbox while calls are in flight (reference receiver)', () => {
  const target = backOfficeTargets()[0] as TargetFactory;

  it('reads it again on a reply only when something may have become due', async () => {
    const r = await rig(target);
    for (let i = 0; i < 3; i++) await enqueue(r, syntheticEnvelope(i));
    r.reads.n = 0;
    expect(await engineOf(r.sync).worker.drain(signal)).toMatchObject({ sent: 3, held: false });
    // One read for the batch, one for when something is next due: not one more on its reply
    // and another once its outcomes were recorded, with nothing enqueued or left pending.
    expect(r.reads.n).toBe(2);
    expect(r.db.read((d) => outboxStats(d))).toMatchObject({ delivered: 3, pending: 0 });
  });

  it('sends in the same drain what is enqueued while a call is in flight', async () => {
    let late: Promise<void> | null = null;
    const extra = syntheticEnvelope(9);
    const r = await rig(target, {
      receiver: {
        fault: () => {
          // While the first call is at the back office, a feature enqueues one more item.
          late ??= enqueue(r, extra);
          return null;
        },
      },
    });
    for (let i = 0; i < 3; i++) await enqueue(r, syntheticEnvelope(i));
    expect(await engineOf(r.sync).worker.drain(signal)).toMatchObject({ sent: 4, held: false });
    await late;
    expect(row(r, extra.id)).toMatchObject({ state: 'delivered' });
    expect(r.db.read((d) => outboxStats(d))).toMatchObject({ delivered: 4, pending: 0 });
  });

  it('reads it again when a call leaves its items pending', async () => {
    // No backoff: an item that failed is due again at once.
    const r = await rig(target, { sync: { backoff: { baseMs: 0, capMs: 0, floorMs: 0 } } });
    for (let i = 0; i < 3; i++) await enqueue(r, syntheticEnvelope(i));
    // A 500 is about these items, not the back office as a whole: no hold, a retry each.
    let calls = 0;
    r.receiver.setFault(() => (++calls === 1 ? { type: 'status', status: 500 } : null));
    // The drain reads them again after the failed call (not only at the next drain).
    expect(await engineOf(r.sync).worker.drain(signal)).toMatchObject({ sent: 6, held: false });
    expect(calls).toBe(2);
    expect(r.db.read((d) => outboxStats(d))).toMatchObject({ delivered: 3, pending: 0 });
  });
});

describe('the stored last contact (reference receiver)', () => {
  const target = backOfficeTargets()[0] as TargetFactory;

  it('is rewritten at most every CONTACT_WRITE_MS, and at once after a failure', async () => {
    const r = await rig(target);
    const stored = () => r.db.read((d) => getSyncState(d, 'last_contact_at'));
    const t0 = r.clock.now();
    const deliverOne = async (n: number) => {
      await enqueue(r, syntheticEnvelope(n));
      await engineOf(r.sync).worker.drain(signal);
    };
    await deliverOne(0);
    expect(stored()).toBe(new Date(t0).toISOString());
    r.clock.advance(1_000);
    await deliverOne(1);
    expect(stored()).toBe(new Date(t0).toISOString());
    // The live figure is the latest all the same.
    expect(r.sync.status().lastContactAt).toBe(new Date(t0 + 1_000).toISOString());

    // A failure is stored; the next contact after it is stored at once.
    r.receiver.setFault(() => ({ type: 'status', status: 500 }));
    r.clock.advance(1_000);
    await deliverOne(2);
    expect(r.db.read((d) => getSyncState(d, 'last_error_at'))).toBe(
      new Date(t0 + 2_000).toISOString(),
    );
    r.receiver.setFault(undefined);
    r.clock.advance(1_000);
    await deliverOne(3);
    expect(stored()).toBe(new Date(t0 + 3_000).toISOString());

    r.clock.advance(1_000);
    await deliverOne(4);
    expect(stored()).toBe(new Date(t0 + 3_000).toISOString());
    r.clock.advance(CONTACT_WRITE_MS);
    await deliverOne(5);
    expect(stored()).toBe(new Date(t0 + 4_000 + CONTACT_WRITE_MS).toISOString());
  });
});
