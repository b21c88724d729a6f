// Statements kept per sql.js database: compiled once, reset after use, least recently used
// dropped past the bound, and all dropped on demand (before an export, a close, a replacement).
import type { Database as SqlDatabase } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../../../electron/services/storage/sqljs';
import {
  firstValue,
  forgetStatements,
  keptStatements,
  stepOnce,
  withStatement,
} from '../../../../electron/services/storage/statements';

async function fresh(): Promise<SqlDatabase> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.exec('CREATE TABLE t (n INTEGER)');
  return db;
}

describe('kept statements', () => {
  it('compile a statement once and hand back the same one, reset', async () => {
    const db = await fresh();
    const seen = new Set<unknown>();
    for (let i = 0; i < 3; i++)
      withStatement(db, 'INSERT INTO t (n) VALUES (?)', (stmt) => {
        seen.add(stmt);
        stmt.bind([i]);
        stmt.step();
      });
    expect(seen.size).toBe(1);
    expect(firstValue(db, 'SELECT COUNT(*) FROM t')).toBe(3);
    // Left reset after giving its first row only: it starts again from the top.
    expect(firstValue(db, 'SELECT n FROM t ORDER BY n')).toBe(0);
    expect(firstValue(db, 'SELECT n FROM t ORDER BY n')).toBe(0);
    db.close();
  });

  it('keep a statement used all along while SQL built per call comes and goes', async () => {
    const db = await fresh();
    let hot: unknown = null;
    for (let i = 0; i < 300; i++) {
      withStatement(db, 'SELECT COUNT(*) FROM t', (stmt) => {
        hot ??= stmt;
        expect(stmt).toBe(hot);
      });
      firstValue(db, `SELECT ${i}`);
    }
    expect(keptStatements(db)).toBeLessThanOrEqual(128);
    db.close();
  });

  it('are freed and forgotten on demand, and compiled again at the next use', async () => {
    const db = await fresh();
    stepOnce(db, 'BEGIN IMMEDIATE');
    stepOnce(db, 'COMMIT');
    let before: unknown = null;
    withStatement(db, 'SELECT 1', (stmt) => (before = stmt));
    expect(keptStatements(db)).toBe(3);
    forgetStatements(db);
    expect(keptStatements(db)).toBe(0);
    // Freed: sql.js refuses to run it.
    expect(() => (before as { step(): boolean }).step()).toThrow(/closed/);
    withStatement(db, 'SELECT 1', (stmt) => expect(stmt).not.toBe(before));
    expect(firstValue(db, 'SELECT 1')).toBe(1);
    db.close();
  });

  it('are kept per database: another database never gets this one’s statements', async () => {
    const a = await fresh();
    const b = await fresh();
    stepOnce(a, 'INSERT INTO t (n) VALUES (1)');
    stepOnce(b, 'INSERT INTO t (n) VALUES (1)');
    stepOnce(b, 'INSERT INTO t (n) VALUES (1)');
    expect(firstValue(a, 'SELECT COUNT(*) FROM t')).toBe(1);
    expect(firstValue(b, 'SELECT COUNT(*) FROM t')).toBe(2);
    forgetStatements(a);
    a.close();
    expect(firstValue(b, 'SELECT COUNT(*) FROM t')).toBe(2);
    b.close();
  });
});
