// The wire formats: every body the kiosk really builds (a 一类事 request, a consultation, a 诉求,
// a cancel notice, a help call, a rating) parses with the protocol's schemas that the back office
// applies, and what the schemas refuse is named by field, never by value.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { all } from '../../../electron/services/storage/sql';
import { bodyTooLarge, checkSubmission } from '../../../electron/protocol/wire';
import { startHarness, startupArgs, type Harness } from '../../support/kiosk-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const envelope = (id: string, kind: string, body: unknown) => ({
  id,
  kind,
  kioskId: 'DQ01',
  createdAt: '2025-06-11T02:00:00.000Z',
  body,
});

describe('the bodies the kiosk sends', () => {
  it('parse with the schemas the back office applies', async () => {
    // A back office is configured (nothing listens there): every kind is queued, nothing leaves.
    h = await startHarness({
      config: {
        backOffice: { endpoint: 'http://127.0.0.1:9/', kioskSecret: 'k'.repeat(40) },
      },
    });
    const hh = h;
    const bundle = await hh.call('requestSubmit', startupArgs());
    await hh.call('requestSubmit', {
      ...startupArgs(),
      subject: { kind: 'consultation', measureNo: 12, board: null },
      founder: false,
    });
    await hh.call('requestSubmit', {
      ...startupArgs(),
      subject: { kind: 'appeal', category: 'arrears', topic: 'arrears-public', text: '货款未结' },
      founder: false,
    });
    await hh.call('callGuide', { screen: 'request-new' });
    await hh.call('ratingSubmit', {
      ticket: bundle.ticket,
      occasion: 'submission',
      level: 'unsatisfied',
      reasons: [],
    });
    hh.as({ audience: 'staff', staff: { id: 'G001', role: 'guide' } });
    await hh.call('guideRequestCancel', { ticket: bundle.ticket, reason: '申请人要求撤回' });

    const queued = hh.k.db.read((d) =>
      all<{ id: string; kind: string; body: string }>(
        d,
        'SELECT id, kind, body FROM outbox ORDER BY rowid',
      ),
    );
    expect(queued.map((q) => q.kind)).toEqual([
      'request',
      'request',
      'request',
      'help-call',
      'rating',
      'request-cancel',
    ]);
    for (const q of queued) {
      const body = JSON.parse(q.body) as Record<string, unknown>;
      const checked = checkSubmission(envelope(q.id, q.kind, body), {
        idempotencyKey: q.id,
        kioskId: 'DQ01',
      });
      expect(checked, `${q.kind}: ${JSON.stringify(checked)}`).toMatchObject({ ok: true });
      expect(bodyTooLarge(body)).toBe(false);
    }
  });
});

describe('what the schemas refuse', () => {
  const id = crypto.randomUUID();
  const ctx = { idempotencyKey: id, kioskId: 'DQ01' };
  const helpCall = {
    schema: 'deqing.help-call/1',
    helpCallId: id,
    kioskId: 'DQ01',
    at: '2025-06-11T02:00:00.000Z',
    screen: 'home',
    centerName: '德清县企业综合服务中心',
    locationName: '自助区',
  };

  it('names the field, never its value', () => {
    expect(checkSubmission(envelope(id, 'help-call', helpCall), ctx)).toMatchObject({ ok: true });
    const cases: [unknown, RegExp][] = [
      [envelope(id, 'parcel', helpCall), /^kind: unknown kind/],
      [envelope(crypto.randomUUID(), 'help-call', helpCall), /^id: differs/],
      [{ ...envelope(id, 'help-call', helpCall), kioskId: 'DQ02' }, /^kioskId: differs/],
      [{ ...envelope(id, 'help-call', helpCall), extra: 1 }, /Unrecognized key/],
      [envelope(id, 'help-call', { ...helpCall, at: 'yesterday' }), /^body\.at: /],
      [envelope(id.toUpperCase(), 'help-call', helpCall), /^id: not a lower-case UUID/],
      [
        envelope(id, 'request', { schema: 'deqing.request/1', ticket: '13812345678' }),
        /body\.requestId: .*body\.ticket: not a ticket number/,
      ],
      ['not an object', /^\(body\): /],
    ];
    for (const [doc, message] of cases) {
      const checked = checkSubmission(doc, ctx);
      expect(checked.ok, JSON.stringify(doc)).toBe(false);
      if (!checked.ok) {
        expect(checked.message).toMatch(message);
        expect(checked.message).not.toContain('13812345678');
      }
    }
    expect(bodyTooLarge({ text: 'x'.repeat(64 * 1024) })).toBe(true);
  });
});
