// `npm run bench -- startup`: cold start of the browser host until the attract screen is
// interactive in Chromium, median of 10, side by side with an empty Vite + Vue page served the
// same way (the same host binary, a fresh data directory, a fresh browser context each time).
import vue from '@vitejs/plugin-vue';
import { chromium, type Browser } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { CHROMIUM_FLAGS, chromiumPath } from '../e2e/chromium';
import { median, printSummary, round } from './lib';

const RUNS = 10;
const root = process.cwd();
const emptyDir = path.join(root, 'dist', 'bench', 'empty-page');

async function buildEmptyPage(): Promise<void> {
  fs.mkdirSync(path.join(root, 'dist', 'bench'), { recursive: true });
  const src = fs.mkdtempSync(path.join(root, 'dist', 'bench', 'empty-src-'));
  fs.writeFileSync(
    path.join(src, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>empty</title></head><body><div id="app"></div><script type="module" src="./main.ts"></script></body></html>',
  );
  fs.writeFileSync(
    path.join(src, 'App.vue'),
    '<template><h1>ready</h1><button type="button">ok</button></template>\n',
  );
  fs.writeFileSync(
    path.join(src, 'main.ts'),
    "import { createApp } from 'vue';\nimport App from './App.vue';\ncreateApp(App).mount('#app');\n",
  );
  await build({
    root: src,
    base: './',
    plugins: [vue()],
    logLevel: 'error',
    build: { outDir: emptyDir, emptyOutDir: true },
  });
  fs.rmSync(src, { recursive: true, force: true });
}

/** Milliseconds from spawning the host to the page's heading and first button being usable. */
async function coldStart(browser: Browser, staticDir: string | null): Promise<number> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-startup-'));
  const args = ['dist/electron/web-host.mjs', '--data', data, '--port', '0', '--quiet'];
  if (staticDir) args.push('--static', staticDir);
  const started = performance.now();
  const host = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    host.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /KIOSK_URL=(\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    host.once('exit', (code) => reject(new Error(`host exited ${code}`)));
  });
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).first().waitFor({ state: 'visible' });
  await page.getByRole('button').first().waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.readyState === 'complete');
  const elapsed = performance.now() - started;
  await context.close();
  await new Promise<void>((resolve) => {
    host.once('exit', () => resolve());
    host.kill('SIGTERM');
  });
  fs.rmSync(data, { recursive: true, force: true });
  return elapsed;
}

async function main(): Promise<void> {
  const exe = chromiumPath();
  if (!exe) throw new Error('Chromium not found: install chromium or set CHROMIUM_PATH');
  await buildEmptyPage();
  const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_FLAGS });
  const app: number[] = [];
  const empty: number[] = [];
  // One warm-up of each, not counted: the first spawn pays for the OS file cache.
  await coldStart(browser, null);
  await coldStart(browser, emptyDir);
  for (let i = 0; i < RUNS; i++) {
    app.push(await coldStart(browser, null));
    empty.push(await coldStart(browser, emptyDir));
  }
  await browser.close();
  const appMs = median(app);
  const emptyMs = median(empty);
  const ratio = appMs / emptyMs;
  console.log(
    `kiosk attract screen   median ${appMs.toFixed(1)} ms  (runs: ${app.map((v) => v.toFixed(0)).join(', ')})`,
  );
  console.log(
    `empty Vite + Vue page  median ${emptyMs.toFixed(1)} ms  (runs: ${empty.map((v) => v.toFixed(0)).join(', ')})`,
  );
  console.log(`ratio ${ratio.toFixed(2)}× (aim: within 1.5×)`);
  printSummary({ app_ms: round(appMs, 1), empty_ms: round(emptyMs, 1), ratio: round(ratio, 3) });
}

await main();
