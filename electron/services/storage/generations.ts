// The database on disk is a sequence of whole-file generations, kiosk.<10 digits>.db. This module
// is the one place that names them and finds the newest one that opens and passes
// `PRAGMA integrity_check`.
import path from 'node:path';
import type { Database as SqlDatabase, SqlJsStatic } from 'sql.js';
import type { StorageFs } from './storage-fs';

const GENERATION = /^kiosk\.(\d{10})\.db$/;

export const generationFile = (gen: number): string => `kiosk.${String(gen).padStart(10, '0')}.db`;

/** Generation numbers present in `names`, newest first. */
export function generationsIn(names: readonly string[]): number[] {
  return names
    .map((n) => GENERATION.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a);
}

export function integrityOf(db: SqlDatabase): string {
  const res = db.exec('PRAGMA integrity_check');
  return String(res[0]?.values[0]?.[0] ?? 'no answer');
}

export interface NewestGeneration {
  /** The newest generation that opened cleanly, or null when none did (or none exists). */
  db: SqlDatabase | null;
  generation: number;
  sizeBytes: number;
  /** Newer generations that were damaged, with why, newest first. */
  damaged: { generation: number; error: string }[];
  /** Every generation file found. */
  found: number[];
}

/** Opens the newest usable generation in memory. Never writes. */
export async function openNewestGeneration(
  SQL: SqlJsStatic,
  dir: string,
  fsx: StorageFs,
): Promise<NewestGeneration> {
  let names: string[] = [];
  try {
    names = await fsx.readdir(dir);
  } catch {
    names = [];
  }
  const found = generationsIn(names);
  const damaged: NewestGeneration['damaged'] = [];
  for (const gen of found) {
    try {
      const bytes = await fsx.readFile(path.join(dir, generationFile(gen)));
      const db = new SQL.Database(bytes);
      const check = integrityOf(db);
      if (check !== 'ok') {
        db.close();
        throw new Error(`integrity_check: ${check.slice(0, 200)}`);
      }
      return { db, generation: gen, sizeBytes: bytes.byteLength, damaged, found };
    } catch (e) {
      damaged.push({ generation: gen, error: (e as Error).message });
    }
  }
  return { db: null, generation: 0, sizeBytes: 0, damaged, found };
}
