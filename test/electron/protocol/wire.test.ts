// The wire formats: every body the kiosk really builds (a 一类事 request, a consultation, a 诉求,
// a cancel notice, a help call, a rating) parses with the protocol's schemas that the back office
// applies, and what the schemas refuse is named by field, never by value.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { all } from '../../../electron/services/storage/sql';
import {
  bodyTooLarge,
  checkEnvelope,
  checkSubmission,
  serializedBodyTooLarge,
  wireSubmissionSchema,
} from '../../../electron/protocol/wire';
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

  it('checks an envelope as the envelope schema does, whatever its body', () => {
    const nullProto = Object.assign(Object.create(null) as object, helpCall);
    const withProto = JSON.parse(
      JSON.stringify(helpCall).replace('{', '{"__proto__":{"x":1},'),
    ) as unknown;
    const withSymbol = { ...helpCall, [Symbol('s')]: 1 };
    const bodies: unknown[] = [
      helpCall,
      nullProto,
      withProto,
      withSymbol,
      [],
      null,
      'text',
      undefined,
      new Date(0),
    ];
    const extras = [{}, { extra: 1 }, { id: 'nope' }, { createdAt: 'yesterday', kioskId: 7 }];
    for (const [b, body] of bodies.entries())
      for (const [e, extra] of extras.entries()) {
        const doc = { ...envelope(id, 'help-call', body), ...extra };
        const checked = checkEnvelope(doc, { kioskId: 'DQ01' });
        const schema = wireSubmissionSchema.safeParse(doc);
        // Every body here that the envelope takes is a valid help call.
        expect(checked.ok, `body ${b}, extra ${e}`).toBe(schema.success);
        if (!schema.success) {
          if (!checked.ok)
            expect(checked.message).toBe(
              schema.error.issues
                .slice(0, 5)
                .map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`)
                .join('; '),
            );
        } else if (checked.ok) {
          // The body stored is the body the envelope schema gives, key for key.
          expect(JSON.stringify(checked.value.body)).toBe(JSON.stringify(schema.data.body));
          expect(Object.keys(checked.value.body)).toEqual(Object.keys(schema.data.body));
        }
      }
  });

  it('measures a serialized body as bodyTooLarge does', () => {
    for (const n of [0, 64 * 1024 - 20, 64 * 1024 - 10, 64 * 1024, 70_000]) {
      const body = { text: '德'.repeat(Math.floor(n / 3)) + 'x'.repeat(n % 3) };
      expect(serializedBodyTooLarge(JSON.stringify(body))).toBe(bodyTooLarge(body));
    }
  });
});
