// The repository helpers over kept statements: same results, errors and journal entries as when
// each call compiled its own statement, and no statement left running.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database as SqlDatabase } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { openDatabase } from '../../../../electron/services/storage/database';
import { readJournal } from '../../../../electron/services/storage/journal';
import type { Migration } from '../../../../electron/services/storage/migrations/index';
import { newRecording, recordingDatabase } from '../../../../electron/services/storage/recorder';
import { all, one, run, scalar } from '../../../../electron/services/storage/sql';
import { loadSqlJs } from '../../../../electron/services/storage/sqljs';
import { nodeStorageFs, type StorageFs } from '../../../../electron/services/storage/storage-fs';
import { keptStatements } from '../../../../electron/services/storage/statements';

const SCHEMA = `
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, body TEXT);
CREATE TABLE log (n INTEGER);
CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log (n) VALUES (NEW.id); END;`;
const MIGRATIONS: Migration[] = [{ version: 1, name: 't', sql: SCHEMA }];

async function fresh(): Promise<SqlDatabase> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.exec(SCHEMA);
  return db;
}

describe('sql helpers', () => {
  it('return what compiling per call returned, and compile a repeated statement once', async () => {
    const db = await fresh();
    for (let i = 1; i <= 3; i++)
      run(db, 'INSERT INTO t (name, body) VALUES (?, ?)', [`n${i}`, 'b']);
    expect(keptStatements(db)).toBe(1);
    const q = 'SELECT id, name AS n, body, NULL AS z FROM t WHERE id >= ? ORDER BY id';
    expect(all(db, q, [2])).toEqual([
      { id: 2, n: 'n2', body: 'b', z: null },
      { id: 3, n: 'n3', body: 'b', z: null },
    ]);
    expect(all(db, q, [2])).toEqual(
      db.exec(q, [2])[0]?.values.map(([id, n, body, z]) => ({ id, n, body, z })),
    );
    expect(one(db, q, [3])).toEqual({ id: 3, n: 'n3', body: 'b', z: null });
    expect(one(db, q, [9])).toBeUndefined();
    expect(scalar(db, 'SELECT COUNT(*) FROM t')).toBe(3);
    expect(scalar(db, 'SELECT name FROM t WHERE id = ?', [9])).toBeUndefined();
    expect(run(db, 'UPDATE t SET body = ? WHERE id > ?', ['c', 1])).toBe(2);
    // A parameterless run() is exec(): several statements.
    expect(run(db, "UPDATE t SET body = 'd'; DELETE FROM log WHERE n = 1")).toBe(1);
    expect(scalar(db, 'SELECT COUNT(*) FROM log')).toBe(2);
    // So is a scalar() with several statements: both run, the first's value is returned.
    expect(
      scalar(db, "UPDATE t SET body = 'e' WHERE id = 1; SELECT body FROM t WHERE id = 1"),
    ).toBe('e');
    // A column named __proto__ is a plain column, as sql.js makes it.
    expect(Object.keys(one(db, 'SELECT 1 AS __proto__') ?? {})).toEqual(['__proto__']);
    expect(keptStatements(db)).toBe(7);
    db.close();
  });

  it('journal in a write exactly what the recording view would, with the parameters as they were', async () => {
    const db = await fresh();
    const rec = newRecording();
    const tx = recordingDatabase(db, rec);
    const params: [string, string] = ['a', 'x'];
    run(tx, 'INSERT INTO t (name, body) VALUES (?, ?)', params);
    params[0] = 'changed after';
    expect(scalar(tx, 'SELECT id FROM t WHERE name = ?', ['a'])).toBe(1);
    expect(scalar(tx, "INSERT INTO t (name) VALUES ('b') RETURNING id")).toBe(2);
    expect(all(tx, "UPDATE t SET body = 'y' RETURNING id")).toEqual([{ id: 1 }, { id: 2 }]);
    expect(one(tx, 'DELETE FROM log WHERE n = ? RETURNING n', [2])).toEqual({ n: 2 });
    run(tx, 'DELETE FROM log WHERE n = 99');
    expect(rec.statements).toEqual([
      { k: 'run', q: 'INSERT INTO t (name, body) VALUES (?, ?)', p: ['a', 'x'] },
      { k: 'exec', q: "INSERT INTO t (name) VALUES ('b') RETURNING id", p: undefined },
      { k: 'step', q: "UPDATE t SET body = 'y' RETURNING id", p: undefined },
      { k: 'step', q: 'DELETE FROM log WHERE n = ? RETURNING n', p: [2] },
      { k: 'run', q: 'DELETE FROM log WHERE n = 99', p: undefined },
    ]);
    expect(rec.unjournalable).toBeNull();
    // A failed statement is not journaled; a failed exec marks the transaction as a whole commit.
    expect(() => run(tx, 'INSERT INTO t (name) VALUES (?)', ['a'])).toThrow(/UNIQUE/);
    expect(rec.statements).toHaveLength(5);
    expect(() => scalar(tx, "INSERT INTO t (name) VALUES ('a') RETURNING id")).toThrow(/UNIQUE/);
    expect(rec.unjournalable).toMatch(/exec failed/);
    db.close();
  });

  it('run a query to its end as before (a later row still throws), and run it again after', async () => {
    const db = await fresh();
    run(db, 'INSERT INTO t (name, body) VALUES (?, ?)', ['ok', '{"a":1}']);
    run(db, 'INSERT INTO t (name, body) VALUES (?, ?)', ['bad', '{not json']);
    const q = "SELECT json_extract(body, '$.a') AS a FROM t ORDER BY id";
    // The first row is fine, the second throws: so did all()[0] and exec() before.
    expect(() => one(db, q)).toThrow(/JSON/);
    expect(() => scalar(db, q)).toThrow(/JSON/);
    expect(() => all(db, q)).toThrow(/JSON/);
    // Each statement was reset although it threw: nothing is left running for VACUUM to refuse.
    expect(() => db.exec('VACUUM')).not.toThrow();
    run(db, 'DELETE FROM t WHERE name = ?', ['bad']);
    expect(one(db, q)).toEqual({ a: 1 });
    db.close();
  });

  it('give a statement re-entered while it runs (from a SQL function) one of its own', async () => {
    const db = await fresh();
    for (const name of ['a', 'b']) run(db, 'INSERT INTO t (name) VALUES (?)', [name]);
    const q = 'SELECT name, inner_count(id) AS c FROM t ORDER BY id';
    let depth = 0;
    db.create_function('inner_count', (_id: number) => {
      if (depth > 0) return -1;
      depth++;
      try {
        return all(db, q).length;
      } finally {
        depth--;
      }
    });
    expect(all(db, q)).toEqual([
      { name: 'a', c: 2 },
      { name: 'b', c: 2 },
    ]);
    db.close();
  });

  it('keep a bounded number of statements, and keep working past it', async () => {
    const db = await fresh();
    for (let n = 1; n <= 300; n++) {
      const ids = Array.from({ length: n }, (_, i) => i);
      expect(
        scalar(db, `SELECT COUNT(*) FROM t WHERE id IN (${ids.map(() => '?').join(',')})`, ids),
      ).toBe(0);
    }
    expect(keptStatements(db)).toBeLessThanOrEqual(128);
    expect(scalar(db, 'SELECT COUNT(*) FROM t WHERE id IN (?)', [1])).toBe(0);
    db.close();
  });
});

