// The request archive. The hot database is held whole in memory and read whole at every open, so
// closed requests do not stay in it for good: `retention.archiveAfterDays` after closing (and once
// their personal data was purged) they move to monthly archive files in <data>/archive (see
// ../storage/archive-files.ts), and `retention.archiveKeepDays` after closing they are deleted from
// the archive too. Runs in the maintenance job beside the retention purge (at start, after the
// nightly restart, and every few hours), never on a user's path: one month at a time, so at most
// one month's file is in memory, with the event loop free between months, between the pieces a
// large month is moved in, and between the steps that copy a piece's requests into its file.
//
// A request is in exactly one of the hot database or the archive at every instant the disk can
// see. A month moves in two steps: (1) its file is written whole under a new name (the previous
// version's requests plus the new ones), then (2) one hot transaction writes the requests'
// stand-in rows, deletes them from the hot database and names the new file. A crash before (2)
// leaves a file no one names (deleted by the next run) and the requests still hot; after (2) the
// previous version is no longer named and is deleted. If a request changed between its copy and
// (2), (2) is not made and the month waits for the next run. Deleting from the archive goes the same
// way: a new version without them, then one hot transaction that drops their stand-ins and names it.
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Database as SqlDatabase, SqlJsStatic } from 'sql.js';
import type { Logger } from '../logger';
import {
  ArchiveFileDamaged,
  archiveFileName,
  newArchiveDatabase,
  openArchiveFile,
  parseArchiveFileName,
  writeArchiveFile,
} from '../storage/archive-files';
import type { KioskDatabase } from '../storage/database';
import type { Migration } from '../storage/migrations/index';
import { readSnapshot } from '../storage/read-snapshot';
import { loadSqlJs } from '../storage/sqljs';
import { nodeStorageFs, type StorageFs } from '../storage/storage-fs';
import {
  archiveDue,
  archiveExpired,
  archiveFileOf,
  archiveFiles,
  archivedIdsOf,
  nextMonth,
  oldestClosedMonth,
  countRequestRows,
  deleteArchivedStandIns,
  deleteRequestRows,
  hasArchiveTables,
  moveToArchive,
  nameArchiveFile,
  putRequestRows,
  requestRows,
  type ArchiveFileRow,
  type RequestRows,
} from './archive-repository';

export interface ArchiveDeps {
  db: KioskDatabase;
  /** <data>/archive */
  dir: string;
  migrations: readonly Migration[];
  log: Logger;
  now: () => Date;
  afterDays: number;
  keepDays: number;
  fsx?: StorageFs;
  /** Asked between months: true once the kiosk is closing (the run ends there). */
  stop?: () => boolean;
  /** Requests copied into a month's file per step (default COPY_STEP). */
  copyStep?: number;
  /** Requests moved out of the hot database per switch (default SWITCH_STEP). */
  switchStep?: number;
}

/**
 * Requests copied per step: the event loop is free between steps. A month of 3,100 requests
 * copied in one step held it about 0.3 s (a tap at the kiosk waited that long); with steps of 250
 * and switches of 1,000 (below), no step of a month held it more than about 55 ms (see the
 * README).
 */
export const COPY_STEP = 250;

/**
 * Requests moved per switch. The switch is one hot transaction that checks every request it moves
 * against its copy and moves them all: for a month of 3,100 it held the event loop 0.15–0.23 s. So
 * a month of more is moved in pieces, each piece written as the month's file's next version (the
 * previous version's requests plus its own) and switched to like any other: the first run after
 * an upgrade writes a month's file a few times over, later runs (a few days each) once.
 */
export const SWITCH_STEP = 1000;

/** Lets whatever the kiosk has to answer run first. */
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

export interface ArchiveRun {
  /** Requests moved from the hot database to the archive. */
  archived: number;
  /** Archived requests deleted for good (past the archive's retention). */
  deleted: number;
  /** Files left by an interrupted run, deleted. */
  leftovers: number;
  /** Months not done this time (a damaged file, a request that changed meanwhile), with why. */
  skipped: { month: string; why: string }[];
}

const DAY_MS = 86_400_000;

/** The next unused version of a month's file. */
function nextVersion(current: ArchiveFileRow | undefined): number {
  return (current ? (parseArchiveFileName(current.file)?.version ?? 0) : 0) + 1;
}

/** Deletes every file in the archive directory the hot database does not name. */
async function removeLeftovers(deps: ArchiveDeps, fsx: StorageFs): Promise<number> {
  let names: string[];
  try {
    names = await fsx.readdir(deps.dir);
  } catch {
    return 0;
  }
  const named = new Set(deps.db.read((d) => archiveFiles(d).map((f) => f.file)));
  let n = 0;
  for (const name of names) {
    const leftover = name.endsWith('.tmp') || (parseArchiveFileName(name) && !named.has(name));
    if (!leftover) continue;
    await fsx.unlink(path.join(deps.dir, name)).catch(() => undefined);
    n++;
  }
  return n;
}

