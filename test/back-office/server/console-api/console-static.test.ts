// The console's files under /console/: exact files, index.html for the console's own routes, no
// way out of the directory, and the strict headers.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleStatic } from '../../../../back-office/server/console-api/console-static';

let server: http.Server;
let base = '';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-static-'));

beforeAll(async () => {
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
  fs.writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'export {}');
  fs.writeFileSync(path.join(os.tmpdir(), 'console-static-secret.txt'), 'secret');
  const serve = createConsoleStatic(dir);
  server = http.createServer((req, res) => serve(req, res, new URL(req.url ?? '/', 'http://x')));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('console files', () => {
  it('serves its files, index.html for its routes, and nothing outside', async () => {
    const page = await fetch(`${base}/console/requests/abc`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>console</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const js = await fetch(`${base}/console/assets/app-1234.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/console/assets/missing.js`)).status).toBe(404);
    const out = await fetch(`${base}/console/..%2Fconsole-static-secret.txt`);
    expect(await out.text()).not.toContain('secret');
    expect((await fetch(`${base}/console/`, { method: 'POST' })).status).toBe(405);
  });
});