describe('kept statements and the kiosk database', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sql-'));
  const names = (db: Awaited<ReturnType<typeof openDatabase>>) =>
    db.read((d) => all<{ name: string }>(d, 'SELECT name FROM t ORDER BY id').map((r) => r.name));
  const add = (name: string) => (d: SqlDatabase) =>
    run(d, 'INSERT INTO t (name, body) VALUES (?, ?)', [name, `body of ${name}`]);
  const lastJournaled = (dir: string) => {
    const file = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.journal'))
      .sort()
      .at(-1) as string;
    const j = readJournal(fs.readFileSync(path.join(dir, file)), Number(file.split('.')[1]));
    return j.records.at(-1)?.tx.at(-1)?.s;
  };

  it('journal and replay writes made after a snapshot, a vacuum and a compaction', async () => {
    const dir = tmp();
    const db = await openDatabase({ dir, migrations: MIGRATIONS, log: createMemoryLogger() });
    await db.write(add('before'));
    await db.snapshot();
    await db.write(add('after snapshot'));
    expect(lastJournaled(dir)).toEqual([
      {
        k: 'run',
        q: 'INSERT INTO t (name, body) VALUES (?, ?)',
        p: ['after snapshot', 'body of after snapshot'],
      },
    ]);
    await db.compact({ vacuum: true });
    await db.write(add('after compaction'));
    expect(lastJournaled(dir)?.[0]?.p).toEqual(['after compaction', 'body of after compaction']);
    await db.close();
    const again = await openDatabase({ dir, migrations: MIGRATIONS, log: createMemoryLogger() });
    expect(names(again)).toEqual(['before', 'after snapshot', 'after compaction']);
    expect(again.read((d) => scalar(d, 'SELECT COUNT(*) FROM log'))).toBe(3);
    await again.close();
  });

  it('journal and replay a write made after a failed flush replaced the database in memory', async () => {
    const dir = tmp();
    let failing = false;
    const fsx: StorageFs = {
      ...nodeStorageFs,
      async appendSynced(file, bytes) {
        if (failing) throw Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' });
        return nodeStorageFs.appendSynced(file, bytes);
      },
    };
    const db = await openDatabase({
      dir,
      migrations: MIGRATIONS,
      log: createMemoryLogger(),
      fs: fsx,
    });
    // The INSERT is compiled and kept on the database that the failed flush then discards.
    await db.write(add('acknowledged'));
    failing = true;
    await expect(db.write(add('refused'))).rejects.toThrow(/ENOSPC/);
    failing = false;
    expect(await db.retry()).toBe(true);
    await db.write(add('after'));
    expect(lastJournaled(dir)?.[0]?.p).toEqual(['after', 'body of after']);
    expect(names(db)).toEqual(['acknowledged', 'after']);
    await db.close();
    const again = await openDatabase({ dir, migrations: MIGRATIONS, log: createMemoryLogger() });
    expect(names(again)).toEqual(['acknowledged', 'after']);
    await again.close();
  });
});
