// The one kioskctl runner behind both entries: `npm run kioskctl` and the packaged kiosk's
// `deqing-kiosk --kioskctl …`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { electronRuntime } from '../../../electron/cli/commands/doctor';
import { embeddedKioskctlArgs, runKioskctl } from '../../../electron/cli/run';
import { captureOutput } from '../../support/capture-output';

function withoutElectron(): NodeJS.ProcessVersions {
  const { electron: _e, ...versions } = process.versions;
  return versions as NodeJS.ProcessVersions;
}

const entry = { program: 'kioskctl', dataDefault: "the kiosk's own" };

afterEach(() => vi.restoreAllMocks());

describe('the packaged kiosk as the CLI', () => {
  it('takes what follows --kioskctl, whatever Chromium switches come before it', () => {
    expect(
      embeddedKioskctlArgs([
        '/opt/Deqing Enterprise Kiosk/deqing-kiosk',
        '--ozone-platform=headless',
        '--kioskctl',
        'doctor',
        '--json',
      ]),
    ).toEqual(['doctor', '--json']);
    expect(embeddedKioskctlArgs(['electron', '.', '--kioskctl'])).toEqual([]);
    expect(embeddedKioskctlArgs(['deqing-kiosk'])).toBeNull();
    expect(embeddedKioskctlArgs(['deqing-kiosk', '--no-sandbox'])).toBeNull();
  });

  it('doctor inside the kiosk binary counts that binary as the Electron runtime', () => {
    expect(
      electronRuntime(
        { ...process.versions, electron: '45.5.0' },
        '/opt/Deqing Enterprise Kiosk/deqing-kiosk',
      ),
    ).toEqual({
      available: true,
      path: '/opt/Deqing Enterprise Kiosk/deqing-kiosk',
      version: '45.5.0',
      note: 'the kiosk binary running this command',
    });
    // Under Node: the electron package's binary, as before.
    expect(electronRuntime(withoutElectron()).path).not.toBe(process.execPath);
  });

  it('prints usage naming the program and the data directory it uses', async () => {
    const r = await captureOutput(() => runKioskctl(['--help'], entry));
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: kioskctl <command> [options]');
    expect(r.out).toContain("--data <dir>  the kiosk data directory (default: the kiosk's own)");
    const unknown = await captureOutput(() => runKioskctl(['frobnicate'], entry));
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command: frobnicate');
  });

  it('runs a command with the kiosk data directory and passes its exit code on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kioskctl-run-'));
    const saved = process.env.KIOSK_DATA_DIR;
    process.env.KIOSK_DATA_DIR = dir;
    try {
      const ok = await captureOutput(() => runKioskctl(['sync', 'status', '--json'], entry));
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.out)).toMatchObject({ mode: 'single-site', dataDir: dir });
      const bad = await captureOutput(() => runKioskctl(['sync', 'retry', 'nonsense'], entry));
      expect(bad.code).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.KIOSK_DATA_DIR;
      else process.env.KIOSK_DATA_DIR = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
