import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { openDatabase, StorageError } from '../../../../electron/services/storage/database';
import type { Migration } from '../../../../electron/services/storage/migrations/index';
import { all, run, scalar } from '../../../../electron/services/storage/sql';
import { nodeStorageFs, type StorageFs } from '../../../../electron/services/storage/storage-fs';

const NOTES: Migration[] = [
  {
    version: 1,
    name: 'notes',
    sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)',
  },
];

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'db-'));
const generations = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((n) => /^kiosk\.\d+\.db$/.test(n))
    .sort();
const journals = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((n) => /^kiosk\.\d+\.journal$/.test(n))
    .sort();
const addNote =
  (text: string) =>
  (db: Parameters<Parameters<Awaited<ReturnType<typeof openDatabase>>['write']>[0]>[0]) =>
    run(db, 'INSERT INTO notes (text) VALUES (?)', [text]);
const notes = (db: Awaited<ReturnType<typeof openDatabase>>) =>
  db.read((d) => all<{ text: string }>(d, 'SELECT text FROM notes ORDER BY id').map((r) => r.text));

/** A file system that fails every write with `code` from a given moment on. */
function failingFs(code: string): StorageFs & { failFromNow(): void; heal(): void } {
  let failing = false;
  const fail = () => Object.assign(new Error(`${code}: simulated`), { code });
  return {
    ...nodeStorageFs,
    async writeFileSynced(file, bytes) {
      if (failing) throw fail();
      return nodeStorageFs.writeFileSynced(file, bytes);
    },
    async appendSynced(file, bytes) {
      if (failing) {
        // As a full disk does: part of the record lands before the write fails.
        await fs.promises.appendFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
        throw fail();
      }
      return nodeStorageFs.appendSynced(file, bytes);
    },
    async truncateSynced(file, size) {
      if (failing) throw fail();
      return nodeStorageFs.truncateSynced(file, size);
    },
    failFromNow: () => (failing = true),
    heal: () => (failing = false),
  };
}

