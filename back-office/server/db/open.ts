// Opens the back office's database — PGlite in `<data>/pgdata` by default, or PostgreSQL given
// by URL — migrates it, and on the first start of an empty database makes the first admin token.
import path from 'node:path';
import type { Logger } from '../../../electron/services/logger';
import {
  countAdminTokens,
  insertAdminToken,
  newAdminToken,
} from '../repositories/admin-token-repository';
import type { Database } from './database';
import { migrateIn, SCHEMA_LOCK } from './migrate';
import { MIGRATIONS, type Migration } from './migrations/index';
import { openPglite } from './pglite';
import { describeUrl, openPostgres } from './postgres';

export type DatabaseLocation = { url: string } | { dataDir: string } | { memory: true };

export function pgliteDir(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'pgdata');
}

export function describeLocation(where: DatabaseLocation): string {
  if ('url' in where) return describeUrl(where.url);
  if ('dataDir' in where) return `pglite:${pgliteDir(where.dataDir)}`;
  return 'pglite:memory';
}

export async function openDatabase(
  where: DatabaseLocation,
  log: Logger,
  opts: { poolSize?: number } = {},
): Promise<Database> {
  if ('url' in where) return openPostgres({ url: where.url, log, poolSize: opts.poolSize });
  return openPglite('dataDir' in where ? pgliteDir(where.dataDir) : null);
}

export interface Prepared {
  /** Migrations applied now. */
  applied: number[];
  schemaVersion: number;
  /** The first admin token, made now because the database had none; shown once. */
  adminToken: string | null;
}

/**
 * Migrates and bootstraps in one transaction under the schema lock: instances starting together
 * migrate once, and exactly one of them makes (and prints) the first admin token.
 */
export function prepareDatabase(
  db: Database,
  now: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<Prepared> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    const m = await migrateIn(tx, migrations);
    let adminToken: string | null = null;
    if ((await countAdminTokens(tx)) === 0) {
      adminToken = newAdminToken();
      await insertAdminToken(tx, adminToken, 'first', now);
    }
    return { applied: m.applied, schemaVersion: m.version, adminToken };
  });
}
