import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../../electron/contract';
import { createDispatch } from '../../../electron/hosts/dispatch';
import { MAX_BODY_BYTES, startHttpHost, type HttpHost } from '../../../electron/hosts/http-host';
import { createMemoryLogger } from '../../../electron/services/logger';
import { createPrintTokens } from '../../../electron/services/printing/print-tokens';
import {
  PRINT_DATA_PATH,
  PRINT_TOKEN_HEADER,
  type PrintViewData,
} from '../../../electron/domain/printing';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  host: HttpHost,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { host: `127.0.0.1:${host.port}`, ...opts.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

describe('loopback HTTP host', () => {
  let host: HttpHost;
  let ran = 0;
  const log = createMemoryLogger();
  const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  fs.writeFileSync(path.join(os.tmpdir(), 'outside-secret.txt'), 'secret');

  const call = (name: string, body: unknown, headers: Record<string, string> = {}) =>
    request(host, {
      method: 'POST',
      path: `/api/${name}`,
      headers: { 'content-type': 'application/json', 'x-kiosk-key': host.secret, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    const handlers = {
      appInfo: () => {
        ran++;
        return { kioskId: 'T1' };
      },
      appStatus: () => {
        ran++;
        return { inService: true, reason: null };
      },
      logClientError: () => {
        ran++;
        return { logged: true };
      },
    } as unknown as Handlers;
    const dispatch = createDispatch({ handlers, log, hasAccess: () => true, canWrite: () => true });
    host = await startHttpHost({ dispatch, staticDir, log });
  });
  afterAll(() => host.close());

  it('listens on 127.0.0.1 only and puts the secret in the URL fragment', () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.url).toBe(`${host.origin}/#k=${host.secret}`);
    expect(host.secret.length).toBeGreaterThanOrEqual(40);
  });

  it('answers a call with the secret', async () => {
    const r = await call('appStatus', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { inService: true, reason: null } });
  });

  it('refuses a call without the secret or with a wrong one, and runs nothing', async () => {
    const before = ran;
    for (const key of [undefined, '', 'x'.repeat(host.secret.length), host.secret.slice(1)]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (key !== undefined) headers['x-kiosk-key'] = key;
      const r = await request(host, {
        method: 'POST',
        path: '/api/appStatus',
        headers,
        body: '{}',
      });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.code).toBe('UNAUTHORIZED');
    }
    expect(ran).toBe(before);
  });

  it('refuses a foreign Origin or Host even with the secret, and runs nothing', async () => {
    const before = ran;
    for (const origin of ['http://evil.example', 'http://127.0.0.1:1', 'null']) {
      const r = await call('appStatus', {}, { origin });
      expect(r.status).toBe(403);
    }
    const rebinding = await request(host, {
      method: 'POST',
      path: '/api/appStatus',
      headers: {
        host: `evil.example:${host.port}`,
        'x-kiosk-key': host.secret,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(rebinding.status).toBe(403);
    const crossSite = await call('appStatus', {}, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(ran).toBe(before);
    // Its own origin is fine.
    expect((await call('appStatus', {}, { origin: host.origin })).status).toBe(200);
  });

  it('sends no CORS headers, even to a preflight', async () => {
    const r = await request(host, {
      method: 'OPTIONS',
      path: '/api/appStatus',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.status).toBeGreaterThanOrEqual(400);
    const ok = await call('appStatus', {});
    expect(Object.keys(ok.headers).some((h) => h.startsWith('access-control-'))).toBe(false);
  });

  it('gives typed errors for malformed calls and keeps serving', async () => {
    const before = ran;
    const cases: [Promise<Reply>, number, string][] = [
      [call('noSuchCall', {}), 404, 'UNKNOWN_CALL'],
      [call('logClientError', { where: 1, message: [] }), 400, 'BAD_ARGS'],
      [call('logClientError', '{"where": "x", "message": '), 400, 'BAD_ARGS'],
      [call('appStatus', 'null'), 400, 'BAD_ARGS'],
      [call('appStatus', { unexpected: true }), 400, 'BAD_ARGS'],
      [
        request(host, {
          method: 'GET',
          path: '/api/appStatus',
          headers: { 'x-kiosk-key': host.secret },
        }),
        405,
        'BAD_ARGS',
      ],
    ];
    for (const [pending, status, code] of cases) {
      const r = await pending;
      expect(r.status).toBe(status);
      expect(JSON.parse(r.body).error.code).toBe(code);
    }
    expect(ran).toBe(before);
    expect((await call('appStatus', {})).status).toBe(200);
  });

  it('refuses a body over 1 MiB with TOO_LARGE, declared or streamed', async () => {
    const big = JSON.stringify({ where: 'x', message: 'y'.repeat(MAX_BODY_BYTES) });
    const declared = await call('logClientError', big);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error.code).toBe('TOO_LARGE');
    // Chunked, without a Content-Length.
    const streamed = await new Promise<Reply>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: host.port,
          method: 'POST',
          path: '/api/logClientError',
          headers: {
            host: `127.0.0.1:${host.port}`,
            'x-kiosk-key': host.secret,
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < MAX_BODY_BYTES + chunk.length * 2) {
          sent += chunk.length;
          if (!req.write(chunk)) return req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(JSON.parse(streamed.body).error.code).toBe('TOO_LARGE');
    expect(streamed.status).toBe(413);
    expect(log.lines.filter((l) => l.event === 'http.too_large').length).toBeGreaterThanOrEqual(2);
    expect((await call('appStatus', {})).status).toBe(200);
  });

  it('serves the renderer with the CSP and never a file outside it', async () => {
    const index = await request(host, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).not.toContain("'unsafe-eval'");
    expect(index.headers['content-security-policy']).not.toContain("'unsafe-inline'");
    for (const p of [
      '/../outside-secret.txt',
      '/%2e%2e/outside-secret.txt',
      '/..%2foutside-secret.txt',
      '/%00',
      '/%E0%A4%A',
    ]) {
      const r = await request(host, { path: p });
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('secret');
    }
  });

  it('survives garbage on the socket', async () => {
    const net = await import('node:net');
    await new Promise<void>((resolve) => {
      const s = net.connect(host.port, '127.0.0.1', () => s.end('THIS IS NOT HTTP\r\n\r\n'));
      s.resume();
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    expect((await call('appStatus', {})).status).toBe(200);
  });
});

describe('the print view’s data', () => {
  let host: HttpHost;
  const tokens = createPrintTokens();
  const view = { document: 'receipt', locale: 'zh-CN', receipt: { ticket: 'DQ01-20250611-0001' } };

  beforeAll(async () => {
    host = await startHttpHost({
      dispatch: createDispatch({
        handlers: {} as unknown as Handlers,
        log: createMemoryLogger(),
        hasAccess: () => true,
        canWrite: () => true,
      }),
      staticDir: fs.mkdtempSync(path.join(os.tmpdir(), 'static-')),
      log: createMemoryLogger(),
      printView: (t) => tokens.redeem(t),
    });
  });
  afterAll(() => host.close());

  const fetchView = (token: string, headers: Record<string, string> = {}) =>
    request(host, {
      method: 'POST',
      path: PRINT_DATA_PATH,
      headers: { [PRINT_TOKEN_HEADER]: token, ...headers },
    });

  it('answers a live token once, with the document; without the launch secret', async () => {
    const token = tokens.issue(view as unknown as PrintViewData);
    const first = await fetchView(token);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ ok: true, value: view });
    expect(first.headers['cache-control']).toBe('no-store');
    expect((await fetchView(token)).status).toBe(401);
  });

  it('refuses no token, the launch secret, a GET and a foreign origin', async () => {
    expect((await request(host, { method: 'POST', path: PRINT_DATA_PATH })).status).toBe(401);
    expect((await fetchView(host.secret)).status).toBe(401);
    const token = tokens.issue(view as unknown as PrintViewData);
    expect((await request(host, { path: PRINT_DATA_PATH })).status).toBe(405);
    expect((await fetchView(token, { origin: 'http://evil.example' })).status).toBe(403);
    // Still good after the refusals above: they did not spend it.
    expect((await fetchView(token)).status).toBe(200);
  });
});
