// The one way the back office reaches its database: PostgreSQL, embedded (PGlite, the default) or
// a server (node-postgres). Both run the same SQL; repositories see only this interface.
export interface QueryResult<R> {
  rows: R[];
  /** Rows inserted, updated or deleted (for statements without RETURNING). */
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Names a statement run very often: a PostgreSQL server parses and plans it once per
   * connection instead of at every call (PGlite, in process, does without).
   */
  name?: string;
}

export interface Sql {
  query<R = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<R>>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export type DatabaseEngine = 'pglite' | 'postgresql';

export interface Database extends Sql {
  readonly engine: DatabaseEngine;
  /**
   * Runs `fn` in one transaction (READ COMMITTED): committed when it resolves, rolled back when it
   * throws. A serialization failure or deadlock is retried a few times from the start, so `fn`
   * must have no effects outside the transaction.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The database cannot be reached (down, restarting, connections cut, too many connections).
 * Callers answer 503 with Retry-After: the kiosk keeps the item and retries; nothing was
 * acknowledged, so nothing is lost.
 */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** SQLSTATE classes and codes that mean "the server or the connection", not "this statement". */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53400', '58000', '58030']);
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export function isUnavailable(e: unknown): boolean {
  if (e instanceof DatabaseUnavailableError) return true;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_STATES.has(code)) return true;
    if (code.startsWith('08')) return true; // connection exception
  }
  const message = e instanceof Error ? e.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|not queryable/i.test(
    message,
  );
}

/** Serialization failure, deadlock: the transaction may succeed when run again. */
export function isRetryable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

/** A timestamptz as it comes back (a Date from both drivers) as ISO 8601. */
export function iso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return new Date(v).toISOString();
  throw new TypeError(`not a timestamp: ${String(v)}`);
}

export const isoOrNull = (v: unknown): string | null =>
  v === null || v === undefined ? null : iso(v);
