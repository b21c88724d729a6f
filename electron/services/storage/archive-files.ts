// The request archive's files: <data>/archive/requests-<YYYY-MM>.<version>.db, each a whole sql.js
// database (the kiosk's schema) holding the archived requests closed in one month. A file is
// written whole, under a name never used before (temp, fsync, rename, fsync of the directory), and
// only then named in the hot database (archive_files, with its length and crc32) by the same
// transaction that removes its requests from the hot database. So the hot database always names
// files that are whole and hold exactly its archived requests; a file it does not name is left over
// from an interrupted run. Reading checks the length and crc32 the hot database recorded.
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Database as SqlDatabase, SqlJsStatic } from 'sql.js';
import { migrate } from './migrate';
import type { Migration } from './migrations/index';
import { applyConnectionPragmas } from './recovery';
import { replaceFileWhole, type StorageFs } from './storage-fs';

const ARCHIVE_FILE = /^requests-(\d{4}-\d{2})\.(\d{6})\.db$/;

export const archiveFileName = (month: string, version: number): string =>
  `requests-${month}.${String(version).padStart(6, '0')}.db`;

/** The month and version of an archive file's name; null for any other name. */
export function parseArchiveFileName(name: string): { month: string; version: number } | null {
  const m = ARCHIVE_FILE.exec(name);
  return m ? { month: m[1] as string, version: Number(m[2]) } : null;
}

/** What the hot database recorded about a file when it started naming it. */
export interface ArchiveFileSum {
  file: string;
  bytes: number;
  crc: number;
}

export class ArchiveFileDamaged extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ArchiveFileDamaged';
  }
}

/**
 * Loads an archive file into memory after checking it against what the hot database recorded,
 * and brings it to the current schema in memory (a file written by an older version). A missing
 * file throws ENOENT (a reader racing a newer version's switch looks again); a damaged one throws
 * ArchiveFileDamaged.
 */
export async function openArchiveFile(
  SQL: SqlJsStatic,
  dir: string,
  sum: ArchiveFileSum,
  fsx: StorageFs,
  migrations: readonly Migration[],
): Promise<SqlDatabase> {
  const bytes = await fsx.readFile(path.join(dir, sum.file));
  const crc = crc32(bytes);
  if (bytes.byteLength !== sum.bytes || crc !== sum.crc)
    throw new ArchiveFileDamaged(
      sum.file,
      `${bytes.byteLength} bytes with crc32 ${crc}, ${sum.bytes} bytes with crc32 ${sum.crc} were written`,
    );
  let db: SqlDatabase;
  try {
    db = new SQL.Database(bytes);
    applyConnectionPragmas(db);
    migrate(db, migrations, () => new Date());
  } catch (e) {
    throw new ArchiveFileDamaged(sum.file, (e as Error).message);
  }
  return db;
}

/** A new, empty archive database with the current schema (in memory). */
export function newArchiveDatabase(
  SQL: SqlJsStatic,
  migrations: readonly Migration[],
  now: () => Date,
): SqlDatabase {
  const db = new SQL.Database();
  applyConnectionPragmas(db);
  migrate(db, migrations, now);
  return db;
}

/** Writes `bytes` as `name` in `dir`, whole or not at all, and returns what to record of it. */
export async function writeArchiveFile(
  dir: string,
  name: string,
  bytes: Uint8Array,
  fsx: StorageFs,
): Promise<ArchiveFileSum> {
  await fsx.mkdir(dir);
  await replaceFileWhole(fsx, dir, name, bytes);
  return { file: name, bytes: bytes.byteLength, crc: crc32(bytes) };
}
