// A request's life after the ticket: statuses from the back office (pulled, applied once, shown by
// tracking), delivery acknowledged, a guide's cancel (audited, told to the back office). The pull
// runs against every back-office target: the reference receiver and the real back office.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../../electron/services/guide/audit-repository';
import { all } from '../../../../electron/services/storage/sql';
import {
  backOfficeTargets,
  warmUpTargets,
  type BackOfficeTarget,
} from '../../../support/back-office-targets';
import { newKioskSecret } from '../../../support/reference-receiver';
import { startHarness, startupArgs, type Harness } from '../../../support/kiosk-harness';

let h: Harness | null = null;
let receiver: BackOfficeTarget | null = null;
// The real back office's embedded database takes seconds to start on a busy machine.
beforeAll(() => warmUpTargets(), 180_000);
afterEach(async () => {
  await h?.close();
  await receiver?.close();
  h = null;
  receiver = null;
});

async function until(what: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const target of backOfficeTargets())
  describe.skipIf(target.skip !== null)(`statuses from the back office (${target.name})`, () => {
    it('are pulled into the timeline once each; tracking shows them with the note', async () => {
      const secret = newKioskSecret();
      const rcv = await target.start({ kiosks: { DQ01: secret } });
      receiver = rcv;
      h = await startHarness({
        realClock: true,
        config: { backOffice: { endpoint: rcv.url, kioskSecret: secret } },
      });
      const k = h.k;
      const r = await h.call('requestSubmit', startupArgs());
      await until(async () => (await rcv.submission(r.id)) !== undefined);
      const arrived = await rcv.submission(r.id);
      expect(arrived?.kind).toBe('request');
      expect(arrived?.body).toMatchObject({
        ticket: r.ticket,
        contact: { phone: '13812345678' },
      });
      // The kiosk records the acknowledgement.
      await until(
        () =>
          k.db.read((d) => all(d, 'SELECT 1 FROM requests WHERE sent_at IS NOT NULL')).length === 1,
      );

      // The back office records `received` itself when the submission arrives.
      await rcv.setStatus(r.id, 'accepted');
      await rcv.setStatus(r.id, 'returned', { note: '请补充法定代表人身份证明' });
      const engine = k.sync.engine;
      if (!engine) throw new Error('no sync engine');
      await engine.puller.pullOnce(new AbortController().signal);
      // Pulling again applies nothing twice.
      await engine.puller.pullOnce(new AbortController().signal);

      k.session.reset();
      // By the ticket number alone: the statuses and dates, not the note.
      const bare = await h.call('requestTrack', { ticket: r.ticket });
      expect(bare.timeline.map((e) => [e.status, e.note])).toEqual([
        ['submitted', null],
        ['received', null],
        ['accepted', null],
        ['returned', null],
      ]);
      // With the receipt's tracking code: the note too.
      const t = await h.call('requestTrack', { ticket: r.ticket, code: r.trackCode });
      expect(t.status).toBe('returned');
      expect(t.timeline.map((e) => [e.status, e.source, e.note])).toEqual([
        ['submitted', 'kiosk', null],
        ['received', 'back-office', null],
        ['accepted', 'back-office', null],
        ['returned', 'back-office', '请补充法定代表人身份证明'],
      ]);
      const closed = k.db.read((d) =>
        all<{ closed_at: string | null }>(d, 'SELECT closed_at FROM requests'),
      );
      expect(closed[0]?.closed_at).not.toBeNull();

      // Resubmitted material: the back office takes it up again; the request is open once more.
      await rcv.setStatus(r.id, 'in-progress');
      await rcv.setStatus(r.id, 'completed');
      await rcv.setStatus(r.id, 'follow-up', { verdict: 'satisfied' });
      await engine.puller.pullOnce(new AbortController().signal);
      const done = await h.call('requestTrack', { ticket: r.ticket });
      expect(done.status).toBe('completed');
      expect(done.timeline.at(-1)).toMatchObject({ status: 'follow-up', verdict: 'satisfied' });
    }, 30_000);
  });

describe('the sink and the console share one entry point', () => {
  it('applies a change once by its id and ignores other kinds and unknown ids', async () => {
    h = await startHarness();
    const k = h.k;
    const r = await h.call('requestSubmit', startupArgs());
    const base = {
      requestId: r.id,
      at: '2025-06-12T01:00:00.000Z',
      note: null,
      verdict: null,
      source: 'back-office' as const,
      staffId: null,
    };
    const outcomes = await k.db.write((tx) => [
      k.requests.applyStatus(tx, { ...base, status: 'received', changeId: 'c1' }),
      k.requests.applyStatus(tx, { ...base, status: 'received', changeId: 'c1' }),
      k.requests.applyStatus(tx, {
        ...base,
        requestId: crypto.randomUUID(),
        status: 'accepted',
        changeId: 'c2',
      }),
      k.requests.applyStatus(tx, {
        ...base,
        status: 'accepted',
        source: 'guide',
        staffId: 'G1',
        changeId: null,
      }),
    ]);
    expect(outcomes).toEqual(['applied', 'duplicate', 'unknown', 'applied']);
    const t = await h.call('requestTrack', { ticket: r.ticket });
    expect(t.timeline.map((e) => e.status)).toEqual(['submitted', 'received', 'accepted']);
  });
});

describe('a guide cancels a request', () => {
  it('with a reason: timeline, audit, a notice in the outbox; closed requests cannot be cancelled', async () => {
    h = await startHarness();
    const k = h.k;
    const r = await h.call('requestSubmit', startupArgs());
    expect(
      await h.outcome('guideRequestCancel', { ticket: r.ticket, reason: '企业申请撤回' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    h.as({ audience: 'staff', staff: { id: 'G007', role: 'guide' } });
    expect(await h.outcome('guideRequestCancel', { ticket: r.ticket, reason: ' ' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGS', fields: ['reason'] },
    });
    const item = await h.call('guideRequestCancel', {
      ticket: r.ticket,
      reason: '企业申请撤回',
    });
    expect(item.status).toBe('cancelled');
    expect(
      await h.outcome('guideRequestCancel', { ticket: r.ticket, reason: '再次取消' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });

    // The audit log refers to the reason (kept once, in the timeline) and shows it from there.
    const audit = k.db.read((d) =>
      all<{ staff_id: string; action: string; request_id: string; detail: string }>(
        d,
        "SELECT staff_id, action, request_id, detail FROM audit_log WHERE action = 'cancel-request'",
      ),
    );
    expect(audit).toEqual([
      { staff_id: 'G007', action: 'cancel-request', request_id: r.id, detail: r.ticket },
    ]);
    expect(
      k.db.read((d) => listAudit(d, { limit: 10 })).find((e) => e.action === 'cancel-request'),
    ).toMatchObject({ detail: `${r.ticket}: 企业申请撤回` });
    const notices = k.db.read((d) =>
      all<{ body: string }>(d, "SELECT body FROM outbox WHERE kind = 'request-cancel'"),
    );
    expect(notices.map((n) => JSON.parse(n.body) as unknown)).toEqual([
      {
        schema: 'deqing.request-cancel/1',
        requestId: r.id,
        ticket: r.ticket,
        cancelledAt: '2025-06-11T02:00:00.000Z',
        cancelledBy: 'G007',
        reason: '企业申请撤回',
      },
    ]);
    // The guide's reason is for staff; someone holding the ticket sees only "cancelled".
    k.session.reset();
    const t = await h.call('requestTrack', { ticket: r.ticket });
    expect(t.timeline.at(-1)).toMatchObject({ status: 'cancelled', note: null });
  });
});
