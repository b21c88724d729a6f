// Whole-database snapshots on disk, kiosk.<10 digits>.db: this module names them (journal.ts
// names the journals; recovery.ts finds the newest usable snapshot and replays them over it).
import type { Database as SqlDatabase } from 'sql.js';

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
