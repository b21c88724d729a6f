// A read-only look at the newest durable generation of a data directory's database, for
// kioskctl commands that report while the kiosk may be running. Never writes: the running kiosk
// owns the database (it keeps it in memory and writes whole generations).
import path from 'node:path';
import type { Database as SqlDatabase } from 'sql.js';
import { loadSqlJs } from './sqljs';
import { nodeStorageFs, type StorageFs } from './storage-fs';

const GENERATION = /^kiosk\.(\d{10})\.db$/;

/** Runs `fn` on a private in-memory copy of the newest readable generation; null if none. */
export async function readSnapshot<T>(
  dbDir: string,
  fn: (db: SqlDatabase) => T,
  fsx: StorageFs = nodeStorageFs,
): Promise<T | null> {
  let names: string[];
  try {
    names = await fsx.readdir(dbDir);
  } catch {
    return null;
  }
  const gens = names
    .map((n) => GENERATION.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => m[0])
    .sort()
    .reverse();
  const SQL = await loadSqlJs();
  for (const file of gens) {
    let db: SqlDatabase;
    try {
      db = new SQL.Database(await fsx.readFile(path.join(dbDir, file)));
      const ok = db.exec('PRAGMA integrity_check')[0]?.values[0]?.[0];
      if (ok !== 'ok') {
        db.close();
        continue;
      }
    } catch {
      continue;
    }
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }
  return null;
}
