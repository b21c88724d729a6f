// The embedded default: PGlite (PostgreSQL compiled to WebAssembly) in a directory of its own, so
// a fresh clone runs the back office with no database server. One process owns the directory (a
// lock file says which); for more than one instance, use a PostgreSQL server.
import { PGlite, type Transaction } from '@electric-sql/pglite';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseUnavailableError, type Database, type QueryResult, type Sql } from './database';

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `another back office (pid ${pid}) is using ${dir}; stop it first, or use PostgreSQL for several instances`,
    );
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<dir>.lock` for this process; a lock left by a process that is gone is taken over. */
function lock(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let i = 0; i < 2; i++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        throw new DataDirLockedError(dir, pid);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`cannot lock ${dir}`);
}

type Queryable = Pick<Transaction, 'query' | 'exec'>;

function wrap(q: Queryable): Sql {
  return {
    async query<R>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const r = await q.query<R>(text, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? 0 };
    },
    async exec(text) {
      await q.exec(text);
    },
  };
}

/** Opens (creating on first use) the database in `dir`, or an in-memory one when `dir` is null. */
export async function openPglite(dir: string | null): Promise<Database> {
  let unlock = () => {};
  if (dir) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    unlock = lock(dir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create(dir ?? undefined);
  } catch (e) {
    unlock();
    throw e;
  }
  let closed = false;
  const guard = <T>(fn: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new DatabaseUnavailableError('the database is closed'));
    return fn();
  };
  const top = wrap(pg);
  return {
    engine: 'pglite',
    query: (text, params) => guard(() => top.query(text, params)),
    exec: (text) => guard(() => top.exec(text)),
    transaction: (fn) => guard(() => pg.transaction((tx) => fn(wrap(tx)))),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pg.close();
      } finally {
        unlock();
      }
    },
  };
}
