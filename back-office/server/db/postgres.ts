// A PostgreSQL server through node-postgres: a connection pool shared by the instance's calls.
// Several instances may share one server; everything they must agree on is in the database.
import pg from 'pg';
import type { Logger } from '../../../electron/services/logger';
import {
  DatabaseUnavailableError,
  isRetryable,
  isUnavailable,
  type Database,
  type QueryOptions,
  type QueryResult,
  type Sql,
} from './database';

export interface PostgresOptions {
  url: string;
  log: Logger;
  /** Connections this instance may hold. */
  poolSize?: number;
}

const ATTEMPTS = 3;

function unavailable(e: unknown): unknown {
  if (!isUnavailable(e) || e instanceof DatabaseUnavailableError) return e;
  const code = (e as { code?: string }).code;
  return new DatabaseUnavailableError(
    `database unavailable: ${code ?? (e instanceof Error ? e.message.slice(0, 120) : String(e))}`,
    { cause: e },
  );
}

function wrap(q: pg.Pool | pg.PoolClient): Sql {
  return {
    async query<R>(
      text: string,
      params: readonly unknown[] = [],
      options: QueryOptions = {},
    ): Promise<QueryResult<R>> {
      try {
        const values = params as unknown[];
        const r = await (options.name
          ? q.query({ name: options.name, text, values })
          : q.query(text, values));
        return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
      } catch (e) {
        throw unavailable(e);
      }
    },
    async exec(text) {
      try {
        await q.query(text);
      } catch (e) {
        throw unavailable(e);
      }
    },
  };
}

/** Where the database is, without the password: for logs and the start-up line. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgresql://${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'postgresql://(unparsable url)';
  }
}

export async function openPostgres(opts: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    // A call waiting for a connection while the server is down fails soon (503), not after minutes.
    connectionTimeoutMillis: 5_000,
    statement_timeout: 15_000,
    idle_in_transaction_session_timeout: 30_000,
    application_name: 'deqing-back-office',
  });
  // An idle connection that the server drops must not take the process down; the pool replaces it.
  pool.on('error', (e) => opts.log.warn('db.connection_lost', { message: e.message }));
  const top = wrap(pool);
  // Fail at start, with the reason, when the server cannot be reached at all.
  await top.query('SELECT 1');

  return {
    engine: 'postgresql',
    query: (text, params, options) => top.query(text, params, options),
    exec: (text) => top.exec(text),
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        let client: pg.PoolClient;
        try {
          client = await pool.connect();
        } catch (e) {
          throw unavailable(e);
        }
        let broken: Error | undefined;
        // A checked-out client has no listener of the pool's: a connection lost mid-transaction
        // would otherwise be an uncaught 'error' event (the process's end) besides the failed query.
        const lost = (e: Error) => {
          broken ??= e;
        };
        client.on('error', lost);
        try {
          await client.query('BEGIN');
          const result = await fn(wrap(client));
          await client.query('COMMIT');
          return result;
        } catch (e) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            broken = rollbackError as Error;
          }
          if (isUnavailable(e)) broken ??= e as Error;
          if (isRetryable(e) && attempt < ATTEMPTS) continue;
          throw unavailable(e);
        } finally {
          // A connection that failed mid-transaction is destroyed, not reused.
          client.removeListener('error', lost);
          client.release(broken);
        }
      }
    },
    close: () => pool.end(),
  };
}
