// Prepared statements kept per sql.js database, so that SQL run again and again (the outbox's
// few statements, the transaction's BEGIN/COMMIT, the change counter) is compiled once. Compiling
// a statement (parsing it, planning it against the schema and its triggers) costs more in sql.js
// than running it, and every helper in sql.ts used to compile and free its statement per call.
//
// A statement is keyed by the sql.js Database object it was compiled on, never by SQL alone: a
// database replaced after a failed flush, or reopened, must not see another one's statements.
// Whoever frees a database's statements wholesale (`close()`; `export()` in sql.js versions that
// reopen the handle to export) must call forgetStatements first: database.ts does for its own
// database. A statement is always reset after use, even when it throws, so that none is left
// running (a running statement would keep VACUUM and `export()` from working, and keep its
// parameters' memory).
import type { Database as SqlDatabase, Statement } from 'sql.js';

/**
 * Statements kept per database. Generous for the kiosk's SQL (a few dozen distinct statements);
 * bounded because some SQL is built per call (an `IN (?, ?, …)` list as long as its ids).
 */
const MAX_PER_DATABASE = 128;

interface Cached {
  stmt: Statement;
  /** In use now (a statement run from inside another's callback must not reset it). */
  busy: boolean;
}

const caches = new WeakMap<SqlDatabase, Map<string, Cached>>();

/**
 * Runs `use` with `sql` compiled on `db`, from the cache when it is there, and resets the
 * statement afterwards whatever happens. `db` must be a real sql.js Database, not a recording view.
 */
export function withStatement<T>(db: SqlDatabase, sql: string, use: (stmt: Statement) => T): T {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let entry = cache.get(sql);
  if (entry?.busy) {
    // The same SQL re-entered while running (from a SQL function, say): a statement of its own.
    const stmt = db.prepare(sql);
    try {
      return use(stmt);
    } finally {
      stmt.free();
    }
  }
  if (entry) {
    // Most recently used last, so that eviction takes the least recently used.
    cache.delete(sql);
    cache.set(sql, entry);
  } else {
    entry = { stmt: db.prepare(sql), busy: false };
    cache.set(sql, entry);
    if (cache.size > MAX_PER_DATABASE) evictOne(cache);
  }
  entry.busy = true;
  try {
    return use(entry.stmt);
  } finally {
    entry.busy = false;
    entry.stmt.reset();
  }
}

function evictOne(cache: Map<string, Cached>): void {
  for (const [sql, entry] of cache) {
    if (entry.busy) continue;
    cache.delete(sql);
    entry.stmt.free();
    return;
  }
}

/** Runs one statement that returns no rows the caller needs (BEGIN, COMMIT, a pragma). */
export function stepOnce(db: SqlDatabase, sql: string): void {
  withStatement(db, sql, (stmt) => stmt.step());
}

/** The first column of the first row of a statement without parameters (or undefined). */
export function firstValue(db: SqlDatabase, sql: string): unknown {
  return withStatement(db, sql, (stmt) => (stmt.step() ? stmt.get()[0] : undefined));
}

/**
 * Frees every statement kept for `db` and forgets them; the next use compiles again. Call it
 * before `db.close()` or `db.export()`, and whenever `db` is replaced.
 */
export function forgetStatements(db: SqlDatabase): void {
  const cache = caches.get(db);
  if (!cache) return;
  caches.delete(db);
  for (const entry of cache.values()) {
    // A busy statement belongs to a caller still running; sql.js frees it with its database.
    if (!entry.busy) entry.stmt.free();
  }
}

/** How many statements are kept for `db` (for tests). */
export const keptStatements = (db: SqlDatabase): number => caches.get(db)?.size ?? 0;
