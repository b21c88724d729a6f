// `npm start` without Electron: the launcher starts Chromium on the browser host. Any local user
// can read a process's command line (/proc/<pid>/cmdline): neither the key every call needs nor
// the one-time code it is got with may be on it. Chromium is started on a page only the kiosk's
// user can read, which leads on with the code; whoever exchanges a code first gets a key that
// dies when the code is presented again. A fake "Chromium" (a shell script that stays up) stands
// in for the browser.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleNodeScript, repoRoot } from '../support/node-host';

const linux = process.platform === 'linux';
if (!linux) console.log('launcher.test: skipped, /proc/<pid>/cmdline exists on Linux only');

let script = '';
let launcher: ChildProcess | null = null;
let fakePid: number | null = null;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-launcher-'));

beforeAll(async () => {
  script = await bundleNodeScript(path.join(repoRoot, 'electron/launcher.ts'), 'launcher');
});

afterAll(() => {
  // Only the processes this test started, by their ids.
  if (fakePid !== null) process.kill(fakePid, 'SIGKILL');
  launcher?.kill('SIGTERM');
});

const cmdlines = (): { pid: string; text: string }[] =>
  fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        return [{ pid, text: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8') }];
      } catch {
        return [];
      }
    });

describe.skipIf(!linux)('the launch key', () => {
  it('is on no command line, nor is the one-time code it is got with', async () => {
    const fake = path.join(dir, 'chromium');
    const pidFile = path.join(dir, 'chromium.pid');
    fs.writeFileSync(
      fake,
      `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "Fake Chromium 1"; exit 0; fi\necho $$ > "${pidFile}"\nwhile :; do sleep 1; done\n`,
      { mode: 0o755 },
    );
    launcher = spawn(process.execPath, [script], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CHROMIUM_PATH: fake,
        DISPLAY: ':99',
        KIOSK_DATA_DIR: path.join(dir, 'data'),
      },
    });
    let out = '';
    launcher.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(pidFile) || fs.readFileSync(pidFile, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error(`the fake Chromium was not started: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    fakePid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    const args = fs.readFileSync(`/proc/${fakePid}/cmdline`, 'utf8').split('\0');
    const app = args.find((a) => a.startsWith('--app='))?.slice('--app='.length) ?? '';
    // The command line names a file, nothing secret.
    expect(app).toMatch(/^file:\/\/.*\/launch\.html$/);
    const page = fileURLToPath(app);
    expect(fs.statSync(page).mode & 0o777).toBe(0o600);
    const target = /url=([^"]+)"/.exec(fs.readFileSync(page, 'utf8'))?.[1] ?? '';
    const url = new URL(target.replace(/&amp;/g, '&'));
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.hash).toMatch(/^#c=[A-Za-z0-9_-]{32}$/);
    const code = url.hash.slice('#c='.length);
    expect(cmdlines().filter((c) => c.text.includes(code))).toEqual([]);

    // Whoever can read the file (the kiosk's own user) and exchanges the code first...
    const exchange = () =>
      fetch(`${url.origin}/launch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
    const stolen = await exchange();
    expect(stolen.status).toBe(200);
    const key = ((await stolen.json()) as { key: string }).key;
    expect(key.length).toBeGreaterThanOrEqual(40);
    // ...gets a key that is on no command line of this machine...
    expect(cmdlines().filter((c) => c.text.includes(key))).toEqual([]);
    const call = () =>
      fetch(`${url.origin}/api/appStatus`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kiosk-key': key },
        body: '{}',
      });
    expect((await call()).status).toBe(200);
    // ...and when the page presents the code in its turn, that key stops working.
    expect((await exchange()).status).toBe(401);
    expect((await call()).status).toBe(401);
  }, 60_000);
});
