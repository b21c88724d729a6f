// Rebuilds the database as it was last committed: the newest snapshot that opens and passes
// `PRAGMA integrity_check`, then every journal from that snapshot's number on, replayed in order.
// Never writes: the owner (database.ts) repairs what this reports; kioskctl only reads.
//
// Snapshot K is the state after every journal below K; journal J holds the commits made after
// it was started. So snapshot K plus journals K, K+1, ... is the newest state, and if snapshot K
// is damaged, the snapshot before it (P) plus journals P, P+1, ... gives the same state, which is
// why the owner keeps the previous snapshot and its journals until the next snapshot is durable.
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Database as SqlDatabase, SqlJsStatic, Statement } from 'sql.js';
import { generationFile, generationsIn, integrityOf } from './generations';
import {
  journalFile,
  journalsIn,
  readJournal,
  readJournalHeader,
  type ReadJournal,
  type SnapshotSum,
} from './journal';
import { replayStatements, totalChanges } from './recorder';
import { stepOnce } from './statements';
import type { StorageFs } from './storage-fs';

export interface LoadedState {
  /** The rebuilt database, or null when no snapshot opened (or none exists). */
  db: SqlDatabase | null;
  /** The snapshot it was built on (0 if none). */
  snapshot: number;
  snapshotBytes: number;
  /** crc32 of the snapshot's bytes. */
  snapshotCrc: number;
  /** Newer snapshots that were damaged, with why, newest first. */
  damaged: { generation: number; error: string }[];
  /** Every snapshot number found, newest first. */
  found: number[];
  /** The newest journal replayed (null if none existed from the snapshot on). */
  journal: number | null;
  /** Where the next record goes in that journal, and its size on disk now. */
  journalEnd: number;
  journalFileBytes: number;
  /** Bytes of journal replayed in all (what a snapshot would save at the next open). */
  replayedBytes: number;
  /** Sequence number of the last commit replayed (0 if none). */
  seq: number;
  /** Transactions replayed. */
  replayed: number;
  /** A torn last record of the newest journal (never acknowledged; cut off on open). */
  torn: string | null;
  /** Journals that could not be replayed to their end: acknowledged commits may be missing. */
  problems: { file: string; error: string }[];
}

export interface LoadLimit {
  /** Replay the journal numbered `journal` only up to `end` (a failed append beyond it). */
  journal: number;
  end: number;
}

async function readNames(dir: string, fsx: StorageFs): Promise<string[]> {
  try {
    return await fsx.readdir(dir);
  } catch {
    return [];
  }
}

/**
 * Per-connection settings, the same live and on replay. SQLite's rollback journal is kept in
 * memory, not as a file in sql.js's in-memory file system (which copies a growing file as it
 * grows): the database's durability is the kiosk's own journal, and this one only serves ROLLBACK.
 *
 * The database file itself lives in that in-memory file system, which only this connection ever
 * opens, and which a crash loses whole whatever SQLite did: so the connection keeps its lock
 * between transactions (`locking_mode = EXCLUSIVE`), instead of taking it anew for every
 * statement, looking up a hot journal file and re-reading the file's header to validate its page
 * cache each time (measured: a point read 11 µs → 2 µs, a one-row commit 23 µs → 13 µs), and never
 * asks that file system to sync (`synchronous = OFF`; a no-op call there, but a call per commit).
 */
export function applyConnectionPragmas(db: SqlDatabase): void {
  db.run('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA journal_mode = MEMORY');
  db.exec('PRAGMA locking_mode = EXCLUSIVE');
  db.exec('PRAGMA synchronous = OFF');
}

/** Replayed transactions per SQLite commit: bounds the rollback journal held in memory. */
const REPLAY_BATCH = 256;

/**
 * Replays a journal's records in SQLite transactions of REPLAY_BATCH (a commit per replayed
 * transaction would cost more than its statements), each logged transaction under a savepoint.
 */
function replayRecords(db: SqlDatabase, j: ReadJournal): number {
  let n = 0;
  const cache = new Map<string, Statement>();
  db.run('BEGIN IMMEDIATE');
  try {
    for (const rec of j.records) {
      for (const tx of rec.tx) {
        const before = totalChanges(db);
        // Kept statements (statements.ts): run once per replayed transaction.
        stepOnce(db, 'SAVEPOINT replay');
        try {
          replayStatements(db, tx, cache);
          const changed = totalChanges(db) - before;
          if (changed !== tx.c)
            throw new Error(
              `commit ${rec.seq} changed ${changed} rows on replay, ${tx.c} when made`,
            );
          stepOnce(db, 'RELEASE replay');
          if ((n + 1) % REPLAY_BATCH === 0) {
            db.run('COMMIT');
            db.run('BEGIN IMMEDIATE');
          }
        } catch (e) {
          db.run('ROLLBACK TO replay');
          db.run('RELEASE replay');
          throw new ReplayError(`replay of commit ${rec.seq} failed: ${(e as Error).message}`, n);
        }
        n++;
      }
    }
  } finally {
    for (const stmt of cache.values()) stmt.free();
    // What replayed cleanly is kept, up to a failing transaction.
    db.run('COMMIT');
  }
  return n;
}