class MonthChanged extends Error {}

/**
 * Rewrites one month's file: the current version (if any) with `remove` deleted and `add`'s rows
 * put in, written whole under the next version, then `commit` switches the hot database to it in
 * one transaction. The previous version is deleted once it is no longer named.
 */
async function rewriteMonth(
  deps: ArchiveDeps,
  SQL: SqlJsStatic,
  fsx: StorageFs,
  month: string,
  change: {
    add: readonly string[];
    remove: readonly string[];
  },
): Promise<number> {
  const current = deps.db.read((d) => archiveFileOf(d, month));
  let file: ReturnType<typeof newArchiveDatabase>;
  if (current) file = await openArchiveFile(SQL, deps.dir, current, fsx, deps.migrations);
  else file = newArchiveDatabase(SQL, deps.migrations, deps.now);
  const step = Math.max(1, deps.copyStep ?? COPY_STEP);
  const adding: RequestRows[] = [];
  let bytes: Uint8Array;
  let left: number;
  try {
    // The file is this run's alone, in memory, until it is written below: its transaction may stay
    // open across the steps.
    file.run('BEGIN');
    deleteRequestRows(file, change.remove);
    for (let i = 0; i < change.add.length; i += step) {
      await yieldToLoop();
      // Read a step at a time: a request that changes after its step was read no longer matches
      // the fingerprint at the switch, and the month waits for the next run.
      const rows = deps.db.read((d) => requestRows(d, change.add.slice(i, i + step)));
      putRequestRows(file, rows);
      adding.push(...rows);
    }
    file.run('COMMIT');
    left = countRequestRows(file);
    bytes = file.export();
  } finally {
    file.close();
  }
  const fingerprint = JSON.stringify(adding);
  const name = archiveFileName(month, nextVersion(current));
  const written = left > 0 ? await writeArchiveFile(deps.dir, name, bytes, fsx) : null;
  const at = deps.now().toISOString();
  let moved = 0;
  try {
    moved = await deps.db.write((tx) => {
      // The hot rows must be the ones copied: anything that changed meanwhile (a late status, a
      // 回访) waits for the next run rather than being archived as it was.
      if (JSON.stringify(requestRows(tx, change.add)) !== fingerprint) throw new MonthChanged();
      deleteArchivedStandIns(tx, change.remove);
      if (!written) {
        // Nothing left in the file: only possible when every archived request of the month went.
        if (archivedIdsOf(tx, month).length > 0)
          throw new Error(`${month}: the file holds fewer requests than the database names`);
        if (current) nameArchiveFile(tx, current);
        return 0;
      }
      const fileRow = { month, file: written.file, bytes: written.bytes, crc: written.crc };
      if (adding.length === 0) {
        nameArchiveFile(tx, { ...fileRow, writtenAt: at });
        return 0;
      }
      return moveToArchive(
        tx,
        adding.map((r) => String(r.request.id)),
        { ...fileRow, writtenAt: at },
      );
    });
  } catch (e) {
    if (written) await fsx.unlink(path.join(deps.dir, written.file)).catch(() => undefined);
    throw e;
  }
  if (current) await fsx.unlink(path.join(deps.dir, current.file)).catch(() => undefined);
  return moved;
}

