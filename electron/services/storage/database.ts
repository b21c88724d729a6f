// The kiosk's database: sql.js in memory, persisted as whole-file generations.
//
// Every committed write is made durable before `write()` resolves: export, write a temp file,
// fsync it, rename it to the next generation, fsync the directory. The previous generation is kept,
// so a torn or damaged newest file falls back to the one before. Writes that arrive while a
// generation is being written share the next one (group commit), so a burst costs one export per
// flush, not one per write.
//
// If the disk refuses (full, read-only), the in-memory state is rolled back to the last durable
// generation, the waiting writes fail, and the database reports itself out of service until a
// retry succeeds. Nothing that was acknowledged is ever lost.
import path from 'node:path';
import type { Database as SqlDatabase, SqlJsStatic } from 'sql.js';
import type { OutOfServiceReason } from '../../domain/app';
import type { Logger } from '../logger';
import { generationFile, generationsIn, integrityOf, openNewestGeneration } from './generations';
import { migrate } from './migrate';
import type { Migration } from './migrations/index';
import { nodeStorageFs, type StorageFs } from './storage-fs';
import { loadSqlJs } from './sqljs';

/** Free space kept in reserve beyond twice the database's size. */
const MIN_FREE_BYTES = 8 * 1024 * 1024;
const fileOf = generationFile;

export interface StorageHealth {
  inService: boolean;
  reason: OutOfServiceReason | null;
  generation: number;
  sizeBytes: number;
  lastPersistMs: number | null;
  lastError: string | null;
  /** Set when the newest file was damaged and an older generation was opened instead. */
  recoveredFrom: string | null;
}

export interface KioskDatabase {
  /** Runs `fn` in one transaction; resolves once the result is durably on disk. */
  write<T>(fn: (db: SqlDatabase) => T): Promise<T>;
  /** Runs `fn` against the current state (no transaction, nothing persisted). */
  read<T>(fn: (db: SqlDatabase) => T): T;
  health(): StorageHealth;
  /** Tries to persist again after a failure; true once back in service. */
  retry(): Promise<boolean>;
  /**
   * Checks, without touching the database, that the disk could take the next generation: a synced
   * probe file, and free space for at least twice the database plus a margin. Goes out of service
   * before a user's write would fail, and back in service once the disk recovers.
   */
  probe(): Promise<StorageHealth>;
  integrityCheck(): string;
  close(): Promise<void>;
}

