// The signed protocol end to end against the reference receiver: genuine calls pass; a bad
// signature, a tampered body, a stale timestamp, an unknown kiosk and a replayed call are refused.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ITEM_REFUSALS,
  KIOSK_LEVEL_ERRORS,
  MAX_BATCH_ITEMS,
  SUBMISSION_KINDS,
  SUBMISSION_STATUSES,
  VERDICTS,
} from '../../../../electron/domain/sync';
import { DEFAULT_BACKOFF } from '../../../../electron/services/sync/backoff';
import {
  assertEndpointAllowed,
  classify,
  classifyBatch,
  createBackOfficeClient,
} from '../../../../electron/services/sync/client';
import {
  canonicalString,
  computeSignature,
  HEADER,
  MAX_SKEW_SECONDS,
  SIGNATURE_SCHEME,
  signedHeaders,
  verifySignedCall,
} from '../../../../electron/protocol/signing';
import {
  nodeHttpTransport,
  type HttpRequest,
  type HttpTransport,
} from '../../../../electron/services/sync/transport';
import {
  backOfficeTargets,
  warmUpTargets,
  type BackOfficeTarget,
} from '../../../support/back-office-targets';
import { newKioskSecret } from '../../../support/reference-receiver';
import { syntheticEnvelope } from '../../../support/sync-harness';

/** Sends exactly these bytes and headers (no client in between), returns status and body. */
function rawPost(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; json: { error?: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(text) as { error?: { code: string } },
          }),
        );
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

describe('docs/back-office-api.yaml', () => {
  const doc = fs.readFileSync(
    path.resolve(__dirname, '../../../../docs/back-office-api.yaml'),
    'utf8',
  );

  it('documents what the code does', () => {
    expect(doc).toMatch(/^openapi: 3\.1\.\d+$/m);
    expect(doc).toContain(SIGNATURE_SCHEME);
    for (const h of Object.values(HEADER)) expect(doc.toLowerCase()).toContain(h);
    expect(doc).toContain(`enum: [${SUBMISSION_KINDS.join(', ')}]`);
    expect(doc).toContain(`enum: [${SUBMISSION_STATUSES.join(', ')}]`);
    expect(doc).toContain(`enum: [${VERDICTS.join(', ')}]`);
    for (const code of KIOSK_LEVEL_ERRORS) expect(doc).toContain(`\`${code}\``);
    expect(doc).toContain(`more than ${MAX_SKEW_SECONDS} s`);
    expect(doc).toContain(
      `min(${DEFAULT_BACKOFF.capMs / 1000} s, ${DEFAULT_BACKOFF.baseMs / 1000} s`,
    );
    for (const p of [
      '/v1/submissions:',
      '/v1/submission-batches:',
      '/v1/status-changes:',
      '/v1/heartbeat:',
    ])
      expect(doc).toContain(p);
    expect(doc).toContain(`maxItems: ${MAX_BATCH_ITEMS}`);
    expect(doc).toContain(`enum: [${ITEM_REFUSALS.join(', ')}]`);
  });
});