describe('database', () => {
  it('creates the schema, persists each write and reopens with it', async () => {
    const dir = tmp();
    const db = await openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() });
    await db.write(addNote('一'));
    await db.write(addNote('two'));
    await db.close();
    const again = await openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() });
    expect(notes(again)).toEqual(['一', 'two']);
    expect(again.read((d) => scalar(d, 'SELECT MAX(version) FROM schema_version'))).toBe(1);
    await again.close();
  });

  it('shrinks when compacted with vacuum after many rows left, and reopens to the same rows', async () => {
    const dir = tmp();
    const db = await openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() });
    await db.write((d) => {
      for (let i = 0; i < 2000; i++) addNote(`note ${i} ${'x'.repeat(400)}`)(d);
    });
    await db.write((d) => run(d, 'DELETE FROM notes WHERE id > 10'));
    const full = db.health().sizeBytes;
    await db.compact();
    // Without vacuum the freed pages stay: as big as before.
    expect(db.health().sizeBytes).toBe(full);
    await db.compact({ vacuum: true });
    expect(db.health().sizeBytes).toBeLessThan(full / 10);
    const kept = notes(db);
    expect(kept).toHaveLength(10);
    await db.write(addNote('after'));
    await db.close();
    const newest = generations(dir).at(-1) ?? '';
    expect(fs.statSync(path.join(dir, newest)).size).toBeLessThan(full / 10);
    const again = await openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() });
    expect(notes(again)).toEqual([...kept, 'after']);
    expect(again.health().recoveredFrom).toBeNull();
    await again.close();
  });

  it('keeps the newest snapshot, the one before it and their journals, nothing older', async () => {
    const dir = tmp();
    const db = await openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() });
    for (let i = 0; i < 5; i++) {
      await db.write(addNote(`n${i}`));
      await db.snapshot();
    }
    await db.write(addNote('last'));
    await db.close();
    const gens = generations(dir);
    expect(gens).toHaveLength(2);
    // Each snapshot starts its own journal; the older snapshot's journal is kept with it.
    expect(journals(dir)).toEqual(gens.map((g) => g.replace(/\.db$/, '.journal')));
    const again = await openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() });
    expect(notes(again)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'last']);
    await again.close();
  });

  it('writes only the change: a commit costs the same with much or little stored', async () => {
    const dir = tmp();
    const db = await openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() });
    const cost = async () => {
      const before = db.health().bytesWritten;
      await db.write(addNote('small'));
      return db.health().bytesWritten - before;
    };
    const empty = await cost();
    await db.write((d) => {
      for (let i = 0; i < 2000; i++)
        run(d, 'INSERT INTO notes (text) VALUES (?)', ['x'.repeat(1000)]);
    });
    await db.snapshot();
    expect(db.health().sizeBytes).toBeGreaterThan(2_000_000);
    const full = await cost();
    expect(full).toBeLessThan(512);
    expect(full).toBe(empty);
    await db.close();
  });

  it('rolls a failed transaction back and persists nothing of it', async () => {
    const dir = tmp();
    const db = await openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() });
    await db.write(addNote('kept'));
    const before = db.health().generation;
    await expect(
      db.write((d) => {
        run(d, 'INSERT INTO notes (text) VALUES (?)', ['lost']);
        run(d, 'INSERT INTO notes (text) VALUES (NULL)');
      }),
    ).rejects.toThrow();
    expect(notes(db)).toEqual(['kept']);
    expect(db.health().generation).toBe(before);
    await db.close();
  });

  it('shares one generation among writes that arrive together (group commit)', async () => {
    const dir = tmp();
    const db = await openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() });
    const before = db.health().generation;
    await Promise.all(Array.from({ length: 50 }, (_, i) => db.write(addNote(`b${i}`))));
    const used = db.health().generation - before;
    expect(notes(db)).toHaveLength(50);
    expect(used).toBeGreaterThanOrEqual(1);
    expect(used).toBeLessThan(50);
    await db.close();
    const again = await openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() });
    expect(notes(again)).toHaveLength(50);
    await again.close();
  });

  it('falls back to the previous snapshot and its journals when the newest is damaged, and says so', async () => {
    for (const damage of ['zeroed', 'truncated', 'garbage'] as const) {
      const dir = tmp();
      const db = await openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() });
      await db.write(addNote('first'));
      await db.snapshot();
      await db.write(addNote('second'));
      await db.close();
      const newest = path.join(dir, generations(dir).at(-1) as string);
      const size = fs.statSync(newest).size;
      if (damage === 'zeroed') fs.writeFileSync(newest, Buffer.alloc(size));
      if (damage === 'truncated') fs.truncateSync(newest, Math.floor(size / 3));
      if (damage === 'garbage')
        fs.writeFileSync(newest, Buffer.from('not a database at all'.repeat(50)));
      const log = createMemoryLogger();
      const again = await openDatabase({ dir, migrations: NOTES, log });
      // The previous snapshot replayed with the journals kept beside it: nothing is lost.
      expect(notes(again), damage).toEqual(['first', 'second']);
      expect(again.health().recoveredFrom).toBe(path.basename(newest));
      expect(log.lines.some((l) => l.event === 'storage.recovered' && l.level === 'warn')).toBe(
        true,
      );
      expect(fs.existsSync(`${newest}.damaged`)).toBe(true);
      await again.close();
    }
  });

  it('goes out of service on a full disk, loses nothing acknowledged, and comes back', async () => {
    const dir = tmp();
    const fsx = failingFs('ENOSPC');
    const log = createMemoryLogger();
    const db = await openDatabase({ dir, migrations: NOTES, log, fs: fsx });
    await db.write(addNote('acknowledged'));
    fsx.failFromNow();
    const refused = await db.write(addNote('not stored')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StorageError);
    expect((refused as StorageError).reason).toBe('storage-full');
    expect(db.health()).toMatchObject({ inService: false, reason: 'storage-full' });
    // Memory was rolled back to what is on disk.
    expect(notes(db)).toEqual(['acknowledged']);
    await expect(db.write(addNote('while down'))).rejects.toBeInstanceOf(StorageError);
    expect(await db.retry()).toBe(false);
    fsx.heal();
    expect(await db.retry()).toBe(true);
    await db.write(addNote('after'));
    await db.close();
    const again = await openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() });
    expect(notes(again)).toEqual(['acknowledged', 'after']);
    await again.close();
  });

  it('takes no snapshot while out of service, and snapshots once back', async () => {
    const dir = tmp();
    const fsx = failingFs('ENOSPC');
    const db = await openDatabase({
      dir,
      migrations: NOTES,
      log: createMemoryLogger(),
      fs: fsx,
      snapshotAfterBytes: 1,
    });
    await db.write(addNote('a'));
    fsx.failFromNow();
    await expect(db.write(addNote('b'))).rejects.toBeInstanceOf(StorageError);
    await db.snapshot();
    expect(db.health().inService).toBe(false);
    fsx.heal();
    expect(await db.retry()).toBe(true);
    await db.write(addNote('c'));
    await db.close();
    const again = await openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() });
    expect(notes(again)).toEqual(['a', 'c']);
    await again.close();
  });

  it('names a read-only data directory as such', async () => {
    const fsx = failingFs('EROFS');
    const db = await openDatabase({
      dir: tmp(),
      migrations: NOTES,
      log: createMemoryLogger(),
      fs: fsx,
    });
    fsx.failFromNow();
    await expect(db.write(addNote('x'))).rejects.toMatchObject({ reason: 'storage-read-only' });
    await db.close();
  });

  it('fails every write queued behind a failed flush, not just the first', async () => {
    const fsx = failingFs('ENOSPC');
    const db = await openDatabase({
      dir: tmp(),
      migrations: NOTES,
      log: createMemoryLogger(),
      fs: fsx,
    });
    fsx.failFromNow();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => db.write(addNote(`q${i}`))),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(notes(db)).toEqual([]);
    await db.close();
  });

  it('says when what is committed is on disk, without a write of its own', async () => {
    const fsx = failingFs('ENOSPC');
    const db = await openDatabase({
      dir: tmp(),
      migrations: NOTES,
      log: createMemoryLogger(),
      fs: fsx,
    });
    // Nothing waiting for the disk: at once, and nothing written.
    const idle = db.health().generation;
    await db.durable();
    expect(db.health().generation).toBe(idle);
    // Commits on their way to the disk: with their flush (one record for all), not before.
    const writes = [db.write(addNote('a')), db.write(addNote('b'))];
    await db.durable();
    // Every commit before the call is durable by then: it is in the journal on disk.
    expect(db.health().generation).toBeGreaterThan(idle);
    await Promise.all(writes);
    expect(db.health().generation - idle).toBeLessThanOrEqual(2);
    await db.durable();
    expect(db.health().generation - idle).toBeLessThanOrEqual(2);
    // A flush that fails fails it too (the commit is rolled back), and so does any later call.
    fsx.failFromNow();
    const lost = db.write(addNote('c'));
    const failed = db.durable();
    await expect(lost).rejects.toBeInstanceOf(StorageError);
    await expect(failed).rejects.toBeInstanceOf(StorageError);
    await expect(db.durable()).rejects.toBeInstanceOf(StorageError);
    expect(notes(db)).toEqual(['a', 'b']);
    await db.close();
  });

  it('refuses a database written by a newer app', async () => {
    const dir = tmp();
    const newer: Migration[] = [
      ...NOTES,
      { version: 2, name: 'later', sql: 'CREATE TABLE later (x)' },
    ];
    const db = await openDatabase({ dir, migrations: newer, log: createMemoryLogger() });
    await db.close();
    await expect(
      openDatabase({ dir, migrations: NOTES, log: createMemoryLogger() }),
    ).rejects.toThrow(/newer version/);
  });

  it('applies a migration merged after a higher-numbered one', async () => {
    const dir = tmp();
    const first: Migration[] = [
      ...NOTES,
      { version: 3, name: 'three', sql: 'CREATE TABLE three (x)' },
    ];
    await (await openDatabase({ dir, migrations: first, log: createMemoryLogger() })).close();
    const both: Migration[] = [...first, { version: 2, name: 'two', sql: 'CREATE TABLE two (x)' }];
    const db = await openDatabase({ dir, migrations: both, log: createMemoryLogger() });
    expect(
      db
        .read((d) => all(d, 'SELECT version FROM schema_version ORDER BY version'))
        .map((r) => r.version),
    ).toEqual([1, 2, 3]);
    await db.close();
  });
});

describe('disk probe', () => {
  it('goes out of service before a write would fail, and back once the disk recovers', async () => {
    const fsx = failingFs('ENOSPC');
    let free = 1e9;
    fsx.freeBytes = async () => free;
    const db = await openDatabase({
      dir: tmp(),
      migrations: NOTES,
      log: createMemoryLogger(),
      fs: fsx,
    });
    expect((await db.probe()).inService).toBe(true);
    free = 1024 * 1024;
    expect(await db.probe()).toMatchObject({ inService: false, reason: 'storage-full' });
    await expect(db.write(addNote('x'))).rejects.toBeInstanceOf(StorageError);
    free = 1e9;
    expect((await db.probe()).inService).toBe(true);
    fsx.failFromNow();
    expect(await db.probe()).toMatchObject({ inService: false, reason: 'storage-full' });
    fsx.heal();
    expect((await db.probe()).inService).toBe(true);
    await db.write(addNote('after'));
    expect(notes(db)).toEqual(['after']);
    await db.close();
  });
});
