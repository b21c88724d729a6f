// The kiosk's clock against the back office's: measured on every answer, sent in the heartbeat,
// and shown in guide mode with a warning beyond 10 s.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clockHealthItem } from '../../../../electron/services/guide/clock-health';
import {
  clockReport,
  createOffsetTracker,
  measureOffset,
} from '../../../../electron/services/sync/clock';
import { backOfficeTargets, warmUpTargets } from '../../../support/back-office-targets';
import {
  newKioskSecret,
  startReferenceReceiver,
  type ReferenceReceiver,
} from '../../../support/reference-receiver';
import { startHarness, type Harness } from '../../../support/kiosk-harness';

let receiver: { close(): Promise<void> } | null = null;
let h: Harness | null = null;
// The real back office's embedded database takes seconds to start on a busy machine.
beforeAll(() => warmUpTargets(), 180_000);
afterEach(async () => {
  await h?.close();
  await receiver?.close();
  h = null;
  receiver = null;
});

describe('measuring the offset', () => {
  const t0 = Date.parse('2026-12-01T08:00:00.000Z');

  it('from the Date header: whole seconds, so the middle of that second', () => {
    // Sent at t0, answered 200 ms later; the server's clock read 08:00:45.x.
    const o = measureOffset({ dateHeader: 'Tue, 01 Dec 2026 08:00:45 GMT' }, t0, t0 + 200);
    expect(o).toEqual({
      offsetMs: 45_000 + 500 - 100,
      uncertaintyMs: 600,
      measuredAt: t0 + 200,
      source: 'date-header',
    });
  });

  it('from the heartbeat answer’s serverTime, to the millisecond', () => {
    const o = measureOffset(
      { dateHeader: 'Tue, 01 Dec 2026 08:00:45 GMT', serverTime: '2026-12-01T07:59:50.050Z' },
      t0,
      t0 + 100,
    );
    expect(o).toMatchObject({ offsetMs: -10_000, uncertaintyMs: 50, source: 'server-time' });
    expect(measureOffset({ dateHeader: 'garbage' }, t0, t0)).toBeNull();
    expect(measureOffset({}, t0, t0)).toBeNull();
  });

  it('a much vaguer reading does not replace a recent precise one', () => {
    const tr = createOffsetTracker();
    tr.observe({ offsetMs: 1_000, uncertaintyMs: 20, measuredAt: t0, source: 'server-time' });
    tr.observe({
      offsetMs: 9_000,
      uncertaintyMs: 8_000,
      measuredAt: t0 + 1,
      source: 'date-header',
    });
    expect(tr.current()?.offsetMs).toBe(1_000);
    tr.observe({ offsetMs: 1_400, uncertaintyMs: 600, measuredAt: t0 + 2, source: 'date-header' });
    expect(tr.current()?.offsetMs).toBe(1_400);
  });

  it('warns beyond 10 s either way', () => {
    const at = (offsetMs: number) => ({
      offsetMs,
      uncertaintyMs: 500,
      measuredAt: t0,
      source: 'date-header' as const,
    });
    expect(clockReport(at(10_000)).warning).toBe(false);
    expect(clockReport(at(10_001)).warning).toBe(true);
    expect(clockReport(at(-12_000)).warning).toBe(true);
    expect(clockHealthItem(at(-12_000))).toEqual({
      id: 'clock',
      ok: false,
      value: '−12.0 s (±0.5 s)',
      note: 'clockOffset',
    });
    expect(clockHealthItem(null)).toMatchObject({ ok: true, value: '-', note: 'clockUnmeasured' });
  });
});

// Receiver only: the stub's one clock drives both its Date header and its serverTime, whereas the
// real service's Date header is always the host's clock, so it cannot be made to lie consistently.
describe('a back office whose clock is 45 s ahead of the kiosk', () => {
  it('the heartbeat and guide mode show the offset and the warning', async () => {
    const secret = newKioskSecret();
    const rcv: ReferenceReceiver = await startReferenceReceiver({
      kiosks: { DQ01: secret },
      now: () => Date.now() + 45_000,
    });
    receiver = rcv;
    h = await startHarness({
      realClock: true,
      config: { backOffice: { endpoint: rcv.url, kioskSecret: secret } },
    });
    const engine = h.k.sync.engine;
    if (!engine) throw new Error('no sync engine');
    // The heartbeat sent at start may have left before any answer: wait for it to be done.
    const deadline = Date.now() + 10_000;
    while (rcv.heartbeats.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    // A status pull is an answer like any other: it measures the offset.
    await engine.puller.pullOnce(new AbortController().signal);
    expect(await engine.sendHeartbeat(new AbortController().signal)).toBe(true);
    const clock = rcv.heartbeats.at(-1)?.body.clock as ReturnType<typeof clockReport>;
    expect(clock.warning).toBe(true);
    expect(Math.abs((clock.offsetMs ?? 0) - 45_000)).toBeLessThan(1_500);
    expect(clock.measuredAt).toEqual(expect.any(String));

    h.as({ audience: 'staff', staff: { id: 'G01', role: 'guide' } });
    const health = await h.call('guideHealth', {});
    const item = health.items.find((i) => i.id === 'clock');
    expect(item).toMatchObject({ ok: false, note: 'clockOffset' });
    expect(item?.value).toMatch(/^\+4[4-6]\.\d s \(±\d+\.\d s\)$/);
  });
});

// The real back office's clock is the host's: in step with the kiosk's on the same machine.
for (const target of backOfficeTargets())
  describe.skipIf(target.skip !== null)(
    `a back office in step with the kiosk (${target.name})`,
    () => {
      it('a kiosk in step shows no warning', async () => {
        const secret = newKioskSecret();
        const rcv = await target.start({ kiosks: { DQ01: secret } });
        receiver = rcv;
        h = await startHarness({
          realClock: true,
          config: { backOffice: { endpoint: rcv.url, kioskSecret: secret } },
        });
        expect(await h.k.sync.engine?.sendHeartbeat(new AbortController().signal)).toBe(true);
        h.as({ audience: 'staff', staff: { id: 'G01', role: 'guide' } });
        const health = await h.call('guideHealth', {});
        expect(health.items.find((i) => i.id === 'clock')).toMatchObject({ ok: true });
        expect(health.items.find((i) => i.id === 'clock')?.note).toBeUndefined();
      });
    },
  );
