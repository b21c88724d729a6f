// Small typed helpers over sql.js for repository modules (the only modules that hold SQL).
import type { Database as SqlDatabase, SqlValue, BindParams } from 'sql.js';

export type Db = SqlDatabase;
export type Params = BindParams;
export type Row = Record<string, SqlValue>;

export function all<T = Row>(db: Db, sql: string, params?: Params): T[] {
  const stmt = db.prepare(sql);
  try {
    if (params) stmt.bind(params);
    const rows: T[] = [];
    while (stmt.step()) rows.push(stmt.getAsObject() as T);
    return rows;
  } finally {
    stmt.free();
  }
}

export function one<T = Row>(db: Db, sql: string, params?: Params): T | undefined {
  return all<T>(db, sql, params)[0];
}

export function run(db: Db, sql: string, params?: Params): number {
  db.run(sql, params);
  return db.getRowsModified();
}

export function scalar<T extends SqlValue = SqlValue>(
  db: Db,
  sql: string,
  params?: Params,
): T | undefined {
  const res = db.exec(sql, params);
  return res[0]?.values[0]?.[0] as T | undefined;
}
