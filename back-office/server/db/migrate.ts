// Applies the pending migrations in one transaction under an advisory lock, so instances that
// start together on one PostgreSQL migrate it once. Refuses to run on a database that a newer
// back office migrated, or whose applied migrations differ from the ones shipped here.
import crypto from 'node:crypto';
import type { Database, Sql } from './database';
import type { Migration } from './migrations/index';

/** Held (per transaction) while migrating and bootstrapping. */
export const SCHEMA_LOCK = 74_170_001;

export class SchemaMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaMismatchError';
  }
}

export const checksum = (sql: string): string =>
  crypto.createHash('sha256').update(sql).digest('hex');

export interface MigrateResult {
  applied: number[];
  version: number;
}

/** Runs inside `tx` (which holds SCHEMA_LOCK): the caller may bootstrap in the same transaction. */
export async function migrateIn(tx: Sql, migrations: readonly Migration[]): Promise<MigrateResult> {
  await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const done = (
    await tx.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    )
  ).rows;
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const d of done) {
    const m = known.get(d.version);
    if (!m)
      throw new SchemaMismatchError(
        `the database has migration ${d.version} (${d.name}), which this back office does not know: it was migrated by a newer version`,
      );
    if (checksum(m.sql) !== d.checksum)
      throw new SchemaMismatchError(
        `migration ${d.version} (${d.name}) differs from the one applied to the database`,
      );
  }
  const applied: number[] = [];
  const have = new Set(done.map((d) => d.version));
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (have.has(m.version)) continue;
    await tx.exec(m.sql);
    await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      m.version,
      m.name,
      checksum(m.sql),
    ]);
    applied.push(m.version);
  }
  return { applied, version: Math.max(0, ...migrations.map((m) => m.version)) };
}

export function migrate(db: Database, migrations: readonly Migration[]): Promise<MigrateResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    return migrateIn(tx, migrations);
  });
}
