// The kiosk's database: sql.js in memory, persisted as a snapshot plus an append-only journal.
//
// A committed write is made durable before `write()` resolves by appending one record (the
// statements the transaction ran, with their parameters and a checksum) to the journal and
// fsyncing it: the cost is the size of the change, not of the database. Writes that arrive while
// a record is being written share the next one (group commit). When the journal has grown past a
// threshold (or holds much at open, as after the nightly restart), a new journal is started and a
// snapshot of the whole database is written in the background, off every user's path; the previous
// snapshot and its journals are kept until then, so a damaged newest snapshot falls back to the one
// before it replayed with the same journals. See docs/storage-journal.md for the crash cases.
//
// If the disk refuses (full, read-only), the in-memory state is rolled back to the last durable
// commit, the waiting writes fail, and the database reports itself out of service until a retry
// succeeds. Nothing that was acknowledged is ever lost.
import path from 'node:path';
import type { Database as SqlDatabase, SqlJsStatic } from 'sql.js';
import type { OutOfServiceReason } from '../../domain/app';
import type { Logger } from '../logger';
import { generationFile, generationsIn, integrityOf } from './generations';
import {
  encodeHeader,
  encodeRecord,
  HEADER_BYTES,
  journalFile,
  journalsIn,
  snapshotSum,
  type LoggedTransaction,
  type SnapshotSum,
} from './journal';
import { migrate } from './migrate';
import type { Migration } from './migrations/index';
import { newRecording, recordingDatabase, totalChanges } from './recorder';
import { applyConnectionPragmas, loadState, type LoadLimit } from './recovery';
import { nodeStorageFs, replaceFileWhole, type StorageFs } from './storage-fs';
import { loadSqlJs } from './sqljs';
import { firstValue, forgetStatements, stepOnce } from './statements';

/** Free space kept in reserve beyond twice the database's size. */
const MIN_FREE_BYTES = 8 * 1024 * 1024;
/**
 * Journal bytes (since the newest durable snapshot) after which a snapshot is written: an eighth
 * of the database, so snapshots add at most about eight times the journal's bytes to the disk's
 * wear, within 4–32 MiB, so an open never replays more than about 32 MiB.
 */
export function defaultSnapshotAfterBytes(sizeBytes: number): number {
  return Math.min(32 * 1024 * 1024, Math.max(MIN_SNAPSHOT_AFTER, Math.floor(sizeBytes / 8)));
}
const MIN_SNAPSHOT_AFTER = 4 * 1024 * 1024;
const fileOf = generationFile;

export interface StorageHealth {
  inService: boolean;
  reason: OutOfServiceReason | null;
  /** Sequence number of the last durable commit (a journal record or a whole snapshot). */
  generation: number;
  /** The database's size in memory, which is also the size of its next snapshot. */
  sizeBytes: number;
  lastPersistMs: number | null;
  lastError: string | null;
  /** Set when the newest state was damaged and an older snapshot (or less journal) was used. */
  recoveredFrom: string | null;
  /** Journal bytes written since the newest durable snapshot. */
  journalBytes: number;
  /** Bytes this process has written to the data directory (journal, snapshots, probes). */
  bytesWritten: number;
  /** Whole snapshots written since open. */
  snapshots: number;
}

