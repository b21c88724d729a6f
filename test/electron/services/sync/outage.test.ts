// The back-office queue's acceptance test, with real requests: 1,000 requests submitted through the
// contract (`requestSubmit`, as the wizard makes them) and a few help calls, delivered by the
// running kiosk (its own delivery, pull and heartbeat loops) through a scripted 10-minute outage,
// random faults and a kiosk restart, in simulated time. Every submission must arrive at the back
// office exactly once by id, none may be lost, every status set at the back office must reach the
// request's timeline and its tracking view, and the back office must refuse a replayed, tampered or
// badly signed call. It runs against the reference receiver and the real back office (faults and
// the outage through the fault proxy in front of it).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiptView, TrackView } from '../../../../electron/domain/request';
import type { StatusChange } from '../../../../electron/domain/sync';
import { createKioskServices, type KioskServices } from '../../../../electron/compose';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { all } from '../../../../electron/services/storage/sql';
import { seededRandom } from '../../../../electron/services/sync/backoff';
import { outboxStats } from '../../../../electron/services/sync/outbox-repository';
import { HEADER, signedHeaders } from '../../../../electron/protocol/signing';
import {
  nodeHttpTransport,
  type HttpRequest,
  type HttpTransport,
} from '../../../../electron/services/sync/transport';
import {
  backOfficeTargets,
  warmUpTargets,
  type BackOfficeTarget,
  type TargetSubmission,
} from '../../../support/back-office-targets';
import { itemArrivals, newKioskSecret, type Fault } from '../../../support/reference-receiver';
import { createSimClock, type SimClock } from '../../../support/sim-clock';
import { tempDir } from '../../../support/sync-harness';
import { startupArgs } from '../../../support/kiosk-harness';

/** Wednesday 2025-06-11 10:00 in Deqing: a working day, in hours. */
const T0 = Date.parse('2025-06-11T02:00:00Z');
const TOTAL = 1000;
const HELP_CALLS = 20;
const OUTAGE_MS = 10 * 60_000;
/**
 * The back office goes away once this many requests are taken, while the rest are still being
 * taken: however fast the kiosk hands in the first ones, the rest meet the outage.
 */
const OUTAGE_AFTER = 300;
/** Six simulated hours of 5-second rounds. */
const MAX_ROUNDS = 4_320;
/** The kiosk's loops: delivery, status pull, heartbeat. */
const LOOPS = 3;
const ctx = { transport: 'http' as const };

/** The same fault for the same (id, n-th arrival of that id) on every run. */
function scriptedFault(key: string, timeoutMs: number): Fault | null {
  const r = crypto.createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
  if (r < 0.04) return { type: 'status', status: 500 };
  if (r < 0.06) return { type: 'status', status: 503, retryAfterSeconds: 3 };
  if (r < 0.08) return { type: 'reset' };
  if (r < 0.09) return { type: 'hang' };
  if (r < 0.11) return { type: 'slow', ms: 20 };
  if (r < 0.13) return { type: 'drop-reply' };
  if (r < 0.14) return { type: 'reply-late', ms: timeoutMs + 150 };
  return null;
}

/** The n-th batch call's fault: every other one meets the next kind of fault in turn. */
function batchFault(n: number, timeoutMs: number): Fault | null {
  const faults: Fault[] = [
    { type: 'status', status: 500 },
    { type: 'status', status: 503, retryAfterSeconds: 3 },
    { type: 'reset' },
    { type: 'hang' },
    { type: 'slow', ms: 20 },
    { type: 'drop-reply' },
    { type: 'reply-late', ms: timeoutMs + 150 },
  ];
  return n % 2 === 0 ? (faults[(n / 2) % faults.length] ?? null) : null;
}

/** What the wizard sends, for a mix of bundles and one-step consultations. */
function requestArgs(i: number) {
  const phone = `139${String(i).padStart(8, '0')}`;
  const contact = { phone, name: null };
  if (i % 5 === 1)
    return startupArgs({
      subject: {
        kind: 'bundle',
        bundleId: 'taxation',
        answers: { 'vehicle-recycling': i % 2 === 0 },
        items: ['b0', 'b1', 'b2'],
      },
      founder: false,
      contact,
    });
  if (i % 5 === 2)
    return startupArgs({
      subject: {
        kind: 'consultation',
        measureNo: null,
        board: (['finance', 'talent', 'law', 'innovation'] as const)[i % 4]!,
      },
      founder: false,
      contact,
    });
  return startupArgs({ contact });
}

