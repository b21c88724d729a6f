// Issue 7's acceptance test: 1,000 submissions through a scripted 10-minute outage, random faults
// and a kiosk restart, in simulated time. Every submission must arrive at the back office exactly
// once by id, none may be lost, and every status set at the back office must reach the kiosk's
// status sink exactly once.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusChange } from '../../../../electron/domain/sync';
import { createMemoryLogger } from '../../../../electron/services/logger';
import type { KioskDatabase } from '../../../../electron/services/storage/database';
import { all, run } from '../../../../electron/services/storage/sql';
import { seededRandom } from '../../../../electron/services/sync/backoff';
import { outboxStats } from '../../../../electron/services/sync/outbox-repository';
import type { StatusSink } from '../../../../electron/services/sync/status-puller';
import {
  createSyncService,
  type SyncService,
} from '../../../../electron/services/sync/sync-service';
import {
  newKioskSecret,
  startReferenceReceiver,
  type Fault,
  type ReferenceReceiver,
} from '../../../support/reference-receiver';
import { createSimClock } from '../../../support/sim-clock';
import { openTestDb, syncConfig, syntheticEnvelope, tempDir } from '../../../support/sync-harness';

const T0 = Date.parse('2026-03-02T01:00:00Z');
const TOTAL = 1000;
const OUTAGE_MS = 10 * 60_000;
/** The outage starts once this many submissions have arrived (mid-stream). */
const OUTAGE_AFTER = 300;

/** The same fault for the same (id, n-th arrival of that id) on every run. */
function scriptedFault(key: string): Fault | null {
  const r = crypto.createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
  if (r < 0.04) return { type: 'status', status: 500 };
  if (r < 0.06) return { type: 'status', status: 503, retryAfterSeconds: 3 };
  if (r < 0.08) return { type: 'reset' };
  if (r < 0.09) return { type: 'hang' };
  if (r < 0.11) return { type: 'slow', ms: 20 };
  if (r < 0.13) return { type: 'drop-reply' };
  if (r < 0.14) return { type: 'reply-late', ms: 400 };
  return null;
}

/** A sink like the request feature's: it stores what it is given, in the same transaction. */
function eventSink(): StatusSink {
  return {
    name: 'test-requests',
    apply(tx, c) {
      run(tx, "INSERT INTO events (at, kind, detail) VALUES (?, 'test-status', ?)", [
        c.at,
        JSON.stringify({ changeId: c.changeId, id: c.submissionId, status: c.status }),
      ]);
      return 'applied';
    },
  };
}