class ReplayError extends Error {
  constructor(
    message: string,
    readonly replayed: number,
  ) {
    super(message);
  }
}

async function loadOnce(
  SQL: SqlJsStatic,
  dir: string,
  fsx: StorageFs,
  limit: LoadLimit | null,
): Promise<LoadedState> {
  const names = await readNames(dir, fsx);
  const found = generationsIn(names);
  const journals = journalsIn(names);
  const damaged: LoadedState['damaged'] = [];
  const journalBytes = new Map<number, Uint8Array>();
  const readJournalFile = async (num: number): Promise<Uint8Array> => {
    let bytes = journalBytes.get(num);
    if (!bytes) {
      bytes = await fsx.readFile(path.join(dir, journalFile(num)));
      journalBytes.set(num, bytes);
    }
    return bytes;
  };
  for (const gen of found) {
    let db: SqlDatabase;
    let snapshotBytes: number;
    let snapshotCrc: number;
    try {
      // The snapshot's own journal says how long it was and its checksum: a match means these are
      // the bytes SQLite exported, with no need for a full integrity check.
      let expected: SnapshotSum | null = null;
      if (journals.includes(gen)) {
        try {
          expected = readJournalHeader(await readJournalFile(gen), gen).snapshot;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
          expected = null;
        }
      }
      const bytes = await fsx.readFile(path.join(dir, generationFile(gen)));
      snapshotCrc = crc32(bytes);
      if (expected && (expected.bytes !== bytes.byteLength || expected.crc !== snapshotCrc))
        throw new Error(
          `snapshot is ${bytes.byteLength} bytes with crc32 ${snapshotCrc}, ` +
            `${expected.bytes} bytes with crc32 ${expected.crc} were written`,
        );
      db = new SQL.Database(bytes);
      if (!expected) {
        const check = integrityOf(db);
        if (check !== 'ok') {
          db.close();
          throw new Error(`integrity_check: ${check.slice(0, 200)}`);
        }
      }
      snapshotBytes = bytes.byteLength;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
      damaged.push({ generation: gen, error: (e as Error).message });
      continue;
    }
    applyConnectionPragmas(db);
    const state: LoadedState = {
      ...emptyState(damaged, found),
      db,
      snapshot: gen,
      snapshotBytes,
      snapshotCrc,
    };
    const chain = journals.filter((j) => j >= gen);
    let nextSeq: number | null = null;
    for (let i = 0; i < chain.length; i++) {
      const num = chain[i] as number;
      const file = journalFile(num);
      const problem = (error: string) => state.problems.push({ file, error });
      if (num !== gen + i) {
        problem(`journal ${journalFile(gen + i)} is missing`);
        break;
      }
      let bytes: Uint8Array;
      try {
        bytes = await readJournalFile(num);
      } catch (e) {
        db.close();
        throw e;
      }
      if (limit && limit.journal === num) bytes = bytes.subarray(0, limit.end);
      let j: ReadJournal;
      try {
        j = readJournal(bytes, num);
      } catch (e) {
        problem((e as Error).message);
        break;
      }
      if (nextSeq !== null && j.firstSeq !== nextSeq) {
        // The previous journal was left by a commit that wrote a whole snapshot instead.
        problem(`starts at commit ${j.firstSeq}, ${nextSeq} was due`);
        break;
      }
      try {
        state.replayed += replayRecords(db, j);
      } catch (e) {
        if (e instanceof ReplayError) state.replayed += e.replayed;
        problem((e as Error).message);
        break;
      }
      const last = i === chain.length - 1;
      if (j.tail === 'corrupt') problem(j.tailDetail ?? 'damaged record');
      else if (j.tail === 'torn' && last) state.torn = `${file}: ${j.tailDetail ?? 'torn'}`;
      state.journal = num;
      state.journalEnd = j.goodEnd;
      state.journalFileBytes = bytes.byteLength;
      state.replayedBytes += j.goodEnd;
      state.seq = j.records.at(-1)?.seq ?? j.firstSeq - 1;
      nextSeq = state.seq + 1;
      if (j.tail === 'corrupt') break;
    }
    return state;
  }
  return emptyState(damaged, found);
}

/** What was loaded before any snapshot: nothing, with what was found and what was damaged. */
function emptyState(damaged: LoadedState['damaged'], found: LoadedState['found']): LoadedState {
  return {
    db: null,
    snapshot: 0,
    snapshotBytes: 0,
    snapshotCrc: 0,
    damaged,
    found,
    journal: null,
    journalEnd: 0,
    journalFileBytes: 0,
    replayedBytes: 0,
    seq: 0,
    replayed: 0,
    torn: null,
    problems: [],
  };
}

/**
 * Loads the newest committed state into memory. A reader racing the owner's clean-up (a file
 * listed, then deleted once a newer snapshot was durable) simply looks again.
 */
export async function loadState(
  SQL: SqlJsStatic,
  dir: string,
  fsx: StorageFs,
  limit: LoadLimit | null = null,
): Promise<LoadedState> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await loadOnce(SQL, dir, fsx, limit);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 4) throw e;
    }
  }
}
