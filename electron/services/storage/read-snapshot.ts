// A read-only look at the newest committed state of a data directory's database (snapshot plus
// journal), for kioskctl commands that report while the kiosk may be running. Never writes: the
// running kiosk owns the database (it keeps it in memory, appends to the journal, writes snapshots).
import type { Database as SqlDatabase } from 'sql.js';
import { migrate } from './migrate';
import type { Migration } from './migrations/index';
import { loadState } from './recovery';
import { loadSqlJs } from './sqljs';
import { nodeStorageFs, type StorageFs } from './storage-fs';

/**
 * Runs `fn` on a private in-memory copy of the newest committed state; null if none.
 * With `migrations`, the copy is first brought to the current schema in memory (and an empty one
 * is used when there is no database yet), so commands work on an older or missing database.
 */
export async function readSnapshot<T>(
  dbDir: string,
  fn: (db: SqlDatabase) => T,
  opts: { fsx?: StorageFs; migrations?: readonly Migration[] } = {},
): Promise<T | null> {
  const SQL = await loadSqlJs();
  let { db } = await loadState(SQL, dbDir, opts.fsx ?? nodeStorageFs);
  if (!db && opts.migrations) db = new SQL.Database();
  if (!db) return null;
  try {
    if (opts.migrations) migrate(db, opts.migrations, () => new Date());
    return fn(db);
  } finally {
    db.close();
  }
}