/** A raw HTTP call to the receiver (no kiosk involved): status and error code. */
function rawCall(
  req: Pick<HttpRequest, 'method' | 'url' | 'headers' | 'body'>,
): Promise<{ status: number; code: string | null }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
    const r = http.request(req.url, { method: req.method, headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => {
        let code: string | null = null;
        try {
          code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
        } catch {
          code = null;
        }
        resolve({ status: res.statusCode ?? 0, code });
      });
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Waits (real time) until every loop of the kiosk sleeps on the simulated clock. */
async function quiet(clock: SimClock): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (clock.sleepers() < LOOPS) {
    if (Date.now() > deadline) throw new Error(`kiosk loops busy: ${clock.sleepers()} asleep`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

// The real back office's embedded database takes seconds to start on a busy machine.
beforeAll(() => warmUpTargets(), 180_000);

for (const target of backOfficeTargets())
  describe.skipIf(target.skip !== null)(
    `real requests through the back-office queue, an outage and faults (${target.name})`,
    () => {
      let receiver: BackOfficeTarget | null = null;
      let kiosk: KioskServices | null = null;
      afterEach(async () => {
        await kiosk?.close();
        await receiver?.close();
        kiosk = null;
        receiver = null;
      });

      // 30–100 min of simulated time; about 6 s here on the receiver, 20–60 s on the real back
      // office. The timeout is generous for slow CI.
      it(
        'delivers 1,000 requests exactly once and brings every status to their tracking',
        { timeout: 900_000 },
        async () => {
          const dir = tempDir('kiosk-outage-');
          const clock = createSimClock(T0);
          const secret = newKioskSecret();
          const arrivalsById = new Map<string, number>();
          let batchArrivals = 0;
          const scripted: { outage: { fromMs: number; toMs: number } | null } = { outage: null };
          // The kiosk gives up on a call quickly, so hangs and late replies cost little time; the real
          // back office's database on a busy machine needs more than the receiver's memory.
          const timeoutMs = target.name === 'reference receiver' ? 250 : 2_000;
          receiver = await target.start({
            kiosks: { DQ01: secret },
            now: () => clock.now(),
            basePath: '/bo/',
            fault: (a) => {
              if (a.path.endsWith('/v1/submissions') && a.id) {
                const n = (arrivalsById.get(a.id) ?? 0) + 1;
                arrivalsById.set(a.id, n);
                return scriptedFault(`${a.id}:${n}`, timeoutMs);
              }
              // A batch carries many items in one call, so far fewer calls draw a fault: every
              // other batch meets the next fault of the list in turn, so each kind is met.
              if (a.path.endsWith('/v1/submission-batches'))
                return batchFault(batchArrivals++, timeoutMs);
              if (a.path.endsWith('/v1/status-changes'))
                return scriptedFault(`pull:${a.seq}`, timeoutMs)?.type === 'status'
                  ? { type: 'status', status: 500 }
                  : null;
              return null;
            },
          });
          const rcv = receiver;
          fs.writeFileSync(
            path.join(dir, 'config.json'),
            JSON.stringify({
              kioskId: 'DQ01',
              backOffice: { endpoint: rcv.url, kioskSecret: secret, pullIntervalSeconds: 10 },
            }),
          );

          // The kiosk's own transport, watched: the last submission call, to replay it later.
          const real = nodeHttpTransport({ maxSockets: 8 });
          let lastSubmission: HttpRequest | null = null;
          const transport: HttpTransport = (req) => {
            if (req.method === 'POST' && req.url.endsWith('/v1/submissions')) lastSubmission = req;
            return real(req);
          };
          const log = createMemoryLogger();
          const random = seededRandom(20250611);
          const start = () =>
            createKioskServices({
              dataRoot: dir,
              shell: 'browser',
              appVersion: 'test',
              log,
              now: () => new Date(clock.now()),
              sync: { clock, random, transport, timeoutMs, pollMs: 5_000 },
            });
          kiosk = await start();
          const k0 = kiosk;

          // 1,000 requests as the wizard submits them (each stored with its envelope in one durable
          // write before its ticket exists), and help calls from the screen, interleaved.
          const receipts: ReceiptView[] = [];
          const helpCalls: string[] = [];
          for (let i = 0; i < TOTAL; i += 50) {
            if (i === OUTAGE_AFTER) {
              scripted.outage = { fromMs: clock.now(), toMs: clock.now() + OUTAGE_MS };
              rcv.setOutages([scripted.outage]);
            }
            const batch = await Promise.all(
              Array.from({ length: 50 }, (_, j) =>
                k0.dispatch('requestSubmit', requestArgs(i + j), ctx),
              ),
            );
            for (const out of batch) {
              if (!out.ok) throw new Error(`submit refused: ${JSON.stringify(out.error)}`);
              receipts.push(out.value as ReceiptView);
            }
            const call = await k0.dispatch('callGuide', { screen: 'request-new' }, ctx);
            if (call.ok) helpCalls.push((call.value as { id: string }).id);
          }
          expect(new Set(receipts.map((r) => r.ticket)).size).toBe(TOTAL);
          expect(helpCalls).toHaveLength(HELP_CALLS);

          const statusPlan = new Set(receipts.filter((_, i) => i % 4 === 0).map((r) => r.id));
          const progressed = new Map<string, number>();
          let restarted = false;
          let rounds = 0;
          let outageSeen = false;

          for (;;) {
            await quiet(clock);
            // The back office works some requests: each planned one moves one step per round.
            const stored = await rcv.storedIds();
            for (const id of statusPlan) {
              if (!stored.has(id)) continue;
              const step = progressed.get(id) ?? 0;
              const n = parseInt(id.slice(0, 2), 16);
              if (step === 0) await rcv.setStatus(id, 'accepted');
              else if (step === 1) await rcv.setStatus(id, 'in-progress');
              else if (step === 2)
                if (n % 3 === 0)
                  await rcv.setStatus(id, 'returned', { note: '请补充营业场所证明材料' });
                else await rcv.setStatus(id, 'completed');
              else if (step === 3 && n % 3 === 1)
                await rcv.setStatus(id, 'follow-up', { verdict: 'satisfied' });
              else continue;
              progressed.set(id, step + 1);
            }
            const o = scripted.outage;
            if (o && clock.now() >= o.fromMs && clock.now() < o.toMs) outageSeen = true;

            // Halfway through, the kiosk restarts: everything it knows comes back from disk.
            if (!restarted && rcv.accepted() >= (TOTAL + HELP_CALLS) / 2) {
              restarted = true;
              await kiosk.close();
              kiosk = await start();
              await quiet(clock);
            }

            const k = kiosk;
            const stats = k.db.read((d) => outboxStats(d));
            const pulled = k.db.read((d) => all(d, 'SELECT 1 FROM sync_status_changes').length);
            const settled =
              [...statusPlan].every((id) => (progressed.get(id) ?? 0) >= 3) &&
              stats.pending === 0 &&
              pulled === (await rcv.statusChanges()).length;
            if (settled) break;
            // A stall never settles; a slow machine only settles later: each of the kiosk's calls
            // that outlives its real-time timeout becomes minutes of simulated backoff (capped at
            // 5 min), so the real back office under a loaded CI needs well over 1,000 rounds.
            if (++rounds > MAX_ROUNDS)
              throw new Error(`not settled after ${rounds} rounds: ${JSON.stringify(stats)}`);
            clock.advance(5_000);
          }
          const k = kiosk;
          console.log(
            `rounds=${rounds} simulated=${(clock.now() - T0) / 1000}s arrivals=${rcv.arrivals.length} ` +
              `outageCalls=${rcv.arrivals.filter((a) => a.outcome === 'outage').length} ` +
              `heartbeats=${(await rcv.heartbeats()).length}`,
          );

          // Every request and help call arrived exactly once by id, with what the kiosk stored.
          const submissions = new Map<string, TargetSubmission>(
            (await rcv.submissions()).map((s) => [s.id, s]),
          );
          expect(submissions.size).toBe(TOTAL + HELP_CALLS);
          for (const r of receipts) {
            const s = submissions.get(r.id);
            expect(s, `request ${r.ticket} lost`).toBeDefined();
            expect(s?.kind).toBe('request');
            expect(s?.body).toMatchObject({
              schema: 'deqing.request/1',
              requestId: r.id,
              ticket: r.ticket,
              title: r.title,
              routing: { board: r.routing.board },
              promise: r.promise,
            });
          }
          for (const id of helpCalls)
            expect(submissions.get(id)).toMatchObject({
              kind: 'help-call',
              body: { helpCallId: id },
            });
          const items = itemArrivals(rcv.arrivals);
          const accepted = items.filter((a) => a.outcome.startsWith('accepted'));
          expect(accepted).toHaveLength(TOTAL + HELP_CALLS);
          expect(new Set(accepted.map((a) => a.id)).size).toBe(TOTAL + HELP_CALLS);
          // The contact details went to the back office (they are needed there), and only there.
          expect(submissions.get(receipts[7]?.id ?? '')?.body).toMatchObject({
            contact: { phone: '13900000007' },
          });

          // The scenario really exercised what it claims to.
          const outcomes = rcv.arrivals.map((a) => a.outcome);
          expect(outageSeen).toBe(true);
          for (const f of [
            'fault:500',
            'fault:503',
            'fault:reset',
            'fault:hang',
            'fault:drop-reply',
          ])
            expect(
              outcomes.some((o) => o.includes(f)),
              f,
            ).toBe(true);
          expect(items.filter((a) => a.outcome === 'duplicate').length).toBeGreaterThan(0);
          expect(outcomes.some((o) => o === 'fault:500' || o.startsWith('status-page'))).toBe(true);
          expect(restarted).toBe(true);
          expect((await rcv.heartbeats()).length).toBeGreaterThan(1);
          // The outage was ridden out with probes, not a storm: far fewer calls than items × rounds.
          const refusedByOutage = rcv.arrivals.filter(
            (a) => a.outcome === 'outage' && /\/v1\/submission(s|-batches)$/.test(a.path),
          );
          expect(refusedByOutage.length).toBeGreaterThan(0);
          expect(refusedByOutage.length).toBeLessThan(50);

          // Nothing is left, nothing was given up on; delivered bodies are gone; every request knows
          // it was acknowledged.
          expect(k.db.read((d) => outboxStats(d))).toMatchObject({
            pending: 0,
            dead: 0,
            delivered: TOTAL + HELP_CALLS,
          });
          expect(k.db.read((d) => all(d, 'SELECT id FROM outbox WHERE body IS NOT NULL'))).toEqual(
            [],
          );
          expect(k.db.read((d) => all(d, 'SELECT id FROM requests WHERE sent_at IS NULL'))).toEqual(
            [],
          );

          // Every status the back office set is in the request's timeline, once, in order.
          const made: StatusChange[] = await rcv.statusChanges();
          const madeFor = new Map<string, StatusChange[]>();
          for (const c of made)
            madeFor.set(c.submissionId, [...(madeFor.get(c.submissionId) ?? []), c]);
          const timelines = new Map<
            string,
            { status: string; note: string | null; verdict: string | null }[]
          >();
          for (const e of k.db.read((d) =>
            all<{
              request_id: string;
              status: string;
              note: string | null;
              verdict: string | null;
            }>(
              d,
              "SELECT request_id, status, note, verdict FROM request_events WHERE source = 'back-office' ORDER BY seq",
            ),
          ))
            timelines.set(e.request_id, [
              ...(timelines.get(e.request_id) ?? []),
              { status: e.status, note: e.note, verdict: e.verdict },
            ]);
          for (const r of receipts)
            expect(timelines.get(r.id), r.ticket).toEqual(
              (madeFor.get(r.id) ?? []).map((c) => ({
                status: c.status,
                note: c.note,
                verdict: c.verdict,
              })),
            );
          expect(made.filter((c) => c.status === 'received')).toHaveLength(TOTAL + HELP_CALLS);
          const outcomesByKind = k.db.read((d) =>
            all<{ kind: string; outcome: string; n: number }>(
              d,
              'SELECT kind, outcome, COUNT(*) AS n FROM sync_status_changes GROUP BY kind, outcome ORDER BY kind',
            ),
          );
          // Request changes applied; help calls' receipts recorded, concerning no request.
          expect(outcomesByKind).toEqual([
            { kind: 'help-call', outcome: 'unknown', n: HELP_CALLS },
            { kind: 'request', outcome: 'applied', n: made.length - HELP_CALLS },
          ]);

          // And the tracking screen shows them (someone holding the receipt: its tracking code).
          k.session.reset();
          let returnedSeen = 0;
          for (const r of receipts.filter((x) => statusPlan.has(x.id))) {
            const out = await k.dispatch(
              'requestTrack',
              { ticket: r.ticket, code: r.trackCode },
              ctx,
            );
            if (!out.ok) throw new Error(`tracking ${r.ticket}: ${out.error.code}`);
            const t = out.value as TrackView;
            const last = (madeFor.get(r.id) ?? []).filter((c) => c.status !== 'follow-up').at(-1);
            expect(t.status, r.ticket).toBe(last?.status);
            if (t.status === 'returned') {
              returnedSeen++;
              expect(t.timeline.at(-1)).toMatchObject({
                status: 'returned',
                note: '请补充营业场所证明材料',
              });
            }
            // The receipt's holder sees the contact as the receipt prints it: masked.
            expect(t.phoneMasked).toMatch(/^139\*{4}\d{4}$/);
          }
          expect(returnedSeen).toBeGreaterThan(0);

          // The back office refuses a replayed, a tampered and a badly signed call. One more request
          // is delivered and its exact call replayed at once.
          const extra = await k.dispatch('requestSubmit', requestArgs(TOTAL), ctx);
          if (!extra.ok) throw new Error('extra submit refused');
          const extraId = (extra.value as ReceiptView).id;
          rcv.setFault(undefined);
          for (let i = 0; ; i++) {
            await quiet(clock);
            if (k.db.read((d) => outboxStats(d)).pending === 0) break;
            if (i > 600) throw new Error('the extra request was not delivered');
            clock.advance(1_000);
          }
          expect((await rcv.submission(extraId))?.deliveries).toBe(1);
          const call = lastSubmission as HttpRequest | null;
          if (!call) throw new Error('no submission call seen');
          expect(call.headers[HEADER.idempotencyKey]).toBe(extraId);
          expect(await rawCall(call)).toEqual({ status: 401, code: 'replayed' });
          const tampered = (call.body ?? '').replace('"deqing.request/1"', '"deqing.request/2"');
          expect(await rawCall({ ...call, body: tampered })).toEqual({
            status: 401,
            code: 'bad-signature',
          });
          const forged = signedHeaders(newKioskSecret(), {
            method: 'POST',
            pathAndQuery: new URL(call.url).pathname,
            kioskId: 'DQ01',
            timestamp: Math.floor(clock.now() / 1000),
            idempotencyKey: extraId,
            body: call.body ?? '',
          });
          expect(
            await rawCall({ ...call, headers: { 'content-type': 'application/json', ...forged } }),
          ).toEqual({ status: 401, code: 'bad-signature' });
          // The genuine call, five minutes later, with a fresh nonce: too old.
          clock.advance(301_000);
          const stale = signedHeaders(secret, {
            method: 'POST',
            pathAndQuery: new URL(call.url).pathname,
            kioskId: 'DQ01',
            timestamp: Number(call.headers[HEADER.timestamp]),
            idempotencyKey: extraId,
            body: call.body ?? '',
          });
          expect(
            await rawCall({ ...call, headers: { 'content-type': 'application/json', ...stale } }),
          ).toEqual({ status: 401, code: 'stale-timestamp' });
          // None of them changed what the back office holds.
          expect((await rcv.submission(extraId))?.deliveries).toBe(1);
          expect((await rcv.storedIds()).size).toBe(TOTAL + HELP_CALLS + 1);

          // The secret never reached the log.
          expect(JSON.stringify(log.lines)).not.toContain(secret);
        },
      );
    },
  );
