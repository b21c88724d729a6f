import type { Migration } from './migrations/index';
import { all, type Db } from './sql';

export function schemaVersion(db: Db): number {
  db.run(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const rows = all<{ v: number | null }>(db, 'SELECT MAX(version) AS v FROM schema_version');
  return rows[0]?.v ?? 0;
}

/** Applies the migrations above the stored version, each in its own transaction. Returns how many. */
export function migrate(db: Db, migrations: readonly Migration[], now: () => Date): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(
        `migrations must be numbered 1..n without gaps; found ${m.version} at ${i + 1}`,
      );
  });
  const current = schemaVersion(db);
  if (current > sorted.length) {
    throw new Error(
      `database schema ${current} is newer than this app (${sorted.length}); refusing to open it`,
    );
  }
  let applied = 0;
  for (const m of sorted.slice(current)) {
    db.run('BEGIN');
    try {
      db.exec(m.sql);
      db.run('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        now().toISOString(),
      ]);
      db.run('COMMIT');
      applied++;
    } catch (e) {
      db.run('ROLLBACK');
      throw new Error(`migration ${m.version} (${m.name}) failed: ${(e as Error).message}`);
    }
  }
  return applied;
}
