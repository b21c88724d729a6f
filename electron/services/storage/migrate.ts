import type { Migration } from './migrations/index';
import { all, type Db } from './sql';

function ensureTable(db: Db): void {
  db.run(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
}

/** The highest migration applied (what `kioskctl doctor` shows as the schema). */
export function schemaVersion(db: Db): number {
  ensureTable(db);
  return all<{ v: number | null }>(db, 'SELECT MAX(version) AS v FROM schema_version')[0]?.v ?? 0;
}

/**
 * Applies every migration not yet recorded, in ascending order, each in its own transaction.
 * Applied versions are tracked one by one (not as a high-water mark), so a migration merged
 * after a higher-numbered one still runs. Returns how many ran.
 */
export function migrate(db: Db, migrations: readonly Migration[], now: () => Date): number {
  ensureTable(db);
  const versions = migrations.map((m) => m.version);
  if (new Set(versions).size !== versions.length)
    throw new Error(`duplicate migration numbers: ${versions.join(', ')}`);
  const known = new Set(versions);
  const applied = new Set(
    all<{ version: number }>(db, 'SELECT version FROM schema_version').map((r) => r.version),
  );
  const unknown = [...applied].filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw new Error(
      `database has migrations this app does not know (${unknown.join(', ')}): it was written by a newer version`,
    );
  }
  let count = 0;
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.run('BEGIN');
    try {
      db.exec(m.sql);
      db.run('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        now().toISOString(),
      ]);
      db.run('COMMIT');
      count++;
    } catch (e) {
      db.run('ROLLBACK');
      throw new Error(`migration ${m.version} (${m.name}) failed: ${(e as Error).message}`);
    }
  }
  return count;
}
