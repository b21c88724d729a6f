// The notification port: a status change stores its message in the outbox; the signed webhook
// adapter delivers it to a local receiver that verifies the signature with the protocol's own
// code; a gateway that fails is retried with growing delays, and a message that keeps failing is
// marked failed (visible, retried by hand), never lost.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifySignedCall } from '../../../../electron/protocol/signing';
import { backoffMs, deliverDue, MAX_ATTEMPTS } from '../../../../back-office/server/notify/deliver';
import { WEBHOOK_SENDER, webhookGateway } from '../../../../back-office/server/notify/sms-gateway';
import {
  listNotifications,
  retryNotification,
} from '../../../../back-office/server/repositories/notification-repository';
import { act } from '../../../../back-office/server/work/console-actions';
import { testEngines, testPglite } from '../../../support/back-office-db';
import { signal, startRig, wire, type Rig } from '../harness';

beforeAll(() => testPglite().then(() => undefined), 180_000);

const SECRET = 's'.repeat(40);

interface Receiver {
  url: string;
  got: { body: Record<string, unknown>; verified: boolean; idempotencyKey: string | undefined }[];
  /** The status to answer each call with, in order (then 200). */
  answers: number[];
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const r: Omit<Receiver, 'url' | 'close'> = { got: [], answers: [] };
  const seen = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const v = verifySignedCall({
        method: req.method ?? '',
        pathAndQuery: req.url ?? '',
        headers: req.headers,
        body,
        nowMs: Date.now(),
        secretFor: (id) => (id === WEBHOOK_SENDER ? SECRET : null),
        rememberNonce: (_k, nonce) => (seen.has(nonce) ? false : (seen.add(nonce), true)),
      });
      r.got.push({
        body: JSON.parse(body) as Record<string, unknown>,
        verified: v.ok,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      });
      res.writeHead(v.ok ? (r.answers.shift() ?? 200) : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(r, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms/send`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

let rig: Rig | null = null;
let rx: Receiver | null = null;
afterEach(async () => {
  await rig?.close();
  await rx?.close();
  rig = null;
  rx = null;
});

async function completed(r: Rig): Promise<string> {
  const k = await r.kiosk('DQ01');
  const sub = wire(0, 'DQ01');
  await k.client.submit(sub, signal);
  const out = await act(r.db, {
    requestId: sub.id,
    action: 'complete',
    note: '已办结，请领取',
    version: 0,
    actor: { username: 'wang', role: 'handler', department: '县市场监管局' },
    now: new Date(r.clock.now).toISOString(),
  });
  expect(out.ok).toBe(true);
  return sub.body.ticket as string;
}

const deliver = (r: Rig, gw: ReturnType<typeof webhookGateway>, at: number) =>
  r.db.transaction((tx) => deliverDue(tx, gw, at));

for (const { engine, skip } of testEngines()) {
  describe.skipIf(skip !== null)(`notifications (${engine})`, () => {
    it('the webhook gets the message signed; a failing gateway is retried with backoff', async () => {
      rig = await startRig(engine);
      rx = await receiver();
      const r = rig;
      const ticket = await completed(r);
      const gw = webhookGateway({ url: rx.url, secret: SECRET });
      rx.answers = [503, 503];
      let at = r.clock.now;
      expect(await deliver(r, gw, at)).toMatchObject({ retrying: 1 });
      // Not due again before its delay.
      expect(await deliver(r, gw, at + backoffMs(1) - 1000)).toMatchObject({
        retrying: 0,
        sent: 0,
      });
      at += backoffMs(1);
      expect(await deliver(r, gw, at)).toMatchObject({ retrying: 1 });
      expect(backoffMs(2)).toBe(2 * backoffMs(1));
      at += backoffMs(2);
      expect(await deliver(r, gw, at)).toMatchObject({ sent: 1 });
      expect(rx.got).toHaveLength(3);
      expect(rx.got.every((g) => g.verified)).toBe(true);
      // Same message, same idempotency key, every try.
      expect(new Set(rx.got.map((g) => g.idempotencyKey)).size).toBe(1);
      expect(rx.got[2]?.body).toMatchObject({ to: '13800005678', ticket });
      expect(String(rx.got[2]?.body.text)).toContain('已办结');
      expect(String(rx.got[2]?.body.text)).not.toContain('请领取');
      const [n] = await listNotifications(r.db, { limit: 5 });
      expect(n).toMatchObject({ state: 'sent', channel: 'webhook', attempts: 3 });
    });

    it('a message that keeps failing is marked failed, stays visible, and can be tried again', async () => {
      rig = await startRig(engine);
      rx = await receiver();
      const r = rig;
      await completed(r);
      const gw = webhookGateway({ url: rx.url, secret: SECRET });
      rx.answers = Array.from({ length: MAX_ATTEMPTS }, () => 500);
      let at = r.clock.now;
      for (let i = 1; i <= MAX_ATTEMPTS; i++) {
        await deliver(r, gw, at);
        at += backoffMs(i);
      }
      const [n] = await listNotifications(r.db, { limit: 5 });
      expect(n).toMatchObject({
        state: 'failed',
        attempts: MAX_ATTEMPTS,
        lastError: 'gateway answered HTTP 500',
      });
      expect(await retryNotification(r.db, n?.id ?? 0, new Date(at).toISOString())).toBe(true);
      expect(await deliver(r, gw, at)).toMatchObject({ sent: 1 });

      // A refusal that retrying cannot fix fails at once.
      await completedAgain(r);
      rx.answers = [400];
      expect(await deliver(r, gw, at)).toMatchObject({ failed: 1 });
      // A wrong secret is refused by the receiver's check.
      const forged = webhookGateway({ url: rx.url, secret: 'x'.repeat(40) });
      await completedAgain(r);
      expect(await deliver(r, forged, at)).toMatchObject({ failed: 1 });
      expect(rx.got.at(-1)?.verified).toBe(false);
    });
  });
}

async function completedAgain(r: Rig): Promise<void> {
  const k = await r.kiosk(`DQ${Math.floor(Math.random() * 900) + 100}`);
  const sub = wire(0, k.kioskId);
  await k.client.submit(sub, signal);
  const out = await act(r.db, {
    requestId: sub.id,
    action: 'accept',
    note: null,
    version: 0,
    actor: { username: 'chen', role: 'dispatcher', department: null },
    now: new Date(r.clock.now).toISOString(),
  });
  expect(out.ok).toBe(true);
}
