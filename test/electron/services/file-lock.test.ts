// kioskctl and the running kiosk share staff-pins.json and config.json: read-modify-write under
// a lock file, so concurrent writers lose nothing.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileLockTimeout, withFileLock } from '../../../electron/services/file-lock';
import { readStaffPins, writeStaffPin } from '../../../electron/services/guide/staff-pins';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

describe('the lock file', () => {
  it('eight processes writing PINs at once: every PIN is kept', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-lock-'));
    const file = path.join(dir, 'staff-pins.json');
    // Real processes, as kioskctl runs: the writer bundled the way scripts/build.mjs bundles it.
    const writer = path.join(dir, 'writer.mjs');
    await build({
      stdin: {
        contents: `
          import { writeStaffPin } from './electron/services/guide/staff-pins.ts';
          const id = process.argv.at(-1);
          for (let i = 0; i < 10; i++)
            writeStaffPin(${JSON.stringify(file)}, id + 'R' + i, 'guide', 'scrypt$' + id, new Date());
        `,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: writer,
      logLevel: 'error',
    });
    const runs = Array.from(
      { length: 8 },
      (_, n) =>
        new Promise<number>((resolve) => {
          const p = spawn(process.execPath, [writer, `S${n}`], { stdio: 'inherit' });
          p.on('exit', (code) => resolve(code ?? -1));
        }),
    );
    expect(await Promise.all(runs)).toEqual(Array(8).fill(0));
    expect(Object.keys(readStaffPins(file))).toHaveLength(80);
    expect(fs.readdirSync(dir).sort()).toEqual(['staff-pins.json', 'writer.mjs']);
  });

  it('waits for a held lock, takes over a stale one, and gives up with a clear message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-lock-'));
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(`${file}.lock`, '999999\n');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(`${file}.lock`, old, old);
    expect(withFileLock(file, () => 'ran')).toBe('ran');
    expect(fs.existsSync(`${file}.lock`)).toBe(false);

    fs.writeFileSync(`${file}.lock`, '999999\n');
    const started = Date.now();
    expect(() => withFileLock(file, () => 'never')).toThrow(FileLockTimeout);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
    fs.rmSync(`${file}.lock`);
    writeStaffPin(path.join(dir, 'p.json'), 'G1', 'admin', 'scrypt$x', new Date());
    expect(readStaffPins(path.join(dir, 'p.json')).G1?.role).toBe('admin');
  });
});