export interface KioskDatabase {
  /** Runs `fn` in one transaction; resolves once the result is durably on disk. */
  write<T>(fn: (db: SqlDatabase) => T): Promise<T>;
  /** Runs `fn` against the current state (no transaction, nothing persisted). */
  read<T>(fn: (db: SqlDatabase) => T): T;
  /**
   * Resolves once every transaction committed so far is durably on disk, without a write of its
   * own: at once when nothing is waiting for the disk, else with the flush that carries them.
   * Rejects, as their writes do, if that flush fails.
   */
  durable(): Promise<void>;
  health(): StorageHealth;
  /** Tries to persist again after a failure; true once back in service. */
  retry(): Promise<boolean>;
  /**
   * Checks, without touching the database, that the disk could take the next snapshot: a synced
   * probe file, and free space for at least twice the database plus a margin. Goes out of service
   * before a user's write would fail, and back in service once the disk recovers.
   */
  probe(): Promise<StorageHealth>;
  integrityCheck(): string;
  /** Starts a new journal and writes a snapshot now; resolves once it is durable. */
  snapshot(): Promise<void>;
  /**
   * Makes deleted data leave the disk: writes two snapshots in a row, so that no file kept for
   * recovery (older snapshot, journal) still holds what was deleted before this call. With
   * `vacuum`, the database is first rebuilt without its free pages (after many rows left it, as
   * when requests move to the archive), so that it shrinks in memory, on disk and at open.
   */
  compact(opts?: { vacuum?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  dir: string;
  migrations: readonly Migration[];
  log: Logger;
  fs?: StorageFs;
  now?: () => Date;
  /** Journal bytes after which a background snapshot is written (default: see above). */
  snapshotAfterBytes?: number;
  /**
   * Journal bytes replayed at open after which a background snapshot is written at once (as after
   * the nightly restart); default a quarter of the threshold above.
   */
  snapshotAtOpenBytes?: number;
}

export class StorageError extends Error {
  constructor(
    readonly reason: OutOfServiceReason,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

export function reasonOf(e: unknown): OutOfServiceReason {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'storage-full';
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'storage-read-only';
  return 'storage-failed';
}

function applyPragmas(db: SqlDatabase): void {
  // export() closes and reopens the sql.js handle, which resets per-connection settings.
  applyConnectionPragmas(db);
}

function sizeOf(db: SqlDatabase): number {
  const n = (sql: string) => Number(firstValue(db, sql) ?? 0);
  return n('PRAGMA page_count') * n('PRAGMA page_size');
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface Batch {
  waiters: Waiter[];
  txs: LoggedTransaction[];
  /** Commit by a whole snapshot (a transaction the journal cannot hold, or a compaction). */
  whole: boolean;
}

const emptyBatch = (): Batch => ({ waiters: [], txs: [], whole: false });

export async function openDatabase(opts: OpenOptions): Promise<KioskDatabase> {
  const fsx = opts.fs ?? nodeStorageFs;
  const now = opts.now ?? (() => new Date());
  const snapshotAfter = () => opts.snapshotAfterBytes ?? defaultSnapshotAfterBytes(size());
  /** Whether the journal has grown past the snapshot threshold; checked after every flush. */
  const journalFull = () =>
    opts.snapshotAfterBytes === undefined
      ? // The default threshold is never below its floor: under it, no need to measure the size.
        state.journalBytes >= MIN_SNAPSHOT_AFTER && state.journalBytes >= snapshotAfter()
      : state.journalBytes >= opts.snapshotAfterBytes;
  const { log, dir } = opts;
  const SQL: SqlJsStatic = await loadSqlJs();
  await fsx.mkdir(dir);

  for (const n of await fsx.readdir(dir))
    if (n.endsWith('.tmp')) await fsx.unlink(path.join(dir, n)).catch(() => undefined);

  const loaded = await loadState(SQL, dir, fsx);
  const damagedFile = loaded.damaged[0] ? fileOf(loaded.damaged[0].generation) : null;
  for (const bad of loaded.damaged) {
    log.warn('storage.generation_damaged', { file: fileOf(bad.generation), error: bad.error });
    // Keep the damaged file for diagnosis, out of the sequence.
    const file = path.join(dir, fileOf(bad.generation));
    await fsx.rename(file, `${file}.damaged`).catch(() => undefined);
  }
  for (const p of loaded.problems) {
    log.error('storage.journal_damaged', { file: p.file, error: p.error });
    // A copy for diagnosis; the file itself stays as the older snapshot's chain.
    const file = path.join(dir, p.file);
    await fsx
      .readFile(file)
      .then((b) => fsx.writeFileSynced(`${file}.damaged`, b))
      .catch(() => undefined);
  }
  if (loaded.torn) log.warn('storage.journal_torn_tail', { at: loaded.torn });
  const recoveredFrom = damagedFile ?? loaded.problems[0]?.file ?? null;
  if (damagedFile) {
    if (loaded.db)
      log.warn('storage.recovered', { damaged: damagedFile, opened: fileOf(loaded.snapshot) });
    else log.error('storage.no_usable_generation', { damaged: damagedFile });
  }
  let current: SqlDatabase = loaded.db ?? new SQL.Database();
  applyPragmas(current);

  const state = {
    seq: loaded.seq,
    /** Snapshots durable on disk, ascending. */
    snapshots: loaded.db ? [loaded.snapshot] : ([] as number[]),
    journal: loaded.journal ?? loaded.snapshot,
    journalEnd: loaded.journal === null ? HEADER_BYTES : loaded.journalEnd,
    /** Journal bytes since the newest durable snapshot. */
    journalBytes: loaded.replayedBytes,
    /** A failed append may have left a partial record past journalEnd. */
    tailDirty: false,
  };
  // The database's size, measured when asked and at most once per flush (measuring it after every
  // flush cost as much as a small write's own statements).
  let sizeBytes = sizeOf(current);
  let sizeStale = false;
  const size = (): number => {
    if (sizeStale) {
      sizeBytes = sizeOf(current);
      sizeStale = false;
    }
    return sizeBytes;
  };
  let lastPersistMs: number | null = null;
  let lastError: string | null = null;
  let outOfService: OutOfServiceReason | null = null;
  let pending: Batch = emptyBatch();
  // The batch being written now (its waiters are answered when it is on disk).
  let writing: Batch | null = null;
  let flushing: Promise<void> | null = null;
  let rotateWanted = false;
  let background: Promise<void> | null = null;
  let bytesWritten = 0;
  let snapshotsWritten = 0;
  let closed = false;
  let changedOutside = false;

  const highestNumber = async () =>
    Math.max(
      0,
      ...generationsIn(await fsx.readdir(dir)),
      ...journalsIn(await fsx.readdir(dir)),
      state.journal,
    );

  async function startJournal(
    num: number,
    firstSeq: number,
    snapshot: SnapshotSum | null,
  ): Promise<void> {
    const final = path.join(dir, journalFile(num));
    const tmp = `${final}.tmp`;
    const header = encodeHeader(num, firstSeq, snapshot);
    try {
      await fsx.writeFileSynced(tmp, header);
      await fsx.rename(tmp, final);
      await fsx.fsyncDir(dir);
    } catch (e) {
      await fsx.unlink(tmp).catch(() => undefined);
      throw e;
    }
    bytesWritten += header.byteLength;
  }

  async function writeSnapshotFile(num: number, bytes: Uint8Array): Promise<void> {
    await replaceFileWhole(fsx, dir, fileOf(num), bytes);
    bytesWritten += bytes.byteLength;
    snapshotsWritten++;
    state.snapshots.push(num);
    state.snapshots.sort((a, b) => a - b);
  }

  /** Keeps the newest snapshot, the one before it and every journal from that one on. */
  async function cleanUp(): Promise<void> {
    const keepFrom = state.snapshots.at(-2) ?? state.snapshots.at(-1);
    if (keepFrom === undefined) return;
    const names = await fsx.readdir(dir);
    for (const g of generationsIn(names).filter((g) => g < keepFrom))
      await fsx.unlink(path.join(dir, fileOf(g))).catch(() => undefined);
    for (const j of journalsIn(names).filter((j) => j < keepFrom))
      await fsx.unlink(path.join(dir, journalFile(j))).catch(() => undefined);
    state.snapshots = state.snapshots.filter((g) => g >= keepFrom);
  }

  function exportNow(): Uint8Array {
    // sql.js 1.16 exports through SQLite's backup API and keeps its statements; versions that
    // closed and reopened the handle to export freed them all. Kept statements are dropped first
    // either way (exports are rare: a snapshot's rotation, a whole commit).
    forgetStatements(current);
    const bytes = current.export();
    applyPragmas(current);
    return bytes;
  }

  /** Commits by a whole snapshot, then starts its journal. On the caller's path: rare. */
  async function wholeCommit(bytes: Uint8Array): Promise<void> {
    const num = (await highestNumber()) + 1;
    await writeSnapshotFile(num, bytes);
    state.seq++;
    await startJournal(num, state.seq + 1, snapshotSum(bytes));
    state.journal = num;
    state.journalEnd = HEADER_BYTES;
    state.journalBytes = 0;
    state.tailDirty = false;
    await cleanUp();
  }

  async function appendRecord(txs: LoggedTransaction[]): Promise<void> {
    const file = path.join(dir, journalFile(state.journal));
    if (state.tailDirty) {
      await fsx.truncateSynced(file, state.journalEnd);
      state.tailDirty = false;
    }
    const record = encodeRecord({ seq: state.seq + 1, tx: txs });
    state.tailDirty = true;
    await fsx.appendSynced(file, record);
    state.tailDirty = false;
    state.seq++;
    state.journalEnd += record.byteLength;
    state.journalBytes += record.byteLength;
    bytesWritten += record.byteLength;
  }

  /** Writes the exported state as snapshot `num` in the background, then cleans up. */
  function snapshotInBackground(num: number, bytes: Uint8Array, journalBefore: number): void {
    const started = performance.now();
    background = writeSnapshotFile(num, bytes)
      .then(async () => {
        state.journalBytes -= journalBefore;
        log.info('storage.snapshot_written', {
          file: fileOf(num),
          bytes: bytes.byteLength,
          ms: Math.round(performance.now() - started),
        });
        await cleanUp();
      })
      .catch((e: unknown) => {
        // The journals still hold everything; the next threshold tries again.
        log.warn('storage.snapshot_failed', { file: fileOf(num), error: (e as Error).message });
      })
      .finally(() => {
        background = null;
      });
  }

  async function rollBackToDisk(): Promise<void> {
    const limit: LoadLimit = { journal: state.journal, end: state.journalEnd };
    let reloaded: SqlDatabase | null = null;
    try {
      reloaded = (await loadState(SQL, dir, fsx, limit)).db;
    } catch (e) {
      log.error('storage.rollback_read_failed', { error: (e as Error).message });
    }
    forgetStatements(current);
    current.close();
    current = reloaded ?? new SQL.Database();
    sizeStale = true;
    applyPragmas(current);
    if (!reloaded) migrate(current, opts.migrations, now);
  }

  async function flushLoop(): Promise<void> {
    while (hasWork()) {
      const batch = pending;
      pending = emptyBatch();
      writing = batch;
      const started = performance.now();
      // A snapshot must hold exactly what the current journal will hold once this batch is in
      // it: taken now, before anything else can commit.
      const rotating = !batch.whole && rotateWanted && !background && !outOfService;
      const rotation = rotating ? exportNow() : null;
      if (rotating) rotateWanted = false;
      const whole = batch.whole ? exportNow() : null;
      try {
        if (whole) {
          while (background) await background;
          await wholeCommit(whole);
        } else if (batch.waiters.length > 0) {
          await appendRecord(batch.txs);
        }
        lastPersistMs = performance.now() - started;
        sizeStale = true;
        writing = null;
        batch.waiters.forEach((w) => w.resolve());
      } catch (e) {
        writing = null;
        // Everything committed in memory since the last durable commit is undone, including
        // writes queued behind this batch: none of them has been acknowledged.
        const failed = [...batch.waiters, ...pending.waiters];
        pending = emptyBatch();
        outOfService = reasonOf(e);
        lastError = (e as Error).message;
        log.error('storage.persist_failed', {
          reason: outOfService,
          error: lastError,
          waiting: failed.length,
        });
        await rollBackToDisk();
        const err = new StorageError(outOfService, lastError);
        failed.forEach((w) => w.reject(err));
        continue;
      }
      if (rotation) {
        const num = (await highestNumber()) + 1;
        try {
          await startJournal(num, state.seq + 1, snapshotSum(rotation));
          const before = state.journalBytes;
          state.journal = num;
          state.journalEnd = HEADER_BYTES;
          snapshotInBackground(num, rotation, before);
        } catch (e) {
          log.warn('storage.journal_start_failed', { error: (e as Error).message });
        }
      }
      if (!outOfService && !background && journalFull()) rotateWanted = true;
    }
    flushing = null;
  }

  const hasWork = () =>
    pending.waiters.length > 0 || (rotateWanted && !background && !outOfService);

  function kick(): void {
    // Only with work to do: a loop that ends before its first await would clear `flushing`
    // before it is even set.
    if (!flushing && hasWork()) flushing = flushLoop();
  }

  function persist(tx: LoggedTransaction | null, whole: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      pending.waiters.push({ resolve, reject });
      if (tx) pending.txs.push(tx);
      if (whole) pending.whole = true;
      kick();
    });
  }

  // A fresh, older or damaged database is brought to the current schema and made durable at once
  // as a snapshot; so is a state rebuilt after damage. A clean one continues its newest journal.
  const applied = migrate(current, opts.migrations, now);
  if (applied > 0 || !loaded.db || recoveredFrom) {
    await persist(null, true);
  } else if (loaded.journal === null) {
    await startJournal(
      state.journal,
      state.seq + 1,
      loaded.db ? { bytes: loaded.snapshotBytes, crc: loaded.snapshotCrc } : null,
    );
  } else if (loaded.journalFileBytes > loaded.journalEnd) {
    // A torn last record (a commit that was never acknowledged) is cut off before appending.
    await fsx.truncateSynced(path.join(dir, journalFile(state.journal)), state.journalEnd);
  }
  if (state.journalBytes >= (opts.snapshotAtOpenBytes ?? snapshotAfter() / 4)) {
    rotateWanted = true;
    kick();
  }

  const api: KioskDatabase = {
    async write<T>(fn: (db: SqlDatabase) => T): Promise<T> {
      if (closed) throw new Error('database is closed');
      if (outOfService)
        throw new StorageError(outOfService, lastError ?? 'storage is out of service');
      const db = current;
      const rec = newRecording();
      const before = totalChanges(db);
      // Kept statements: compiled once, not per write.
      stepOnce(db, 'BEGIN IMMEDIATE');
      let result: T;
      let changed: number;
      try {
        result = fn(recordingDatabase(db, rec));
        changed = totalChanges(db) - before;
        stepOnce(db, 'COMMIT');
      } catch (e) {
        try {
          stepOnce(db, 'ROLLBACK');
        } catch {
          // The statement that failed may already have ended the transaction.
        }
        throw e;
      }
      if (changed > 0 && rec.statements.length === 0)
        rec.unjournalable ??= 'rows changed by no recorded statement';
      if (changedOutside) {
        rec.unjournalable ??= 'rows changed outside a transaction before it';
        changedOutside = false;
      }
      if (rec.unjournalable) log.info('storage.whole_commit', { why: rec.unjournalable });
      await persist({ s: rec.statements, c: changed }, rec.unjournalable !== null);
      return result;
    },
    durable(): Promise<void> {
      if (closed) return Promise.reject(new Error('database is closed'));
      if (outOfService)
        return Promise.reject(
          new StorageError(outOfService, lastError ?? 'storage is out of service'),
        );
      // Commits not yet being written ride with the next record; those being written, with it.
      const carrier = pending.waiters.length > 0 ? pending : writing;
      if (!carrier) return Promise.resolve();
      return new Promise<void>((resolve, reject) => carrier.waiters.push({ resolve, reject }));
    },
    read<T>(fn: (db: SqlDatabase) => T): T {
      if (closed) throw new Error('database is closed');
      const before = totalChanges(current);
      const result = fn(current);
      if (totalChanges(current) !== before) {
        // A change made outside write() is in no journal record: the next commit writes a whole
        // snapshot so that it is not lost.
        changedOutside = true;
        log.error('storage.write_outside_transaction', {});
      }
      return result;
    },
    health: () => ({
      inService: outOfService === null,
      reason: outOfService,
      generation: state.seq,
      sizeBytes: size(),
      lastPersistMs,
      lastError,
      recoveredFrom,
      journalBytes: state.journalBytes,
      bytesWritten,
      snapshots: snapshotsWritten,
    }),
    async retry(): Promise<boolean> {
      if (!outOfService) return true;
      const was = outOfService;
      outOfService = null;
      try {
        await persist({ s: [], c: 0 }, false);
        log.info('storage.back_in_service', { after: was });
        lastError = null;
        return true;
      } catch {
        return false;
      }
    },
    async probe(): Promise<StorageHealth> {
      const file = path.join(dir, '.probe');
      let problem: OutOfServiceReason | null = null;
      let detail = '';
      try {
        await fsx.writeFileSynced(file, new Uint8Array(4096));
        bytesWritten += 4096;
        await fsx.unlink(file);
        const free = await fsx.freeBytes(dir);
        if (free < MIN_FREE_BYTES + 2 * size()) {
          problem = 'storage-full';
          detail = `only ${free} bytes free`;
        }
      } catch (e) {
        problem = reasonOf(e);
        detail = (e as Error).message;
        await fsx.unlink(file).catch(() => undefined);
      }
      if (problem && !outOfService) {
        outOfService = problem;
        lastError = detail;
        log.error('storage.probe_failed', { reason: problem, error: detail });
      } else if (!problem && outOfService) {
        await api.retry();
      }
      return api.health();
    },
    integrityCheck: () => integrityOf(current),
    async snapshot(): Promise<void> {
      if (closed) throw new Error('database is closed');
      while (background) await background;
      rotateWanted = true;
      kick();
      while (flushing) await flushing;
      while (background) await background;
    },
    async compact(opts = {}): Promise<void> {
      if (closed) throw new Error('database is closed');
      if (outOfService)
        throw new StorageError(outOfService, lastError ?? 'storage is out of service');
      if (opts.vacuum) {
        // Outside any transaction (none is open between two awaits). VACUUM changes only how the
        // rows are laid out, not what a journal record replays against, and the whole snapshot
        // just below makes the rebuilt layout the newest durable state.
        const before = sizeOf(current);
        const started = performance.now();
        current.exec('VACUUM');
        sizeBytes = sizeOf(current);
        log.info('storage.vacuumed', {
          before,
          after: sizeBytes,
          ms: Math.round(performance.now() - started),
        });
      }
      await persist(null, true);
      await persist(null, true);
    },
    async close(): Promise<void> {
      if (closed) return;
      while (flushing) await flushing;
      while (background) await background;
      // health() still answers after close, with the size as it was.
      size();
      closed = true;
      forgetStatements(current);
      current.close();
    },
  };
  return api;
}

export interface DatabaseInspection {
  generation: number | null;
  file: string | null;
  sizeBytes: number | null;
  integrity: string;
  schemaVersion: number | null;
  damaged: string[];
}

/** Rebuilds the newest committed state without writing anything (for `kioskctl doctor`). */
export async function inspectDatabase(
  dir: string,
  fsx: StorageFs = nodeStorageFs,
): Promise<DatabaseInspection> {
  let names: string[];
  try {
    names = await fsx.readdir(dir);
  } catch {
    return {
      generation: null,
      file: null,
      sizeBytes: null,
      integrity: 'no database directory',
      schemaVersion: null,
      damaged: [],
    };
  }
  const newest = await loadState(await loadSqlJs(), dir, fsx);
  const damaged = [
    ...names.filter((n) => n.endsWith('.damaged')),
    ...newest.damaged.map((d) => fileOf(d.generation)),
    ...newest.problems.map((p) => `${p.file}: ${p.error}`),
  ];
  if (!newest.db) {
    const integrity = newest.found.length ? 'no readable generation' : 'no database yet';
    return {
      generation: null,
      file: null,
      sizeBytes: null,
      integrity,
      schemaVersion: null,
      damaged,
    };
  }
  try {
    const v = newest.db.exec('SELECT MAX(version) FROM schema_version')[0]?.values[0]?.[0];
    return {
      generation: newest.snapshot,
      file: fileOf(newest.snapshot),
      sizeBytes: newest.snapshotBytes,
      integrity: 'ok',
      schemaVersion: typeof v === 'number' ? v : null,
      damaged,
    };
  } finally {
    newest.db.close();
  }
}
