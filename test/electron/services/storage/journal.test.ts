// The journal on disk: torn and corrupt records, replay of what a transaction did, commits the
// journal cannot hold, and compaction.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BindParams } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { inspectDatabase, openDatabase } from '../../../../electron/services/storage/database';
import {
  encodeHeader,
  encodeRecord,
  HEADER_BYTES,
  readJournal,
} from '../../../../electron/services/storage/journal';
import type { Migration } from '../../../../electron/services/storage/migrations/index';
import { readSnapshot } from '../../../../electron/services/storage/read-snapshot';
import { all, run } from '../../../../electron/services/storage/sql';

const SCHEMA: Migration[] = [
  {
    version: 1,
    name: 'schema',
    sql: `
CREATE TABLE notes (seq INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL UNIQUE, data BLOB);
CREATE TABLE counts (k TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER notes_count AFTER INSERT ON notes BEGIN
  INSERT INTO counts (k, n) VALUES ('notes', 1) ON CONFLICT(k) DO UPDATE SET n = n + 1;
END;`,
  },
];

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
const open = (dir: string) => openDatabase({ dir, migrations: SCHEMA, log: createMemoryLogger() });
const journalPath = (dir: string) =>
  path.join(
    dir,
    fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.journal'))
      .sort()
      .at(-1) as string,
  );
type Db = Awaited<ReturnType<typeof open>>;
const texts = (db: Db) =>
  db.read((d) =>
    all<{ text: string }>(d, 'SELECT text FROM notes ORDER BY seq').map((r) => r.text),
  );
const add = (db: Db, text: string) =>
  db.write((d) => run(d, 'INSERT INTO notes (text) VALUES (?)', [text]));

/** Byte offsets where each record of the newest journal starts, and its end. */
function recordStarts(file: string): number[] {
  const b = fs.readFileSync(file);
  const starts: number[] = [];
  for (let at = HEADER_BYTES; at < b.length; at += 8 + b.readUInt32LE(at)) starts.push(at);
  return starts;
}

