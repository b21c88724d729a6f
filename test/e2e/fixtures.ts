// Each e2e test gets its own browser host with its own temporary data directory.
import { test as base, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningKiosk {
  /** The one-time launch URL the host printed (already used when `launch` is 'fixture'). */
  url: string;
  origin: string;
  /** The key for calls (empty when `launch` is 'page': the page has it). */
  secret: string;
  dataDir: string;
  process: ChildProcess;
  /** Opens the kiosk in `page` and waits for the attract screen. */
  open(page: Page): Promise<void>;
  stop(): Promise<void>;
}

/** The key for a launch code, as the page gets it on its first load. */
export async function exchangeLaunchCode(url: string): Promise<string> {
  const parsed = new URL(url);
  const code = new URLSearchParams(parsed.hash.slice(1)).get('c') ?? '';
  const res = await fetch(`${parsed.origin}/launch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const body = (await res.json()) as { key?: string };
  if (!res.ok || !body.key) throw new Error(`launch code refused (${res.status})`);
  return body.key;
}

/**
 * Starts a browser host on its own data directory. `launch: 'fixture'` (the default): the fixture
 * exchanges the printed launch code itself, so that tests can call the host directly, and opens
 * pages with the key handed over as a reloading page hands it; `'page'`: the printed URL is left
 * for a page to open, as the launcher's Chromium does.
 */
export async function startKiosk(
  opts: {
    dataDir?: string;
    config?: object;
    env?: NodeJS.ProcessEnv;
    launch?: 'fixture' | 'page';
  } = {},
): Promise<RunningKiosk> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-'));
  if (opts.config) fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(opts.config));
  const child = spawn(
    process.execPath,
    ['dist/electron/web-host.mjs', '--data', dataDir, '--port', '0', '--quiet'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...opts.env },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`kiosk did not start in 20 s: ${stderr}`)),
      20_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /KIOSK_URL=(\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`kiosk exited with ${code}: ${stderr}`)));
  });
  const parsed = new URL(url);
  const secret = opts.launch === 'page' ? '' : await exchangeLaunchCode(url);
  return {
    url,
    origin: parsed.origin,
    secret,
    dataDir,
    process: child,
    async open(page) {
      if (secret) {
        await page.addInitScript((key) => {
          window.sessionStorage.setItem('kiosk.launch-key', key);
        }, secret);
        await page.goto(`${parsed.origin}/`);
      } else await page.goto(url);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const test = base.extend<{ kiosk: RunningKiosk }>({
  kiosk: async ({}, use) => {
    const kiosk = await startKiosk();
    await use(kiosk);
    await kiosk.stop();
    fs.rmSync(kiosk.dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