describe('signing', () => {
  const parts = {
    method: 'post',
    pathAndQuery: '/bo/v1/submissions',
    kioskId: 'DQ01',
    timestamp: 1772413200,
    nonce: 'AAAAAAAAAAAAAAAAAAAAAAAA',
    idempotencyKey: '6f1c1a52-3a5e-4c55-9d0c-2f1a8f3b9d10',
    body: '{"a":1}',
  };

  it('has the documented canonical string', () => {
    expect(canonicalString(parts).split('\n')).toEqual([
      'DQKIOSK-HMAC-SHA256-V1',
      'POST',
      '/bo/v1/submissions',
      'DQ01',
      '1772413200',
      'AAAAAAAAAAAAAAAAAAAAAAAA',
      '6f1c1a52-3a5e-4c55-9d0c-2f1a8f3b9d10',
      crypto.createHash('sha256').update('{"a":1}').digest('hex'),
    ]);
    const expected = crypto
      .createHmac('sha256', 'k'.repeat(32))
      .update(canonicalString(parts))
      .digest('hex');
    expect(computeSignature('k'.repeat(32), parts)).toBe(expected);
  });

  it('changes with every signed part', () => {
    const secret = 's'.repeat(40);
    const base = computeSignature(secret, parts);
    const variants = [
      { method: 'GET' },
      { pathAndQuery: '/bo/v1/heartbeat' },
      { kioskId: 'DQ02' },
      { timestamp: parts.timestamp + 1 },
      { nonce: 'BBBBBBBBBBBBBBBBBBBBBBBB' },
      { idempotencyKey: null },
      { body: '{"a":2}' },
    ];
    for (const v of variants) expect(computeSignature(secret, { ...parts, ...v })).not.toBe(base);
    expect(computeSignature('t'.repeat(40), parts)).not.toBe(base);
  });

  it('verifies only with the right secret, in time, once', () => {
    const secret = 'x'.repeat(32);
    const seen = new Set<string>();
    const input = (headers: Record<string, string>, nowMs: number, body = parts.body) => ({
      method: 'POST',
      pathAndQuery: parts.pathAndQuery,
      headers,
      body,
      nowMs,
      secretFor: (id: string) => (id === 'DQ01' ? secret : null),
      rememberNonce: (k: string, n: string) => !seen.has(k + n) && !!seen.add(k + n),
    });
    const now = parts.timestamp * 1000;
    const h = signedHeaders(secret, parts);
    expect(verifySignedCall(input(h, now + 299_000))).toEqual({ ok: true, kioskId: 'DQ01' });
    expect(verifySignedCall(input(h, now))).toEqual({ ok: false, reason: 'replayed' });
    const h2 = signedHeaders(secret, { ...parts, nonce: 'CCCCCCCCCCCCCCCCCCCCCCCC' });
    expect(verifySignedCall(input(h2, now + 301_000))).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
    expect(verifySignedCall(input(h2, now - 301_000))).toMatchObject({ reason: 'stale-timestamp' });
    expect(verifySignedCall(input(h2, now, '{"a":3}'))).toMatchObject({ reason: 'bad-signature' });
    const forged = signedHeaders('y'.repeat(32), { ...parts, nonce: 'DDDDDDDDDDDDDDDDDDDDDDDD' });
    expect(verifySignedCall(input(forged, now))).toMatchObject({ reason: 'bad-signature' });
    // A forged call does not burn the nonce it carried.
    expect(seen.has('DQ01DDDDDDDDDDDDDDDDDDDDDDDD')).toBe(false);
    expect(verifySignedCall(input({ ...h2, [HEADER.kioskId]: 'ZZ9' }, now))).toMatchObject({
      reason: 'unknown-kiosk',
    });
    const { [HEADER.signature]: _dropped, ...unsigned } = h2;
    expect(verifySignedCall(input(unsigned, now))).toMatchObject({ reason: 'missing-headers' });
  });
});

describe('endpoint', () => {
  it('is https, or plain http to loopback only, without credentials', () => {
    expect(assertEndpointAllowed('https://bo.example.cn/kiosk-api').href).toBe(
      'https://bo.example.cn/kiosk-api/',
    );
    expect(assertEndpointAllowed('http://127.0.0.1:8080').href).toBe('http://127.0.0.1:8080/');
    expect(assertEndpointAllowed('http://[::1]:9/x/').href).toBe('http://[::1]:9/x/');
    for (const bad of [
      'http://10.0.0.5/api',
      'http://bo.example.cn/',
      'ftp://127.0.0.1/',
      'https://user:pw@bo.example.cn/',
    ])
      expect(() => assertEndpointAllowed(bad), bad).toThrow();
  });
});

describe('reply classification', () => {
  const reply = (status: number, body: unknown = null, headers: Record<string, string> = {}) =>
    classify({
      status,
      header: (n) => headers[n] ?? null,
      text: body === null ? '' : JSON.stringify(body),
    });
  const err = (code: string) => ({ error: { code, message: 'm' } });

  it('sorts replies into deliver, retry, hold and dead letter', () => {
    expect(reply(201, { id: 'x' })).toMatchObject({ type: 'ok' });
    expect(reply(200, { id: 'x', result: 'duplicate' })).toMatchObject({ type: 'ok' });
    expect(reply(500, err('boom'))).toMatchObject({ type: 'retry', endpointDown: false });
    expect(reply(408)).toMatchObject({ type: 'retry', endpointDown: false });
    expect(reply(503, null, { 'retry-after': '7' })).toMatchObject({
      type: 'retry',
      endpointDown: true,
      retryAfterMs: 7000,
    });
    expect(reply(429)).toMatchObject({ type: 'retry', endpointDown: true });
    expect(reply(401, err('bad-signature'))).toMatchObject({ type: 'hold' });
    expect(reply(403, err('kiosk-disabled'))).toMatchObject({ type: 'hold' });
    // A proxy's 404 page (not a protocol reply) means a wrong endpoint, not a bad item.
    expect(reply(404)).toMatchObject({ type: 'hold' });
    expect(reply(302)).toMatchObject({ type: 'hold' });
    expect(reply(422, err('invalid-envelope'))).toEqual({
      type: 'refused',
      reason: '422 invalid-envelope: m',
    });
    expect(reply(409, err('conflict'))).toMatchObject({ type: 'refused' });
    expect(reply(413, err('too-large'))).toMatchObject({ type: 'refused' });
  });
});

