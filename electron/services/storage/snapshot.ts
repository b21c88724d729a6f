// A read-only, in-memory copy of the newest usable database generation, brought to the current
// schema in memory. For kioskctl commands that only read: they never write a generation, so they
// can run beside a live kiosk without racing its writer.
import path from 'node:path';
import type { Database as SqlDatabase } from 'sql.js';
import { migrate } from './migrate';
import type { Migration } from './migrations/index';
import { loadSqlJs } from './sqljs';
import { nodeStorageFs, type StorageFs } from './storage-fs';

const GENERATION = /^kiosk\.(\d{10})\.db$/;

export async function openSnapshot(
  dir: string,
  migrations: readonly Migration[],
  fsx: StorageFs = nodeStorageFs,
): Promise<{ db: SqlDatabase; generation: number | null }> {
  const SQL = await loadSqlJs();
  let names: string[] = [];
  try {
    names = await fsx.readdir(dir);
  } catch {
    names = [];
  }
  const gens = names
    .map((n) => GENERATION.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a);
  for (const gen of gens) {
    try {
      const bytes = await fsx.readFile(path.join(dir, `kiosk.${String(gen).padStart(10, '0')}.db`));
      const db = new SQL.Database(bytes);
      const check = String(db.exec('PRAGMA integrity_check')[0]?.values[0]?.[0] ?? '');
      if (check !== 'ok') {
        db.close();
        continue;
      }
      migrate(db, migrations, () => new Date());
      return { db, generation: gen };
    } catch {
      // Try the previous generation.
    }
  }
  const db = new SQL.Database();
  migrate(db, migrations, () => new Date());
  return { db, generation: null };
}