/** One archive run: leftovers, then the archive's retention, then what is due from the hot database. */
export async function archiveRequests(deps: ArchiveDeps): Promise<ArchiveRun> {
  const fsx = deps.fsx ?? nodeStorageFs;
  const SQL = await loadSqlJs();
  const out: ArchiveRun = { archived: 0, deleted: 0, leftovers: 0, skipped: [] };
  out.leftovers = await removeLeftovers(deps, fsx);
  const nowMs = deps.now().getTime();
  const keepDays = Math.max(deps.keepDays, deps.afterDays);
  const expired = deps.db.read((d) =>
    archiveExpired(d, new Date(nowMs - keepDays * DAY_MS).toISOString()),
  );
  const dueBefore = new Date(nowMs - deps.afterDays * DAY_MS).toISOString();
  // What is due is chosen a month at a time, when its turn comes: the first run after an upgrade
  // has years of it (choosing 90,800 requests at once held the event loop 0.22–0.27 s).
  const dueMonths: string[] = [];
  const oldest = deps.db.read((d) => oldestClosedMonth(d, dueBefore));
  if (oldest) for (let m = oldest; m <= dueBefore.slice(0, 7); m = nextMonth(m)) dueMonths.push(m);
  const months = [...new Set([...expired.keys(), ...dueMonths])].sort();
  for (const month of months) {
    if (deps.stop?.()) break;
    const remove = expired.get(month) ?? [];
    const add = deps.db.read((d) => archiveDue(d, dueBefore, month));
    if (remove.length === 0 && add.length === 0) continue;
    try {
      const whole =
        remove.length > 0 && add.length === 0
          ? deps.db.read((d) => archivedIdsOf(d, month)).length === remove.length
          : false;
      if (whole) {
        // Every request of the month is past retention: no new version, the file goes.
        const current = deps.db.read((d) => archiveFileOf(d, month));
        await deps.db.write((tx) => {
          deleteArchivedStandIns(tx, remove);
          if (current) nameArchiveFile(tx, current);
        });
        if (current) await fsx.unlink(path.join(deps.dir, current.file)).catch(() => undefined);
        out.deleted += remove.length;
      } else {
        // A piece at a time (see SWITCH_STEP), each piece the month's file's next version.
        const piece = Math.max(1, deps.switchStep ?? SWITCH_STEP);
        for (let i = 0; i === 0 || i < add.length; i += piece) {
          if (i > 0) {
            await yieldToLoop();
            if (deps.stop?.()) break;
          }
          out.archived += await rewriteMonth(deps, SQL, fsx, month, {
            add: add.slice(i, i + piece),
            remove: i === 0 ? remove : [],
          });
          if (i === 0) out.deleted += remove.length;
        }
      }
    } catch (e) {
      const why =
        e instanceof MonthChanged
          ? 'a request changed during the run'
          : e instanceof ArchiveFileDamaged
            ? `damaged: ${e.message}`
            : (e as Error).message;
      out.skipped.push({ month, why });
      const level = e instanceof MonthChanged ? 'info' : 'error';
      deps.log[level]('request.archive_month_skipped', { month, why });
      // A disk that refuses a write refuses the next month's too.
      if (!(e instanceof MonthChanged || e instanceof ArchiveFileDamaged)) break;
    }
    // The event loop is free between months: a user's request never waits for a whole run.
    await yieldToLoop();
  }
  if (out.archived > 0 || out.deleted > 0) {
    // The rows that left are free pages until the database is rebuilt; and no file kept for
    // recovery should still hold what the archive's retention deleted.
    await deps.db.compact({ vacuum: true });
  }
  deps.log.info('request.archive_run', {
    archived: out.archived,
    deleted: out.deleted,
    leftovers: out.leftovers,
    skipped: out.skipped.length,
  });
  return out;
}

export interface ArchivedRecord<T> {
  month: string;
  file: string;
  value: T;
}

/**
 * Runs `fn` on a month's archive file, read-only, in memory. `sumOf` reads, from the hot database
 * (the running kiosk's, or kioskctl's copy of its newest state), what it names for the month now;
 * when the file was replaced by a newer version between the two reads, it looks again.
 */
export async function readArchiveMonth<T>(
  dir: string,
  migrations: readonly Migration[],
  sumOf: () => Promise<ArchiveFileRow | undefined> | ArchiveFileRow | undefined,
  fn: (db: SqlDatabase) => T,
  fsx: StorageFs = nodeStorageFs,
): Promise<ArchivedRecord<T> | null> {
  const SQL = await loadSqlJs();
  for (let attempt = 0; ; attempt++) {
    const sum = await sumOf();
    if (!sum) return null;
    try {
      const db = await openArchiveFile(SQL, dir, sum, fsx, migrations);
      try {
        return { month: sum.month, file: sum.file, value: fn(db) };
      } finally {
        db.close();
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 4) throw e;
    }
  }
}

export interface ArchiveInspection {
  files: number;
  requests: number;
  bytes: number;
  /** Named files missing or not matching their recorded length and crc32. */
  damaged: string[];
  /** Files in the directory no one names (left by an interrupted run; the next run deletes them). */
  leftovers: string[];
}

/** Checks every archive file the newest committed state names, without writing (kioskctl doctor). */
export async function inspectArchive(
  dbDir: string,
  dir: string,
  fsx: StorageFs = nodeStorageFs,
): Promise<ArchiveInspection> {
  const files =
    (await readSnapshot(dbDir, (d) => (hasArchiveTables(d) ? archiveFiles(d) : []))) ?? [];
  const out: ArchiveInspection = {
    files: files.length,
    requests: 0,
    bytes: 0,
    damaged: [],
    leftovers: [],
  };
  for (const f of files) {
    out.requests += f.requests;
    out.bytes += f.bytes;
    try {
      const bytes = await fsx.readFile(path.join(dir, f.file));
      if (bytes.byteLength !== f.bytes || crc32(bytes) !== f.crc)
        out.damaged.push(`${f.file}: does not match its recorded length and crc32`);
    } catch (e) {
      out.damaged.push(`${f.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const named = new Set(files.map((f) => f.file));
  const names = await fsx.readdir(dir).catch(() => [] as string[]);
  out.leftovers = names.filter(
    (n) => n.endsWith('.tmp') || (parseArchiveFileName(n) !== null && !named.has(n)),
  );
  return out;
}