describe('batch reply classification', () => {
  const ids = ['a', 'b', 'c'];
  const sorted = (status: number, body: unknown = null, headers: Record<string, string> = {}) =>
    classifyBatch(
      ids,
      classify({
        status,
        header: (n) => headers[n] ?? null,
        text: body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  const at = '2026-03-02T01:00:00.000Z';
  const err = (code: string) => ({ error: { code, message: 'm' } });

  it('answers each item in order: delivered, or a dead letter with its code and message', () => {
    expect(
      sorted(200, {
        results: [
          { id: 'a', result: 'accepted', receivedAt: at },
          { id: 'b', result: 'duplicate', receivedAt: at },
          { id: 'c', result: 'refused', error: { code: 'conflict', message: 'id reused' } },
        ],
      }),
    ).toEqual({
      type: 'items',
      items: [
        { type: 'ok', result: 'accepted' },
        { type: 'ok', result: 'duplicate' },
        { type: 'refused', reason: 'conflict: id reused' },
      ],
    });
    // A refused item too malformed to have an id is known by its place.
    expect(
      sorted(200, {
        results: [
          { id: 'a', result: 'accepted', receivedAt: at },
          { id: null, result: 'refused', error: { code: 'invalid-envelope', message: 'id' } },
          { id: 'c', result: 'accepted', receivedAt: at },
        ],
      }),
    ).toMatchObject({
      type: 'items',
      items: [{ type: 'ok' }, { type: 'refused' }, { type: 'ok' }],
    });
  });

  it('retries a 200 that does not answer the batch sent, and gives up on no item for it', () => {
    const ok = (id: string) => ({ id, result: 'accepted', receivedAt: at });
    for (const body of [
      'not json',
      {},
      { results: [ok('a'), ok('b')] },
      { results: [ok('a'), ok('c'), ok('b')] },
      { results: [ok('a'), ok('b'), ok('c'), ok('d')] },
      { results: [ok('a'), ok('b'), { id: 'c', result: 'refused', error: { code: 'x' } }] },
      { results: [ok('a'), { id: null, result: 'accepted', receivedAt: at }, ok('c')] },
    ])
      expect(sorted(200, body), JSON.stringify(body)).toMatchObject({
        type: 'retry',
        endpointDown: false,
      });
  });

  it('applies a refusal of the call to every item, or sends them one by one', () => {
    expect(sorted(503, err('busy'), { 'retry-after': '4' })).toMatchObject({
      type: 'retry',
      endpointDown: true,
      retryAfterMs: 4000,
    });
    expect(sorted(500)).toMatchObject({ type: 'retry', endpointDown: false });
    expect(sorted(401, err('bad-signature'))).toMatchObject({ type: 'hold' });
    expect(sorted(403, err('kiosk-disabled'))).toMatchObject({ type: 'hold' });
    // A back office without batches (a plain or a protocol 404), a batch it refuses as a batch,
    // or one too large for a proxy in between: the items go one by one.
    for (const [status, body] of [
      [404, null],
      [404, err('not-found')],
      [400, err('invalid-batch')],
      [413, err('too-large')],
    ] as const)
      expect(sorted(status, body)).toMatchObject({ type: 'unsupported' });
  });
});

// One contract, every target: the reference receiver and the real back office.
beforeAll(() => warmUpTargets(), 180_000);

for (const target of backOfficeTargets())
  describe.skipIf(target.skip !== null)(`the protocol served by the ${target.name}`, () => {
    let receiver: BackOfficeTarget | null = null;
    afterEach(async () => {
      await receiver?.close();
      receiver = null;
    });

    it('accepts a genuine call and refuses bad signatures, tampering, stale and replayed calls', async () => {
      const secret = newKioskSecret();
      receiver = await target.start({ kiosks: { DQ01: secret }, basePath: '/bo/' });
      const rcv = receiver;
      const sent: HttpRequest[] = [];
      const base = nodeHttpTransport();
      const recording: HttpTransport = (req) => {
        sent.push(req);
        return base(req);
      };
      const client = (s: string, now = () => Date.now()) =>
        createBackOfficeClient({
          endpoint: rcv.url,
          kioskId: 'DQ01',
          secret: s,
          transport: recording,
          now,
          timeoutMs: 5000,
        });
      const signal = new AbortController().signal;
      const item = (id = crypto.randomUUID()) => ({
        id,
        kind: 'request' as const,
        kioskId: 'DQ01',
        createdAt: new Date().toISOString(),
        body: { ...syntheticEnvelope(0).body, requestId: id },
      });

      const first = item();
      expect(await client(secret).submit(first, signal)).toMatchObject({ type: 'ok', status: 201 });
      expect((await rcv.storedIds()).size).toBe(1);

      // The same call replayed byte for byte (same nonce, same timestamp): refused.
      const captured = sent.at(-1) as HttpRequest;
      const replay = await rawPost(captured.url, captured.headers, captured.body ?? '');
      expect(replay.status).toBe(401);
      expect(replay.json.error?.code).toBe('replayed');

      // The same headers with another body: the signature no longer matches.
      const tampered = await rawPost(
        captured.url,
        { ...captured.headers, [HEADER.nonce]: 'EEEEEEEEEEEEEEEEEEEEEEEE' },
        (captured.body ?? '').replace('0001', '0002'),
      );
      expect(tampered.status).toBe(401);
      expect(tampered.json.error?.code).toBe('bad-signature');

      // Signed with the wrong secret, or six minutes slow: held, not delivered.
      expect(await client(newKioskSecret()).submit(item(), signal)).toMatchObject({
        type: 'hold',
        reason: expect.stringContaining('bad-signature') as string,
      });
      expect(
        await client(secret, () => Date.now() - 6 * 60_000).submit(item(), signal),
      ).toMatchObject({
        type: 'hold',
        reason: expect.stringContaining('stale-timestamp') as string,
      });

      // A retry of the first submission (new nonce and timestamp) is a duplicate, not a replay.
      expect(await client(secret).submit(first, signal)).toMatchObject({ type: 'ok', status: 200 });
      // The same id with different content is a conflict: a dead letter.
      expect(
        await client(secret).submit(
          { ...first, body: { ...first.body, title: '另一件事' } },
          signal,
        ),
      ).toMatchObject({ type: 'refused', reason: expect.stringContaining('conflict') as string });

      expect((await rcv.storedIds()).size).toBe(1);
      expect((await rcv.submission(first.id))?.deliveries).toBe(2);
      expect(rcv.arrivals.map((a) => a.outcome)).toEqual([
        'accepted',
        'refused:replayed',
        'refused:bad-signature',
        'refused:bad-signature',
        'refused:stale-timestamp',
        'duplicate',
        'refused:conflict',
      ]);
    });

    it('serves status changes by cursor, page by page, for the calling kiosk only', async () => {
      const secrets = { DQ01: newKioskSecret(), DQ02: newKioskSecret() };
      receiver = await target.start({ kiosks: secrets });
      const rcv = receiver;
      const signal = new AbortController().signal;
      const mk = (kioskId: 'DQ01' | 'DQ02') =>
        createBackOfficeClient({
          endpoint: rcv.url,
          kioskId,
          secret: secrets[kioskId],
          transport: nodeHttpTransport(),
          now: () => Date.now(),
          timeoutMs: 5000,
        });
      const a = mk('DQ01');
      const b = mk('DQ02');
      const idA = crypto.randomUUID();
      const idB = crypto.randomUUID();
      const sub = (id: string, kioskId: string) => ({
        id,
        kind: 'help-call' as const,
        kioskId,
        createdAt: new Date().toISOString(),
        body: { ...syntheticEnvelope(3, kioskId).body, helpCallId: id },
      });
      await a.submit(sub(idA, 'DQ01'), signal);
      await b.submit(sub(idB, 'DQ02'), signal);
      await rcv.setStatus(idA, 'accepted');
      await rcv.setStatus(idB, 'accepted');
      await rcv.setStatus(idA, 'returned', { note: '材料不全' });

      const p1 = await a.pullStatusChanges(null, 2, signal);
      expect(p1).toMatchObject({ type: 'ok' });
      const page1 = (
        p1 as { json: { changes: { status: string }[]; nextCursor: string; hasMore: boolean } }
      ).json;
      expect(page1.changes.map((c) => c.status)).toEqual(['received', 'accepted']);
      expect(page1.hasMore).toBe(true);
      const p2 = await a.pullStatusChanges(page1.nextCursor, 2, signal);
      const page2 = (
        p2 as { json: { changes: { status: string; note: string }[]; hasMore: boolean } }
      ).json;
      expect(page2.changes).toMatchObject([{ status: 'returned', note: '材料不全' }]);
      expect(page2.hasMore).toBe(false);
      expect(await rcv.heartbeats()).toHaveLength(0);
      expect(await a.heartbeat({ kioskId: 'DQ01' }, signal)).toMatchObject({ type: 'ok' });
      expect(await rcv.heartbeats()).toMatchObject([{ kioskId: 'DQ01' }]);
    });
  });
