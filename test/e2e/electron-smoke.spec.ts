// The real Electron app, driven by Playwright's _electron: the attract screen renders from
// app://kiosk, the preload exposes exactly the contract, and a call goes through IPC to the
// services. Where Electron's binary (or a display) is missing, the test says why and is skipped.
//
// A packaged build can be smoke-tested the same way only if it was packaged with the inspect fuse
// on (see electron-builder.yml): Playwright drives Electron through --inspect.
import { _electron } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CALL_NAMES } from '../../electron/contract';
import { findElectron } from '../../electron/services/runtimes';
import { expect, test } from './fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const electron = findElectron();

function whyNot(): string | null {
  if (!electron.available || !electron.path)
    return `Electron is not runnable here: ${electron.note}`;
  if (!fs.existsSync(path.join(root, 'dist/electron/main.cjs')))
    return 'the Electron entry is not built (dist/electron/main.cjs): run `npm run build`';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'no display to open a window on: run the e2e tests under `xvfb-run -a`';
  return null;
}

test('Electron shell: attract screen, the contract bridge and an IPC call', async () => {
  const reason = whyNot();
  if (reason) {
    // Printed so the list reporter shows it; the skip annotation carries it into reports.
    console.log(`electron-smoke skipped: ${reason}`);
    test.skip(true, reason);
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-electron-'));
  let logText = '';
  const app = await _electron.launch({
    executablePath: electron.path!,
    // Chromium refuses to run as root with its sandbox on (CI containers); kiosks never run as root.
    args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, KIOSK_DATA_DIR: dataDir, KIOSK_WINDOWED: '1' },
    timeout: 30_000,
  });
  try {
    const page = await app.firstWindow();
    await expect(
      page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }),
    ).toBeVisible();
    expect(page.url()).toBe('app://kiosk/index.html');

    const bridge = await page.evaluate(() => {
      const kiosk = (globalThis as unknown as { kiosk?: Record<string, unknown> }).kiosk ?? {};
      return Object.keys(kiosk).map((name) => [name, typeof kiosk[name]] as const);
    });
    expect(bridge.map(([name]) => name).sort()).toEqual([...CALL_NAMES].sort());
    expect(bridge.every(([, type]) => type === 'function')).toBe(true);

    const info = await page.evaluate(() =>
      (globalThis as unknown as { kiosk: { appInfo(a: object): Promise<unknown> } }).kiosk.appInfo(
        {},
      ),
    );
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron' } });

    // Node stays out of the page (this runs in the page, where globalThis is window), and the page
    // cannot open windows.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    );
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/') ===
          null,
      ),
    ).toBe(true);
  } finally {
    await app.close();
    logText = readLogs(dataDir);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  // Logged by the shell, and the services were closed (storage flushed) on quit.
  expect(logText).toContain('"event":"electron.window_open_denied"');
  expect(logText).toContain('"event":"kiosk.stopped"');
});

test('a newly installed version confirms its start once the attract screen runs', async () => {
  const reason = whyNot();
  if (reason) {
    console.log(`electron-smoke (update confirmation) skipped: ${reason}`);
    test.skip(true, reason);
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-electron-update-'));
  // As the previous version leaves it when it runs the installer at the nightly restart.
  const version = (
    JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  fs.mkdirSync(path.join(dataDir, 'updates'), { recursive: true });
  fs.writeFileSync(
    path.join(dataDir, 'updates', 'state.json'),
    JSON.stringify({
      pending: { version, fromVersion: '0.0.1', at: new Date().toISOString(), starts: 0 },
    }),
  );
  const app = await _electron.launch({
    executablePath: electron.path!,
    args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, KIOSK_DATA_DIR: dataDir, KIOSK_WINDOWED: '1' },
    timeout: 30_000,
  });
  try {
    const page = await app.firstWindow();
    await expect(
      page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }),
    ).toBeVisible();
    const state = () =>
      JSON.parse(fs.readFileSync(path.join(dataDir, 'updates', 'state.json'), 'utf8')) as {
        pending: unknown;
        history: { event: string; version: string }[];
      };
    await expect.poll(() => state().pending, { timeout: 60_000 }).toBeNull();
    expect(state().history.at(-1)).toMatchObject({ event: 'installed', version });
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the kiosk binary runs kioskctl without a window: --kioskctl doctor --json', () => {
  const reason =
    !electron.available || !electron.path
      ? `Electron is not runnable here: ${electron.note}`
      : !fs.existsSync(path.join(root, 'dist/electron/main.cjs'))
        ? 'the Electron entry is not built (dist/electron/main.cjs): run `npm run build`'
        : null;
  if (reason) {
    console.log(`electron-smoke (kioskctl) skipped: ${reason}`);
    test.skip(true, reason);
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-electron-cli-'));
  try {
    // As the installed wrapper runs it: Chromium's headless platform, so no display is needed.
    const r = spawnSync(
      electron.path!,
      [
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        '--ozone-platform=headless',
        root,
        '--kioskctl',
        'doctor',
        '--json',
      ],
      { env: { ...process.env, KIOSK_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 60_000 },
    );
    const report = JSON.parse(r.stdout) as { dataDir: { path: string }; electron: unknown };
    expect(report.dataDir.path).toBe(dataDir);
    expect([0, 1]).toContain(r.status);
    // No window was opened and nothing of the kiosk started: no log directory was made.
    expect(fs.existsSync(path.join(dataDir, 'logs'))).toBe(false);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

function readLogs(dataDir: string): string {
  const logs = path.join(dataDir, 'logs');
  if (!fs.existsSync(logs)) return '';
  return fs
    .readdirSync(logs)
    .map((f) => fs.readFileSync(path.join(logs, f), 'utf8'))
    .join('');
}
