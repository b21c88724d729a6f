// Records what a write transaction did, as the statements that may have changed the database with
// their bound parameters, so the journal can replay them in order over the same state.
//
// Why statements: this sql.js build exposes neither its file system (no page diffs) nor the
// session extension, and the schema has WITHOUT ROWID tables and triggers, which an update hook
// cannot capture. Replaying the same statements over the same state gives the same result because
// SQLite is deterministic for what the kiosk's SQL uses: no 'now', no random(), rowids allocated
// from the state itself; triggers and foreign-key actions fire again as they did. What cannot be
// replayed faithfully (a multi-statement exec that failed part-way and was caught, a function
// registered inside a transaction, rows changed that no recorded statement accounts for) marks the
// transaction as not journalable: its commit then writes a whole snapshot instead, as before.
import type {
  BindParams,
  Database as SqlDatabase,
  ParamsObject,
  SqlValue,
  Statement,
} from 'sql.js';
import type { LoggedStatement, LoggedTransaction } from './journal';
import { firstValue } from './statements';

export interface Recording {
  statements: LoggedStatement[];
  /** Why this transaction cannot be journaled, if it cannot. */
  unjournalable: string | null;
  /** Rough size of the statements so far, in bytes. */
  bytes: number;
}

/**
 * A transaction bigger than this (a bulk import, a seeded benchmark) is committed as a whole
 * snapshot: replaying it would cost more than reading the snapshot, and the log would be as big.
 */
export const MAX_JOURNALED_BYTES = 4 * 1024 * 1024;

export const newRecording = (): Recording => ({ statements: [], unjournalable: null, bytes: 0 });

function sizeOfParams(p: BindParams | undefined): number {
  if (p === undefined || p === null) return 0;
  const values = Array.isArray(p) ? p : Object.values(p as ParamsObject);
  let n = 0;
  for (const v of values)
    n += typeof v === 'string' ? v.length * 3 : v instanceof Uint8Array ? v.byteLength * 2 : 8;
  return n;
}

function push(rec: Recording, s: LoggedStatement): void {
  if (rec.unjournalable) return;
  rec.bytes += s.q.length + sizeOfParams(s.p) + 16;
  if (rec.bytes > MAX_JOURNALED_BYTES) {
    rec.unjournalable = `a transaction of more than ${MAX_JOURNALED_BYTES} bytes of statements`;
    rec.statements = [];
    return;
  }
  rec.statements.push(s);
}

/** First keyword of `sql`, upper-case, after comments and whitespace. */
function firstKeyword(sql: string): string {
  let s = sql;
  for (;;) {
    s = s.trimStart();
    if (s.startsWith('--')) s = s.slice(s.indexOf('\n') === -1 ? s.length : s.indexOf('\n'));
    else if (s.startsWith('/*'))
      s = s.slice(s.indexOf('*/') === -1 ? s.length : s.indexOf('*/') + 2);
    else break;
  }
  return (/^[A-Za-z]+/.exec(s)?.[0] ?? '').toUpperCase();
}

interface Shape {
  /** A single statement that can only read (never journaled). */
  readsOnly: boolean;
  /**
   * Surely one statement (nothing but a trailing `;` after the first `;`), so that compiling it
   * alone runs all of it. A `;` inside a literal or a comment makes this false: safe, only slower.
   */
  single: boolean;
}

/** The kiosk runs a few dozen distinct SQL strings, each thousands of times: worked out once. */
const shapes = new Map<string, Shape>();
const MAX_SHAPES = 1024;

function shapeOf(sql: string): Shape {
  let shape = shapes.get(sql);
  if (shape) return shape;
  const k = firstKeyword(sql);
  const single = k !== '' && !/;\s*\S/.test(sql.trimEnd().replace(/;+$/, ''));
  // Only a single statement reads only: a later one might write.
  shape = { readsOnly: single && (k === 'SELECT' || k === 'EXPLAIN' || k === 'VALUES'), single };
  // SQL built per call (an IN list as long as its ids) must not grow this without end.
  if (shapes.size >= MAX_SHAPES) shapes.clear();
  shapes.set(sql, shape);
  return shape;
}

/** True for a single statement that can only read (never journaled). */
export const readsOnly = (sql: string): boolean => shapeOf(sql).readsOnly;

/** True when `sql` is surely a single statement (see Shape). */
export const singleStatement = (sql: string): boolean => shapeOf(sql).single;

/** A copy of bound parameters as they are now (the caller may reuse its array or object). */
function copyParams(p: BindParams | undefined): BindParams | undefined {
  if (p === undefined || p === null) return undefined;
  const copy = (v: SqlValue): SqlValue => (v instanceof Uint8Array ? new Uint8Array(v) : v);
  if (Array.isArray(p)) return p.map(copy);
  const o: ParamsObject = {};
  for (const [k, v] of Object.entries(p as ParamsObject)) o[k] = copy(v);
  return o;
}

/** The connection's total-change counter, for the replay check (twice per write and read). */
export function totalChanges(db: SqlDatabase): number {
  return Number(firstValue(db, 'SELECT total_changes()') ?? 0);
}

/** A recording view's database and recording (see recordingDatabase). */
const views = new WeakMap<SqlDatabase, { db: SqlDatabase; rec: Recording }>();