describe('journal', () => {
  it('replays statements, prepared ones, blobs, triggers and AUTOINCREMENT to the same state', async () => {
    const dir = tmp();
    const db = await open(dir);
    await add(db, 'a');
    await db.write((d) => {
      const stmt = d.prepare('INSERT INTO notes (text, data) VALUES (?, ?)');
      stmt.run(['b', new Uint8Array([0, 1, 2, 255])]);
      stmt.run(['c', null]);
      stmt.free();
      // A failed statement, caught: it changed nothing, so it is not replayed.
      expect(() => run(d, 'INSERT INTO notes (text) VALUES (?)', ['a'])).toThrow();
      d.run('DELETE FROM notes WHERE text = ?', ['c']);
    });
    await db.write((d) => {
      d.run('SAVEPOINT s');
      run(d, 'INSERT INTO notes (text) VALUES (?)', ['rolled back']);
      d.run('ROLLBACK TO s');
      d.run('RELEASE s');
      run(d, 'INSERT INTO notes (text) VALUES (?)', ['d']);
    });
    const dump = (x: Db) =>
      x.read((d) => ({
        notes: all(d, 'SELECT seq, text, hex(data) AS data FROM notes ORDER BY seq'),
        counts: all(d, 'SELECT * FROM counts'),
        seq: all(d, 'SELECT * FROM sqlite_sequence'),
      }));
    const live = dump(db);
    await db.close();
    const again = await open(dir);
    expect(dump(again)).toEqual(live);
    expect(live.notes.map((r) => r.text)).toEqual(['a', 'b', 'd']);
    expect(live.counts).toEqual([{ k: 'notes', n: 4 }]);
    await again.close();
  });

  // What a crash can leave at the end of the journal: a record never acknowledged. Each is cut
  // off quietly (nothing acknowledged is lost, no recovery copy) and appending carries on after it.
  const tails: {
    what: string;
    damage: (file: string, lastStart: number) => void;
    survives: string[];
    event: string | null;
  }[] = [
    {
      what: 'a torn last record',
      damage: (file, last) => {
        const size = fs.statSync(file).size;
        fs.truncateSync(file, last + Math.floor((size - last) / 2));
      },
      survives: ['one'],
      event: 'storage.journal_torn_tail',
    },
    {
      what: 'a last record whose checksum does not match',
      damage: (file) => {
        const b = fs.readFileSync(file);
        b.writeUInt8(b.readUInt8(b.length - 3) ^ 0x40, b.length - 3);
        fs.writeFileSync(file, b);
      },
      survives: ['one'],
      event: null,
    },
    {
      what: 'zeros after the last record',
      damage: (file) => fs.appendFileSync(file, Buffer.alloc(3000)),
      survives: ['one', 'two'],
      event: null,
    },
  ];
  it.each(tails)('cuts off $what and keeps appending after it', async (t) => {
    const dir = tmp();
    const db = await open(dir);
    await add(db, 'one');
    await add(db, 'two');
    await db.close();
    const file = journalPath(dir);
    const ends = [...recordStarts(file).slice(1), fs.statSync(file).size];
    t.damage(file, recordStarts(file).at(-1) as number);
    const log = createMemoryLogger();
    const again = await openDatabase({ dir, migrations: SCHEMA, log });
    expect(texts(again)).toEqual(t.survives);
    expect(again.health().recoveredFrom).toBeNull();
    if (t.event) expect(log.lines.some((l) => l.event === t.event)).toBe(true);
    expect(fs.existsSync(`${file}.damaged`)).toBe(false);
    // The file is cut back to the end of the last record kept.
    expect(fs.statSync(file).size).toBe(ends[t.survives.length - 1]);
    await add(again, 'three');
    await again.close();
    const third = await open(dir);
    expect(texts(third)).toEqual([...t.survives, 'three']);
    await third.close();
  });

  it('says so when a record in the middle is damaged, and keeps a copy of the journal', async () => {
    const dir = tmp();
    const db = await open(dir);
    for (const t of ['one', 'two', 'three']) await add(db, t);
    await db.close();
    const file = journalPath(dir);
    const starts = recordStarts(file);
    const b = fs.readFileSync(file);
    const at = (starts[1] as number) + 12;
    b.writeUInt8(b.readUInt8(at) ^ 0x01, at);
    fs.writeFileSync(file, b);
    const log = createMemoryLogger();
    const again = await openDatabase({ dir, migrations: SCHEMA, log });
    expect(texts(again)).toEqual(['one']);
    expect(again.health().recoveredFrom).toBe(path.basename(file));
    expect(
      log.lines.some((l) => l.event === 'storage.journal_damaged' && l.level === 'error'),
    ).toBe(true);
    expect(fs.existsSync(`${file}.damaged`)).toBe(true);
    expect((await inspectDatabase(dir)).damaged.length).toBeGreaterThan(0);
    await again.close();
  });

  it('commits by a whole snapshot what it cannot journal, and loses nothing', async () => {
    const dir = tmp();
    const db = await open(dir);
    const before = db.health().snapshots;
    await db.write((d) => {
      run(d, 'INSERT INTO notes (text) VALUES (?)', ['kept']);
      expect(() =>
        d.exec(
          "INSERT INTO notes (text) VALUES ('half'); INSERT INTO notes (text) VALUES ('kept')",
        ),
      ).toThrow();
    });
    expect(db.health().snapshots).toBe(before + 1);
    expect(texts(db)).toEqual(['kept', 'half']);
    await add(db, 'after');
    await db.close();
    const again = await open(dir);
    expect(texts(again)).toEqual(['kept', 'half', 'after']);
    await again.close();
  });

  it('snapshots in the background once the journal passes its threshold', async () => {
    const dir = tmp();
    const db = await openDatabase({
      dir,
      migrations: SCHEMA,
      log: createMemoryLogger(),
      snapshotAfterBytes: 2000,
    });
    for (let i = 0; i < 40; i++) await add(db, `n${i}`.repeat(20));
    await db.close();
    expect(db.health().snapshots).toBeGreaterThan(2);
    expect(db.health().journalBytes).toBeLessThan(4000);
    const again = await open(dir);
    expect(texts(again)).toHaveLength(40);
    await again.close();
  });

  it('shows kioskctl the journal too, while the kiosk runs', async () => {
    const dir = tmp();
    const db = await open(dir);
    await add(db, 'journaled only');
    const seen = await readSnapshot(dir, (d) => all<{ text: string }>(d, 'SELECT text FROM notes'));
    expect(seen).toEqual([{ text: 'journaled only' }]);
    await db.close();
  });

  it('compacts so no file holds deleted text', async () => {
    const dir = tmp();
    const db = await open(dir);
    await add(db, 'SECRET-13812345678');
    await db.snapshot();
    await add(db, 'other');
    await db.write((d) => {
      d.run('PRAGMA secure_delete = ON');
      d.run("DELETE FROM notes WHERE text LIKE 'SECRET%'");
    });
    await db.compact();
    await db.close();
    const holding = fs
      .readdirSync(dir)
      .filter((n) => fs.readFileSync(path.join(dir, n)).includes('13812345678'));
    expect(holding).toEqual([]);
    const again = await open(dir);
    expect(texts(again)).toEqual(['other']);
    await again.close();
  });

  it('keeps a change made through read() by committing the next write as a snapshot', async () => {
    const dir = tmp();
    const log = createMemoryLogger();
    const db = await openDatabase({ dir, migrations: SCHEMA, log });
    db.read((d) => d.run('INSERT INTO notes (text) VALUES (?)', ['outside']));
    expect(log.lines.some((l) => l.event === 'storage.write_outside_transaction')).toBe(true);
    const before = db.health().snapshots;
    await add(db, 'next');
    expect(db.health().snapshots).toBe(before + 1);
    await db.close();
    const again = await open(dir);
    expect(texts(again)).toEqual(['outside', 'next']);
    await again.close();
  });

  it('encodes a record as its JSON, blobs and big integers as tagged values, and reads it back', () => {
    const plain = {
      seq: 1,
      tx: [{ s: [{ k: 'run' as const, q: 'INSERT INTO n VALUES (?, ?)', p: ['文', 1.5] }], c: 1 }],
    };
    const tagged = {
      seq: 2,
      tx: [
        {
          s: [
            { k: 'step' as const, q: 'SELECT 1' },
            {
              k: 'run' as const,
              q: 'X',
              // sql.js's types leave big integers out of parameters; the journal keeps them anyway.
              p: { ':a': new Uint8Array([1, 2]), ':b': 2n ** 70n } as unknown as BindParams,
            },
          ],
          c: 0,
        },
      ],
    };
    const a = Buffer.from(encodeRecord(plain));
    expect(a.subarray(8).toString('utf8')).toBe(JSON.stringify(plain));
    const b = Buffer.from(encodeRecord(tagged));
    expect(b.subarray(8).toString('utf8')).toContain('{"$b":"AQI="}');
    expect(b.subarray(8).toString('utf8')).toContain('{"$n":"1180591620717411303424"}');
    const j = readJournal(Buffer.concat([encodeHeader(7, 1, null), a, b]), 7);
    expect(j.tail).toBe('clean');
    expect(j.records).toEqual([plain, tagged]);
  });

  it('parses its own header and refuses a file that is not a journal', () => {
    expect(() => readJournal(Buffer.from('x'.repeat(64)), 1)).toThrow(/magic/);
  });
});
