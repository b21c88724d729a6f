// Kills a process using the database with SIGKILL at random moments, many times, and checks after
// each kill that the database opens cleanly with every acknowledged write in it: while it writes,
// while it writes with snapshots being taken all the time, and while it replays a long journal at
// open (and writes the snapshot that follows).
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { openDatabase } from '../../../../electron/services/storage/database';
import { readSnapshot } from '../../../../electron/services/storage/read-snapshot';
import { all, run } from '../../../../electron/services/storage/sql';
import { ROWS } from './kill-schema';

const ROUNDS = 30;
const root = path.resolve(__dirname, '../../../..');
const scripts = { writer: '', replay: '' };

beforeAll(async () => {
  // Inside the repository, so the bundles resolve sql.js from node_modules.
  for (const [name, entry] of [
    ['writer', 'kill-writer.ts'],
    ['replay', 'replay-host.ts'],
  ] as const) {
    scripts[name] = path.join(root, 'dist/test-build', entry.replace(/\.ts$/, '.mjs'));
    await build({
      entryPoints: [path.join(__dirname, entry)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: scripts[name],
      logLevel: 'error',
      absWorkingDir: root,
    });
  }
});

interface Killed {
  out: string;
  /** What the child had printed when the kill was sent. */
  outAtKill: string;
}

/** Runs `script`; SIGKILLs it `afterMs` after it first prints `armOn`. */
function runAndKill(
  script: string,
  args: string[],
  armOn: string,
  afterMs: number,
): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: root,
    });
    let out = '';
    let err = '';
    let outAtKill = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!armed && out.includes(armOn)) {
        armed = true;
        setTimeout(() => {
          outAtKill = out;
          child.kill('SIGKILL');
        }, afterMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL')
        return reject(new Error(`child ended without being killed: ${err}`));
      resolve({ out, outAtKill });
    });
  });
}

const acks = (out: string) => [...out.matchAll(/ACK (\d+)/g)].map((m) => Number(m[1]));

async function expectAll(dir: string, acked: Set<number>, where: string): Promise<void> {
  const db = await openDatabase({ dir, migrations: ROWS, log: createMemoryLogger() });
  try {
    expect(db.integrityCheck()).toBe('ok');
    expect(db.health().recoveredFrom, where).toBeNull();
    const stored = new Set(
      db.read((d) => all<{ id: number }>(d, 'SELECT id FROM rows')).map((r) => r.id),
    );
    const missing = [...acked].filter((id) => !stored.has(id));
    expect(missing, `${where}: acknowledged but missing`).toEqual([]);
  } finally {
    await db.close();
  }
}

describe('durability under SIGKILL', () => {
  it(`keeps every acknowledged write across ${ROUNDS} kills`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kill-db-'));
    const acked = new Set<number>();
    for (let round = 0; round < ROUNDS; round++) {
      const k = await runAndKill(scripts.writer, [dir], 'ACK ', Math.floor(Math.random() * 100));
      for (const id of acks(k.out)) acked.add(id);
      await expectAll(dir, acked, `round ${round}`);
    }
    expect(acked.size).toBeGreaterThanOrEqual(ROUNDS);
  }, 600_000);

  it(`keeps every acknowledged write across ${ROUNDS} kills while snapshots are taken`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kill-snap-'));
    const acked = new Set<number>();
    let duringSnapshot = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // A snapshot after nearly every commit: many kills land while one is being written.
      const k = await runAndKill(
        scripts.writer,
        [dir, '4000'],
        'ACK ',
        Math.floor(Math.random() * 300),
      );
      for (const id of acks(k.out)) acked.add(id);
      // A snapshot's temporary file left behind: the kill came while it was being written.
      if (fs.readdirSync(dir).some((n) => n.endsWith('.db.tmp'))) duringSnapshot++;
      await expectAll(dir, acked, `round ${round}`);
    }
    console.log(`${ROUNDS} kills with snapshots, ${duringSnapshot} while one was being written`);
    expect(duringSnapshot).toBeGreaterThan(0);
  }, 600_000);

  it(`loses nothing when killed ${ROUNDS} times while replaying a long journal`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kill-replay-'));
    // A long journal and no snapshot over it: every open replays it all.
    const db = await openDatabase({
      dir,
      migrations: ROWS,
      log: createMemoryLogger(),
      snapshotAfterBytes: Infinity,
      snapshotAtOpenBytes: Infinity,
    });
    const payload = '德清'.repeat(200);
    const writes: Promise<number>[] = [];
    for (let id = 1; id <= 3000; id++)
      writes.push(db.write((d) => run(d, 'INSERT INTO rows VALUES (?, ?)', [id, payload])));
    await Promise.all(writes);
    const journalBytes = db.health().journalBytes;
    await db.close();
    const acked = new Set(Array.from({ length: 3000 }, (_, i) => i + 1));
    const count = async () =>
      (await readSnapshot(dir, (d) => all(d, 'SELECT COUNT(*) AS n FROM rows')[0]?.n)) ?? 0;

    // How long an open takes here, to spread the kills over it.
    const started = performance.now();
    const full = await runAndKill(scripts.replay, [dir], 'OPENED', 0);
    expect(full.out).toContain('OPENED');
    const openMs = performance.now() - started;

    let duringReplay = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // The second half also writes the snapshot that follows a long replay.
      const mode = round < ROUNDS / 2 ? 'replay' : 'snapshot';
      const k = await runAndKill(
        scripts.replay,
        [dir, mode],
        'START',
        Math.floor(Math.random() * openMs * 1.3),
      );
      if (!k.outAtKill.includes('OPENED')) duringReplay++;
      expect(await count(), `round ${round} (${mode})`).toBe(3000);
    }
    console.log(
      `${ROUNDS} kills during open (journal ${journalBytes} bytes, open ≈ ${Math.round(openMs)} ms), ` +
        `${duringReplay} before the replay finished`,
    );
    expect(duringReplay).toBeGreaterThan(0);
    await expectAll(dir, acked, 'after the kills');
  }, 600_000);
});