/**
 * The real database behind `db` and, if `db` is a write transaction's recording view, its
 * recording: the helpers in sql.ts run their cached statements on the real database and note
 * what they ran themselves, exactly as the view would have (see noteStatement).
 */
export function unwrapRecording(db: SqlDatabase): { db: SqlDatabase; rec: Recording | null } {
  const view = views.get(db);
  return view ?? { db, rec: null };
}

/**
 * Notes a statement that ran to success, as the recording view notes what goes through it:
 * `run` as Database.run, `exec` as Database.exec, `step` as a prepared statement's first step.
 * A statement that can only read is not noted.
 */
export function noteStatement(
  rec: Recording,
  k: LoggedStatement['k'],
  sql: string,
  params: BindParams | undefined,
): void {
  if (!readsOnly(sql)) push(rec, { k, q: sql, p: copyParams(params) });
}

/** What the recording view does when an exec throws (see its `exec`). */
export function noteFailedExec(rec: Recording, sql: string): void {
  // Earlier statements of a multi-statement string may have taken effect.
  if (!readsOnly(sql)) rec.unjournalable ??= 'a multi-statement exec failed part-way';
}

function recordingStatement(stmt: Statement, sql: string, rec: Recording): Statement {
  const log = !readsOnly(sql);
  let bound: BindParams | undefined;
  let stepped = false;
  const note = () => {
    if (log && !stepped) push(rec, { k: 'step', q: sql, p: copyParams(bound) });
    stepped = true;
  };
  return new Proxy(stmt, {
    get(target, prop, receiver) {
      switch (prop) {
        case 'bind':
          return (p?: BindParams) => {
            const ok = target.bind(p);
            bound = copyParams(p);
            stepped = false;
            return ok;
          };
        case 'reset':
          return () => {
            stepped = false;
            return target.reset();
          };
        case 'step':
          return () => {
            const more = target.step();
            note();
            return more;
          };
        case 'run':
          return (p?: BindParams) => {
            if (p !== undefined) bound = copyParams(p);
            stepped = false;
            target.run(p);
            note();
            stepped = false;
          };
        case 'get':
        case 'getAsObject':
          return (p?: BindParams, cfg?: unknown) => {
            if (p !== undefined && p !== null) {
              bound = copyParams(p);
              stepped = false;
            }
            const before = stepped;
            const out = (target[prop] as (a?: BindParams, b?: unknown) => unknown).call(
              target,
              p,
              cfg,
            );
            if (p !== undefined && p !== null && !before) note();
            return out;
          };
        default: {
          const v = Reflect.get(target, prop, receiver) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        }
      }
    },
  });
}

/** `db` as a write transaction sees it: every changing statement is appended to `rec`. */
export function recordingDatabase(db: SqlDatabase, rec: Recording): SqlDatabase {
  const view = new Proxy(db, {
    get(target, prop, receiver) {
      switch (prop) {
        case 'run':
          return (sql: string, params?: BindParams) => {
            target.run(sql, params);
            if (!readsOnly(sql)) push(rec, { k: 'run', q: sql, p: copyParams(params) });
            return receiver as SqlDatabase;
          };
        case 'exec':
          return (sql: string, params?: BindParams) => {
            try {
              const out = target.exec(sql, params);
              if (!readsOnly(sql)) push(rec, { k: 'exec', q: sql, p: copyParams(params) });
              return out;
            } catch (e) {
              noteFailedExec(rec, sql);
              throw e;
            }
          };
        case 'prepare':
          return (sql: string, params?: BindParams) => {
            const stmt = target.prepare(sql);
            const wrapped = recordingStatement(stmt, sql, rec);
            if (params !== undefined && params !== null) wrapped.bind(params);
            return wrapped;
          };
        case 'each':
        case 'iterateStatements':
        case 'create_function':
        case 'create_aggregate':
        case 'updateHook':
        case 'export':
        case 'close':
          return (...args: unknown[]) => {
            rec.unjournalable ??= `${String(prop)} inside a transaction`;
            return (Reflect.get(target, prop) as (...a: unknown[]) => unknown).apply(target, args);
          };
        default: {
          const v = Reflect.get(target, prop, receiver) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        }
      }
    },
  });
  views.set(view, { db, rec });
  return view;
}

/**
 * Replays one logged transaction's statements inside the caller's transaction. `cache` keeps
 * prepared statements across transactions: compiling a statement with its triggers costs more than
 * running it, and a journal repeats the same few statements.
 */
export function replayStatements(
  db: SqlDatabase,
  tx: LoggedTransaction,
  cache: Map<string, Statement>,
): void {
  for (const s of tx.s) {
    if (s.k === 'exec' || (s.k === 'run' && (s.p === undefined || s.p === null))) {
      // Possibly several statements (sql.js runs a parameterless run() as exec()).
      if (s.k === 'exec') db.exec(s.q, s.p);
      else db.run(s.q);
      continue;
    }
    let stmt = cache.get(s.q);
    if (!stmt) {
      stmt = db.prepare(s.q);
      cache.set(s.q, stmt);
    }
    try {
      if (s.p !== undefined && s.p !== null) stmt.bind(s.p);
      stmt.step();
    } finally {
      stmt.reset();
    }
  }
}
