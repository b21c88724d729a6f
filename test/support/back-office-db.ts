// Databases for the back office's tests: PGlite (always), and a real PostgreSQL when
// BACK_OFFICE_TEST_DATABASE_URL names one (.ci/run starts a throwaway cluster and sets it). In CI
// a missing PostgreSQL fails the run; elsewhere its tests are skipped with the reason printed.
import crypto from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../back-office/server/db/database';
import { openPglite } from '../../back-office/server/db/pglite';
import { openPostgres } from '../../back-office/server/db/postgres';
import { prepareDatabase } from '../../back-office/server/db/open';
import { createMemoryLogger } from '../../electron/services/logger';

export const POSTGRES_ENV = 'BACK_OFFICE_TEST_DATABASE_URL';

/** The server's URL, or why PostgreSQL tests cannot run here (thrown in CI). */
export function postgresServer(): { url: string } | { skip: string } {
  const url = process.env[POSTGRES_ENV];
  if (url) return { url };
  const reason = `${POSTGRES_ENV} is not set: the PostgreSQL cases are skipped (.ci/run starts a cluster and sets it)`;
  if (process.env.CI) throw new Error(`${reason}; in CI that is a failure`);
  return { skip: reason };
}

let skipSaid = false;
/** Prints the skip reason once per test file. */
export function sayPostgresSkipped(reason: string): void {
  if (skipSaid) return;
  skipSaid = true;
  console.log(`SKIPPED (PostgreSQL): ${reason}`);
}

/** A fresh, empty database on the server (dropped by `drop`). */
export async function freshPostgresDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bo_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

const DATA_TABLES = [
  'kiosks',
  'kiosk_nonces',
  'submissions',
  'requests',
  'request_cancels',
  'status_changes',
  'heartbeats',
  'admin_tokens',
  'audit_log',
  'jobs',
  'enterprise_profiles',
  'enterprise_profile_moves',
  'content_bundles',
];

/** Empties every table (keeps the schema): tests in one file share one PGlite, which is slow to open. */
export async function emptyDatabase(db: Database): Promise<void> {
  await db.exec(`TRUNCATE ${DATA_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
  // The profile feed's counter is a single row, reset rather than emptied.
  await db.exec('UPDATE profile_feed SET version = 0');
}

let sharedPglite: Promise<Database> | null = null;

/** This test file's PGlite (in memory, migrated), emptied. */
export async function testPglite(): Promise<Database> {
  sharedPglite ??= openPglite(null).then(async (db) => {
    await prepareDatabase(db, new Date().toISOString());
    return db;
  });
  const db = await sharedPglite;
  await emptyDatabase(db);
  return db;
}

export interface TestDatabase {
  db: Database;
  engine: 'pglite' | 'postgresql';
  /** PostgreSQL: the database's own URL (for a second instance). */
  url: string | null;
  close(): Promise<void>;
}

export async function openTestDatabase(engine: 'pglite' | 'postgresql'): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const db = await testPglite();
    // The shared PGlite stays open for the file's next test.
    return { db, engine, url: null, close: async () => {} };
  }
  const server = postgresServer();
  if ('skip' in server) throw new Error(server.skip);
  const fresh = await freshPostgresDatabase(server.url);
  const db = await openPostgres({ url: fresh.url, log: createMemoryLogger(), poolSize: 10 });
  await prepareDatabase(db, new Date().toISOString());
  return {
    db,
    engine,
    url: fresh.url,
    async close() {
      await db.close();
      await fresh.drop();
    },
  };
}

/** The engines to run a test against here: PGlite, and PostgreSQL when it is given. */
export function testEngines(): { engine: 'pglite' | 'postgresql'; skip: string | null }[] {
  const server = postgresServer();
  if ('skip' in server) sayPostgresSkipped(server.skip);
  return [
    { engine: 'pglite', skip: null },
    { engine: 'postgresql', skip: 'skip' in server ? server.skip : null },
  ];
}
