// Kills a writing process with SIGKILL at random moments, many times, and checks after each kill
// that the database opens cleanly with every acknowledged write in it.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { openDatabase } from '../../../../electron/services/storage/database';
import { all } from '../../../../electron/services/storage/sql';

const ROUNDS = 30;
let script = '';

beforeAll(async () => {
  // Inside the repository, so the bundle resolves sql.js from node_modules.
  script = path.resolve(__dirname, '../../../../dist/test-build/kill-writer.mjs');
  await build({
    entryPoints: [path.join(__dirname, 'kill-writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: script,
    logLevel: 'error',
    absWorkingDir: path.resolve(__dirname, '../../../..'),
  });
});

function runAndKill(dir: string, afterMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: path.resolve(__dirname, '../../../..'),
    });
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // Kill at a random moment after the first acknowledged write, in the middle of the burst.
      if (!armed && out.includes('ACK ')) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL')
        return reject(new Error(`writer ended without being killed: ${err}`));
      resolve([...out.matchAll(/ACK (\d+)/g)].map((m) => Number(m[1])));
    });
  });
}

describe('durability under SIGKILL', () => {
  it(`keeps every acknowledged write across ${ROUNDS} kills`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kill-db-'));
    const acked = new Set<number>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const id of await runAndKill(dir, Math.floor(Math.random() * 100))) acked.add(id);
      const db = await openDatabase({
        dir,
        migrations: [
          {
            version: 1,
            name: 'rows',
            sql: 'CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)',
          },
        ],
        log: createMemoryLogger(),
      });
      try {
        expect(db.integrityCheck()).toBe('ok');
        const stored = new Set(
          db.read((d) => all<{ id: number }>(d, 'SELECT id FROM rows')).map((r) => r.id),
        );
        const missing = [...acked].filter((id) => !stored.has(id));
        expect(missing, `round ${round}: acknowledged but missing`).toEqual([]);
      } finally {
        await db.close();
      }
    }
    expect(acked.size).toBeGreaterThanOrEqual(ROUNDS);
  }, 600_000);
});
