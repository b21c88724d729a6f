// scripts/audit-electron.mjs on a deliberately insecure app: it must find the mistakes offline,
// fail on what is not allowlisted, on stale entries and on unparsable files, and pass once every
// finding is allowlisted with a reason.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const script = path.join(root, 'scripts/audit-electron.mjs');

interface Finding {
  check: string;
  file: string;
}
interface Report {
  ok: boolean;
  findings: Finding[];
  unlisted: Finding[];
  stale: Finding[];
  parseErrors: { file: string }[];
}

function audit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd: root, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let dir: string;
let allowlist: string;
/** The audit of the insecure app (plus an unparsable file) against a one-entry allowlist. */
let first: { code: number; report: Report };
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-electron-'));
  fs.mkdirSync(path.join(dir, 'app'));
  fs.writeFileSync(
    path.join(dir, 'app', 'main.ts'),
    [
      "import { app, BrowserWindow } from 'electron';",
      'app.whenReady().then(() => {',
      '  const win = new BrowserWindow({',
      '    webPreferences: { contextIsolation: false, sandbox: false, webSecurity: false },',
      '  });',
      "  void win.loadURL('http://example.com/');",
      '});',
      '',
    ].join('\n'),
  );
  allowlist = path.join(dir, 'allowlist.json');
  fs.writeFileSync(
    allowlist,
    JSON.stringify({
      entries: [
        {
          check: 'PRELOAD_JS_CHECK',
          file: 'electron/shell/window.ts',
          reason: 'an entry for a finding this app does not have',
        },
      ],
    }),
  );
  fs.writeFileSync(path.join(dir, 'app', 'broken.ts'), 'const = ;\n');
  const { code, stdout } = await audit([
    '--input',
    path.join(dir, 'app'),
    '--allowlist',
    allowlist,
    '--json',
  ]);
  fs.rmSync(path.join(dir, 'app', 'broken.ts'));
  first = { code, report: JSON.parse(stdout) as Report };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('audit:electron', () => {
  it('fails on unlisted findings, stale entries and unparsable files, offline', () => {
    const { code, report } = first;
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    const checks = new Set(report.unlisted.map((f) => f.check));
    for (const check of [
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'WEB_SECURITY_JS_CHECK',
      'HTTP_RESOURCES_JS_CHECK',
      'LIMIT_NAVIGATION_GLOBAL_CHECK',
      'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
    ]) {
      expect(checks, check).toContain(check);
    }
    expect(report.stale.map((e) => e.check)).toEqual(['PRELOAD_JS_CHECK']);
    expect(report.parseErrors.map((e) => path.basename(e.file))).toEqual(['broken.ts']);
  });

  it('passes once every finding is allowlisted with a reason', async () => {
    const entries = [
      ...new Map(first.report.findings.map((f) => [`${f.check} ${f.file}`, f])).values(),
    ].map((f) => ({ check: f.check, file: f.file, reason: 'accepted for this test fixture only' }));
    const full = path.join(dir, 'full.json');
    fs.writeFileSync(full, JSON.stringify({ entries }));
    const { code, stdout } = await audit(['--input', path.join(dir, 'app'), '--allowlist', full]);
    expect(stdout).toContain('audit:electron: OK');
    expect(code).toBe(0);
  });

  it('refuses an allowlist entry without a real reason', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({ entries: [{ check: 'SANDBOX_JS_CHECK', file: 'x.ts', reason: 'ok' }] }),
    );
    const { code, stderr } = await audit(['--input', path.join(dir, 'app'), '--allowlist', bad]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/"reason" must say why/);
  });
});
