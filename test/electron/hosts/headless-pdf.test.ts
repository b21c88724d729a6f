// The browser host's print renderer: main's own headless Chromium renders the built print view
// with a one-time token, at the receipt's measured length or A4; the token works once, and the
// print view gets only what is printed. Needs the built renderer (dist/renderer) and Chromium.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PRINT_DATA_PATH,
  PRINT_TOKEN_HEADER,
  printableOf,
} from '../../../electron/domain/printing';
import type { ReceiptView } from '../../../electron/domain/request';
import { startBrowserHost, type BrowserHost } from '../../../electron/browser-host';
import { findChromium } from '../../../electron/services/runtimes';
import { startupArgs } from '../../support/kiosk-harness';

const root = path.resolve(import.meta.dirname, '../../..');
const staticDir = path.join(root, 'dist', 'renderer');
const built = fs.existsSync(path.join(staticDir, 'print.html'));
const chromium = findChromium();
const why = !built
  ? 'the renderer is not built (node scripts/build.mjs)'
  : !chromium.available
    ? chromium.note
    : null;
if (why && process.env.CI) throw new Error(`headless print renderer test cannot run in CI: ${why}`);
if (why) process.stdout.write(`skipped headless-pdf tests: ${why}\n`);

const pdfInfo = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });
const pdfText = (file: string) =>
  execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const mm = (pt: string) => (Number(pt) * 25.4) / 72;

describe.skipIf(why !== null)('the headless print renderer', () => {
  let host: BrowserHost;
  let dir: string;
  let receipt: ReceiptView;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-headless-'));
    host = await startBrowserHost({ dataRoot: dir, staticDir, onExitRequested: () => {} });
    const out = await host.services.dispatch('requestSubmit', startupArgs(), { transport: 'http' });
    if (!out.ok) throw new Error(out.error.message);
    receipt = out.value as ReceiptView;
  });
  afterAll(async () => {
    await host?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders the receipt at 80 mm × its measured length, and the checklist on A4', async () => {
    const r = await host.printRenderer.render({
      document: 'receipt',
      receipt: printableOf(receipt),
      locale: 'zh-CN',
      pageSize: { widthMm: 80, heightMm: 200 },
    });
    expect(r.pageSize).not.toBe('A4');
    const file = path.join(dir, 'r.pdf');
    fs.writeFileSync(file, r.pdf);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(pdfInfo(file));
    expect(Math.round(mm(size?.[1] ?? '0'))).toBe(80);
    const height = (r.pageSize as { heightMm: number }).heightMm;
    expect(Math.abs(mm(size?.[2] ?? '0') - height)).toBeLessThan(1);
    expect(height).toBeGreaterThan(100);
    const text = pdfText(file);
    expect(text).toContain(receipt.ticket);
    expect(text).toContain('企业开办');

    const c = await host.printRenderer.render({
      document: 'checklist',
      receipt: printableOf(receipt),
      locale: 'en',
      pageSize: 'A4',
    });
    fs.writeFileSync(file, c.pdf);
    expect(pdfInfo(file)).toMatch(/Page size:.*\(A4\)/);
    expect(pdfText(file)).toContain('Checklist');
    expect(host.printRenderer.running()).toBe(true);
  });

  it('the print data answers only to a live token, once', async () => {
    const post = (token: string) =>
      fetch(`${host.host.origin}${PRINT_DATA_PATH}`, {
        method: 'POST',
        headers: { [PRINT_TOKEN_HEADER]: token },
      });
    expect((await post('made-up')).status).toBe(401);
    // The launch secret is no print token.
    expect((await post(host.host.secret)).status).toBe(401);
  });
});
