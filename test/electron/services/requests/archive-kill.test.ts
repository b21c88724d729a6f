// Crash safety of the request archive: the host (the hot database and the archive of a data dir)
// adds a batch of closed requests and runs the archive, and is SIGKILLed at random moments of the
// run, many times. After every kill, what is on disk still holds every request that was added, in
// exactly one of the hot database or the archive: never in both, never in neither (unless past the
// archive's retention, deleted for good); every archive file the hot database names is whole
// (length and crc32 as recorded) and holds exactly the requests the hot database says it does; and
// a run that ends leaves no other file behind.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROUNDS = Number(process.env.ARCHIVE_KILL_ROUNDS ?? 30);
const NOW = Date.parse('2026-01-15T02:00:00Z');
const KEEP_MS = 540 * 86_400_000;
const root = path.resolve(__dirname, '../../../..');
let script = '';

beforeAll(async () => {
  script = path.join(root, 'dist/test-build/archive-kill-host.mjs');
  await build({
    entryPoints: [path.join(__dirname, 'archive-kill-host.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: script,
    logLevel: 'error',
    absWorkingDir: root,
  });
});

interface Stored {
  hot: string[];
  standIns: { id: string; month: string }[];
  events: string[];
  named: { month: string; file: string; exists: boolean; whole: boolean; ids: string[] }[];
  onDisk: string[];
}

interface Round {
  stored: Stored;
  added: { id: string; closedAt: string }[];
  archivingAtMs: number | null;
  doneAtMs: number | null;
}

/**
 * Runs the host; `killAfterMs` after it starts archiving it is killed (null: once it is done,
 * or, with `reportOnly`, as soon as it has reported what is stored).
 */
function runRound(
  dataRoot: string,
  killAfterMs: number | null,
  reportOnly = false,
): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dataRoot, '300'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: root,
    });
    const t0 = performance.now();
    let out = '';
    let err = '';
    let archivingAt: number | null = null;
    let doneAt: number | null = null;
    let killed = false;
    const kill = () => {
      if (!killed) child.kill('SIGKILL');
      killed = true;
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (reportOnly && /^STORED .*\n/m.test(out)) kill();
      if (archivingAt === null && out.includes('\nARCHIVING\n')) {
        archivingAt = performance.now() - t0;
        if (killAfterMs !== null) setTimeout(kill, killAfterMs);
      }
      if (doneAt === null && /^DONE /m.test(out)) {
        doneAt = performance.now() - t0;
        if (killAfterMs === null) kill();
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    // A round that hangs fails with what the host said, rather than the whole test timing out.
    const watchdog = setTimeout(() => {
      kill();
      reject(new Error(`round hung; host said: ${out.slice(-500)} ${err}`));
    }, 300_000);
    // 'close', not 'exit': the last of its output may arrive after the process has exited.
    child.on('close', (_code, signal) => {
      clearTimeout(watchdog);
      try {
        if (signal !== 'SIGKILL')
          return reject(new Error(`host ended without being killed: ${err}`));
        // Only whole lines: a line cut by the kill is not a report.
        const whole = out.slice(0, out.lastIndexOf('\n') + 1);
        const storedLine = /^STORED (.*)$/m.exec(whole)?.[1];
        if (!storedLine)
          return reject(
            new Error(
              `host never reported (${signal}, killed ${killed}): ${out.slice(0, 300)} ${err}`,
            ),
          );
        const addedLine = /^ADDED (.*)$/m.exec(whole)?.[1];
        resolve({
          stored: JSON.parse(storedLine) as Stored,
          added: addedLine ? (JSON.parse(addedLine) as Round['added']) : [],
          archivingAtMs: archivingAt,
          doneAtMs: doneAt === null || archivingAt === null ? null : doneAt - archivingAt,
        });
      } catch (e) {
        reject(e as Error);
      }
    });
  });
}

/** What must hold of the disk whatever moment the previous run was killed at. */
function check(s: Stored, known: Map<string, string>): void {
  for (const f of s.named) {
    expect(f.exists, `${f.file} is named but missing`).toBe(true);
    expect(f.whole, `${f.file} does not match its recorded length and crc32`).toBe(true);
  }
  const byMonth = new Map<string, string[]>();
  for (const a of s.standIns) byMonth.set(a.month, [...(byMonth.get(a.month) ?? []), a.id]);
  const namedMonths = new Map(s.named.map((f) => [f.month, f]));
  for (const [month, ids] of byMonth) {
    const f = namedMonths.get(month);
    expect(f, `${month} has archived requests but no file`).toBeDefined();
    expect([...(f?.ids ?? [])].sort()).toEqual([...ids].sort());
  }
  for (const f of s.named) expect(byMonth.has(f.month), `${f.file} names no request`).toBe(true);
  const hot = new Set(s.hot);
  const archived = new Set(s.standIns.map((a) => a.id));
  const both = [...hot].filter((id) => archived.has(id));
  expect(both, 'requests both hot and archived').toEqual([]);
  // A timeline moves with its request.
  expect(s.events.filter((id) => !hot.has(id)).length).toBe(0);
  for (const [id, closedAt] of known) {
    if (Date.parse(closedAt) < NOW - KEEP_MS) continue; // may have been deleted for good
    expect(hot.has(id) || archived.has(id), `request ${id} lost`).toBe(true);
  }
}

describe('archive under SIGKILL', () => {
  it(`a kill at any moment of ${ROUNDS} archive runs loses nothing and duplicates nothing`, async () => {
    const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-archive-kill-'));
    const known = new Map<string, string>();
    try {
      // A whole run first, to learn how long one takes.
      const first = await runRound(dataRoot, null);
      for (const a of first.added) known.set(a.id, a.closedAt);
      // Runs get longer as the files grow: the kill moment is drawn over the shortest run seen.
      let span = Math.max(50, first.doneAtMs ?? 1000);
      let mid = 0;
      let betweenWriteAndSwitch = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const round = await runRound(dataRoot, Math.random() * span);
        check(round.stored, known);
        const named = new Set(round.stored.named.map((f) => f.file));
        if (round.stored.onDisk.some((f) => !named.has(f))) betweenWriteAndSwitch++;
        for (const a of round.added) known.set(a.id, a.closedAt);
        if (round.doneAtMs === null) mid++;
        else span = Math.max(50, Math.min(span, round.doneAtMs));
      }
      // Most kills must have landed during a run, not after it, and some of them between a
      // month's new file and the hot transaction that names it (the file is then left over).
      expect(mid).toBeGreaterThan(ROUNDS / 2);
      process.stdout.write(
        `archive kills: ${mid} of ${ROUNDS} during a run, ${betweenWriteAndSwitch} left a file no one named\n`,
      );
      expect(betweenWriteAndSwitch).toBeGreaterThan(0);
      // A last whole run: everything due is archived and no other file is left.
      const last = await runRound(dataRoot, null);
      for (const a of last.added) known.set(a.id, a.closedAt);
      const final = await runRound(dataRoot, null, true);
      check(final.stored, known);
      expect(final.stored.hot).toEqual([]);
      expect([...final.stored.onDisk].sort()).toEqual(final.stored.named.map((f) => f.file).sort());
      expect(final.stored.standIns.length).toBeGreaterThan(0);
    } finally {
      fs.rmSync(dataRoot, { recursive: true, force: true });
    }
  }, 900_000);
});