export interface OpenOptions {
  dir: string;
  migrations: readonly Migration[];
  log: Logger;
  fs?: StorageFs;
  now?: () => Date;
  /** Generations kept besides the newest. */
  keepPrevious?: number;
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
  db.run('PRAGMA foreign_keys = ON');
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

export async function openDatabase(opts: OpenOptions): Promise<KioskDatabase> {
  const fsx = opts.fs ?? nodeStorageFs;
  const now = opts.now ?? (() => new Date());
  const keep = opts.keepPrevious ?? 1;
  const { log, dir } = opts;
  const SQL: SqlJsStatic = await loadSqlJs();
  await fsx.mkdir(dir);

  for (const n of await fsx.readdir(dir))
    if (n.endsWith('.db.tmp')) await fsx.unlink(path.join(dir, n)).catch(() => undefined);

  const newest = await openNewestGeneration(SQL, dir, fsx);
  const recoveredFrom = newest.damaged[0] ? fileOf(newest.damaged[0].generation) : null;
  for (const bad of newest.damaged) {
    log.warn('storage.generation_damaged', { file: fileOf(bad.generation), error: bad.error });
    // Keep the damaged file for diagnosis, out of the generation sequence.
    const file = path.join(dir, fileOf(bad.generation));
    await fsx.rename(file, `${file}.damaged`).catch(() => undefined);
  }
  if (recoveredFrom) {
    if (newest.db)
      log.warn('storage.recovered', { damaged: recoveredFrom, opened: fileOf(newest.generation) });
    else log.error('storage.no_usable_generation', { damaged: recoveredFrom });
  }
  let current: SqlDatabase = newest.db ?? new SQL.Database();
  applyPragmas(current);
  let generation = newest.generation;
  let sizeBytes = newest.sizeBytes;
  let lastPersistMs: number | null = null;
  let lastError: string | null = null;
  let outOfService: OutOfServiceReason | null = null;
  let pending: Waiter[] = [];
  let flushing: Promise<void> | null = null;
  let closed = false;

  async function writeGeneration(bytes: Uint8Array): Promise<void> {
    const next = generation + 1;
    const final = path.join(dir, fileOf(next));
    const tmp = `${final}.tmp`;
    try {
      await fsx.writeFileSynced(tmp, bytes);
      await fsx.rename(tmp, final);
      await fsx.fsyncDir(dir);
    } catch (e) {
      await fsx.unlink(tmp).catch(() => undefined);
      throw e;
    }
    generation = next;
    sizeBytes = bytes.byteLength;
    const stale = generationsIn(await fsx.readdir(dir)).filter((g) => g < next - keep);
    for (const g of stale) await fsx.unlink(path.join(dir, fileOf(g))).catch(() => undefined);
  }

  async function rollBackToDisk(): Promise<void> {
    const file = path.join(dir, fileOf(generation));
    let bytes: Uint8Array | null = null;
    try {
      if (generation > 0) bytes = await fsx.readFile(file);
    } catch (e) {
      log.error('storage.rollback_read_failed', { error: (e as Error).message });
    }
    current.close();
    current = bytes ? new SQL.Database(bytes) : new SQL.Database();
    applyPragmas(current);
    if (!bytes) migrate(current, opts.migrations, now);
  }

  async function flushLoop(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      const started = performance.now();
      try {
        const bytes = current.export();
        applyPragmas(current);
        await writeGeneration(bytes);
        lastPersistMs = performance.now() - started;
        batch.forEach((w) => w.resolve());
      } catch (e) {
        // Everything committed in memory since the last durable generation is undone, including
        // writes queued behind this batch: none of them has been acknowledged.
        const failed = [...batch, ...pending];
        pending = [];
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
      }
    }
    flushing = null;
  }

  function persist(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      pending.push({ resolve, reject });
      if (!flushing) flushing = flushLoop();
    });
  }

  // A fresh or older database is brought to the current schema and made durable at once.
  const applied = migrate(current, opts.migrations, now);
  if (applied > 0 || generation === 0) await persist();
  const api: KioskDatabase = {
    async write<T>(fn: (db: SqlDatabase) => T): Promise<T> {
      if (closed) throw new Error('database is closed');
      if (outOfService)
        throw new StorageError(outOfService, lastError ?? 'storage is out of service');
      const db = current;
      db.run('BEGIN IMMEDIATE');
      let result: T;
      try {
        result = fn(db);
        db.run('COMMIT');
      } catch (e) {
        try {
          db.run('ROLLBACK');
        } catch {
          // The statement that failed may already have ended the transaction.
        }
        throw e;
      }
      await persist();
      return result;
    },
    read<T>(fn: (db: SqlDatabase) => T): T {
      if (closed) throw new Error('database is closed');
      return fn(current);
    },
    health: () => ({
      inService: outOfService === null,
      reason: outOfService,
      generation,
      sizeBytes,
      lastPersistMs,
      lastError,
      recoveredFrom,
    }),
    async retry(): Promise<boolean> {
      if (!outOfService) return true;
      const was = outOfService;
      outOfService = null;
      try {
        await persist();
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
        await fsx.unlink(file);
        const free = await fsx.freeBytes(dir);
        if (free < MIN_FREE_BYTES + 2 * sizeBytes) {
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
    async close(): Promise<void> {
      if (closed) return;
      while (flushing) await flushing;
      closed = true;
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

/** Reads the newest usable generation without writing anything (for `kioskctl doctor`). */
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
  const newest = await openNewestGeneration(await loadSqlJs(), dir, fsx);
  const damaged = [
    ...names.filter((n) => n.endsWith('.damaged')),
    ...newest.damaged.map((d) => fileOf(d.generation)),
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
      generation: newest.generation,
      file: fileOf(newest.generation),
      sizeBytes: newest.sizeBytes,
      integrity: 'ok',
      schemaVersion: typeof v === 'number' ? v : null,
      damaged,
    };
  } finally {
    newest.db.close();
  }
}