describe('back-office queue under an outage and faults', () => {
  let receiver: ReferenceReceiver | null = null;
  afterEach(async () => {
    await receiver?.close();
    receiver = null;
  });

  // Simulated time: ~1,000 s of it run in ~10 s here; the timeout is generous for slow CI.
  it(
    'delivers 1,000 submissions exactly once and brings every status back',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const clock = createSimClock(T0);
      const secret = newKioskSecret();
      const arrivalsById = new Map<string, number>();
      const scripted: { outage: { fromMs: number; toMs: number } | null } = { outage: null };
      receiver = await startReferenceReceiver({
        kiosks: { DQ01: secret },
        now: () => clock.now(),
        basePath: '/bo/',
        fault: (a) => {
          if (!scripted.outage && rcv.submissions.size >= OUTAGE_AFTER) {
            scripted.outage = { fromMs: a.nowMs, toMs: a.nowMs + OUTAGE_MS };
            rcv.setOutages([scripted.outage]);
          }
          if (a.path.endsWith('/v1/submissions') && a.id) {
            const n = (arrivalsById.get(a.id) ?? 0) + 1;
            arrivalsById.set(a.id, n);
            return scriptedFault(`${a.id}:${n}`);
          }
          if (a.path.endsWith('/v1/status-changes'))
            return scriptedFault(`pull:${a.seq}`)?.type === 'status'
              ? { type: 'status', status: 500 }
              : null;
          return null;
        },
      });
      const rcv = receiver;
      const log = createMemoryLogger();
      const config = syncConfig(rcv.url, secret);
      const sink = eventSink();
      const random = seededRandom(20260302);
      let db: KioskDatabase = await openTestDb(dir, log);
      const makeService = (d: KioskDatabase): SyncService => {
        const s = createSyncService({
          db: d,
          log,
          config,
          appVersion: 'test',
          dataRoot: dir,
          clock,
          random,
          concurrency: 8,
          timeoutMs: 250,
        });
        s.addStatusSink(sink);
        return s;
      };
      let sync = makeService(db);

      // Enqueue through the public API, each envelope in the same transaction as the feature's own
      // row (here an `events` row standing in for the stored request).
      const envelopes = Array.from({ length: TOTAL }, (_, i) => syntheticEnvelope(i));
      for (let i = 0; i < TOTAL; i += 50) {
        await db.write((tx) => {
          for (const e of envelopes.slice(i, i + 50)) {
            run(tx, "INSERT INTO events (at, kind, detail) VALUES (?, 'test-request', ?)", [
              new Date(clock.now()).toISOString(),
              e.id,
            ]);
            sync.enqueue(tx, e);
          }
        });
      }

      const statusPlan = new Set(envelopes.filter((_, i) => i % 4 === 0).map((e) => e.id));
      const progressed = new Map<string, number>();
      const signal = new AbortController().signal;
      let restarted = false;
      let rounds = 0;
      let pullFailures = 0;
      let outageSeen = false;

      for (;;) {
        const engine = sync.engine;
        if (!engine) throw new Error('engine expected');
        await engine.worker.drain(signal);
        try {
          await engine.puller.pullOnce(signal);
        } catch {
          pullFailures++;
        }
        // The back office works some submissions: each planned one moves one step per round.
        for (const id of statusPlan) {
          if (!rcv.submissions.has(id)) continue;
          const step = progressed.get(id) ?? 0;
          const n = parseInt(id.slice(0, 2), 16);
          if (step === 0) rcv.setStatus(id, 'accepted');
          else if (step === 1) rcv.setStatus(id, 'in-progress');
          else if (step === 2)
            if (n % 3 === 0) rcv.setStatus(id, 'returned', { note: '请补充营业场所证明材料' });
            else rcv.setStatus(id, 'completed');
          else if (step === 3 && n % 3 === 1)
            rcv.setStatus(id, 'follow-up', { verdict: 'satisfied' });
          else continue;
          progressed.set(id, step + 1);
        }
        const o = scripted.outage;
        if (o && clock.now() >= o.fromMs && clock.now() < o.toMs) outageSeen = true;

        // Halfway through, the kiosk restarts: everything it knows comes back from disk.
        if (!restarted && rcv.submissions.size >= TOTAL / 2) {
          restarted = true;
          await sync.close();
          await db.close();
          db = await openTestDb(dir, log);
          sync = makeService(db);
        }

        const stats = db.read((d) => outboxStats(d));
        const changes = rcv.statusChanges();
        const applied = db.read(
          (d) => all(d, "SELECT 1 FROM events WHERE kind = 'test-status'").length,
        );
        const settled =
          [...statusPlan].every((id) => (progressed.get(id) ?? 0) >= 3) &&
          stats.pending === 0 &&
          applied === changes.length;
        if (settled) break;
        if (++rounds > 1000)
          throw new Error(`not settled after ${rounds} rounds: ${JSON.stringify(stats)}`);
        clock.advance(5_000);
      }
      await sync.close();
      console.log(
        `rounds=${rounds} simulated=${(clock.now() - T0) / 1000}s arrivals=${rcv.arrivals.length} ` +
          `outageCalls=${rcv.arrivals.filter((a) => a.outcome === 'outage').length}`,
      );

      // Every submission arrived, exactly once by id, with the content that was enqueued.
      const ids = new Set(envelopes.map((e) => e.id));
      expect(rcv.submissions.size).toBe(TOTAL);
      for (const e of envelopes) {
        const s = rcv.submissions.get(e.id);
        expect(s, `submission ${e.id} lost`).toBeDefined();
        expect(s?.body).toEqual(e.body);
        expect(s?.kind).toBe(e.kind);
      }
      const accepted = rcv.arrivals.filter((a) => a.outcome.startsWith('accepted'));
      expect(accepted).toHaveLength(TOTAL);
      expect(new Set(accepted.map((a) => a.id)).size).toBe(TOTAL);
      expect(accepted.every((a) => a.id !== null && ids.has(a.id))).toBe(true);

      // The scenario really exercised what it claims to.
      const outcomes = rcv.arrivals.map((a) => a.outcome);
      expect(outageSeen).toBe(true);
      expect(outcomes.filter((o) => o === 'outage').length).toBeGreaterThan(0);
      for (const f of ['fault:500', 'fault:503', 'fault:reset', 'fault:hang', 'fault:drop-reply'])
        expect(
          outcomes.some((o) => o.includes(f)),
          f,
        ).toBe(true);
      expect(outcomes.filter((o) => o === 'duplicate').length).toBeGreaterThan(0);
      expect(restarted).toBe(true);

      // Nothing is left, nothing was given up on, and delivered bodies are gone from the kiosk.
      const final = db.read((d) => outboxStats(d));
      expect(final).toMatchObject({ pending: 0, dead: 0, delivered: TOTAL });
      expect(db.read((d) => all(d, 'SELECT id FROM outbox WHERE body IS NOT NULL')).length).toBe(0);

      // Every status change made at the back office reached the sink exactly once, in order.
      const sunk = db.read((d) =>
        all<{ detail: string }>(
          d,
          "SELECT detail FROM events WHERE kind = 'test-status' ORDER BY id",
        ).map((r) => JSON.parse(r.detail) as { changeId: string; id: string; status: string }),
      );
      const made: StatusChange[] = [...rcv.statusChanges()];
      expect(sunk.map((s) => s.changeId)).toEqual(made.map((c) => c.changeId));
      expect(made.filter((c) => c.status === 'received')).toHaveLength(TOTAL);
      expect(made.some((c) => c.status === 'returned' && c.note)).toBe(true);
      expect(made.some((c) => c.status === 'follow-up' && c.verdict === 'satisfied')).toBe(true);
      expect(pullFailures).toBeGreaterThan(0);

      // The outage was ridden out with probes, not a storm: far fewer calls than items × rounds.
      const refusedByOutage = rcv.arrivals.filter(
        (a) => a.outcome === 'outage' && a.path.endsWith('/v1/submissions'),
      );
      expect(refusedByOutage.length).toBeGreaterThan(0);
      expect(refusedByOutage.length).toBeLessThan(50);

      // The secret never reached the log.
      expect(JSON.stringify(log.lines)).not.toContain(secret);
      await db.close();
    },
  );
});
