// Small typed helpers over sql.js for repository modules (the only modules that hold SQL).
//
// They run their SQL through statements compiled once per database (statements.ts): compiling
// cost more than running for the kiosk's statements. Inside `write()` they are handed the
// transaction's recording view: they then run on the real database behind it and note what they
// ran in its recording themselves, as the view would have (same kind, SQL and parameters), so the
// journal holds exactly what it held when each call compiled its own statement.
import type { Database as SqlDatabase, SqlValue, BindParams, Statement } from 'sql.js';
import { noteFailedExec, noteStatement, singleStatement, unwrapRecording } from './recorder';
import { withStatement } from './statements';

export type Db = SqlDatabase;
export type Params = BindParams;
export type Row = Record<string, SqlValue>;

/**
 * The rows of a statement already stepped once (`more`: that step gave a row), as objects, the
 * column names read once per query rather than once per row (as getAsObject does). Only `limit`
 * rows are built, but the statement is always run to its end, as before: a later row's error
 * still throws. A column named __proto__ would set the prototype: sql.js's own way then.
 */
function rowsOf<T>(stmt: Statement, more: boolean, limit: number): T[] {
  const rows: T[] = [];
  if (!more) return rows;
  const names = stmt.getColumnNames();
  const plain = !names.includes('__proto__');
  do {
    if (rows.length >= limit) continue;
    if (!plain) {
      rows.push(stmt.getAsObject() as T);
      continue;
    }
    const values = stmt.get();
    const row: Record<string, SqlValue> = {};
    for (let i = 0; i < names.length; i++) row[names[i] as string] = values[i] as SqlValue;
    rows.push(row as T);
  } while (stmt.step());
  return rows;
}

/** Rows of a query (its first statement, as sql.js's prepare compiles). */
function query<T>(db: Db, sql: string, params: Params | undefined, limit: number): T[] {
  const { db: real, rec } = unwrapRecording(db);
  return withStatement(real, sql, (stmt) => {
    if (params) stmt.bind(params);
    const more = stmt.step();
    // As the recording view notes a prepared statement: once its first step has succeeded.
    if (rec) noteStatement(rec, 'step', sql, params);
    return rowsOf<T>(stmt, more, limit);
  });
}

export function all<T = Row>(db: Db, sql: string, params?: Params): T[] {
  return query<T>(db, sql, params, Infinity);
}

export function one<T = Row>(db: Db, sql: string, params?: Params): T | undefined {
  return query<T>(db, sql, params, 1)[0];
}

export function run(db: Db, sql: string, params?: Params): number {
  if (!params) {
    // sql.js runs a parameterless run() as exec(): possibly several statements. Left as it is.
    db.run(sql, params);
    return db.getRowsModified();
  }
  const { db: real, rec } = unwrapRecording(db);
  // As Database.run(sql, params): its first statement, bound, stepped once.
  withStatement(real, sql, (stmt) => {
    stmt.bind(params);
    stmt.step();
  });
  if (rec) noteStatement(rec, 'run', sql, params);
  return real.getRowsModified();
}

export function scalar<T extends SqlValue = SqlValue>(
  db: Db,
  sql: string,
  params?: Params,
): T | undefined {
  if (!singleStatement(sql)) {
    // Possibly several statements: exec()'s own way, each compiled and run in turn.
    const res = db.exec(sql, params);
    return res[0]?.values[0]?.[0] as T | undefined;
  }
  const { db: real, rec } = unwrapRecording(db);
  let value: T | undefined;
  try {
    value = withStatement(real, sql, (stmt) => {
      if (params != null) stmt.bind(params);
      if (!stmt.step()) return undefined;
      const first = stmt.get()[0] as T;
      // exec() runs a statement to its end (a later row's error throws): so here, unread.
      while (stmt.step()) continue;
      return first;
    });
  } catch (e) {
    if (rec) noteFailedExec(rec, sql);
    throw e;
  }
  if (rec) noteStatement(rec, 'exec', sql, params);
  return value;
}
