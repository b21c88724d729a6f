// The journal: an append-only file of committed transactions on top of one snapshot.
//
// A journal file, kiosk.<10 digits>.journal, starts with a header naming its number, the
// sequence number of the first record it may hold, and the length and crc32 of the snapshot of the
// same number (so opening that snapshot needs a checksum, not a full `PRAGMA integrity_check`). Each record is one group commit (one or more
// transactions), framed as
//
//   u32 length of the payload | u32 crc32 of the payload | payload (UTF-8 JSON)
//
// and the payload names its own sequence number, so a record can be neither torn, nor bit-rotted,
// nor out of place without it showing. A transaction is kept as the statements that changed the
// database with their bound parameters, replayed in the same order over the same state (see
// recorder.ts for why the statements, not the pages or rows).
import { crc32 } from 'node:zlib';
import type { BindParams } from 'sql.js';

const MAGIC = 0x4a514444; // "DDQJ" little-endian
const FORMAT = 1;
export const HEADER_BYTES = 40;
const FRAME_BYTES = 8;

const JOURNAL = /^kiosk\.(\d{10})\.journal$/;

export const journalFile = (n: number): string => `kiosk.${String(n).padStart(10, '0')}.journal`;

/** Journal numbers present in `names`, ascending. */
export function journalsIn(names: readonly string[]): number[] {
  return names
    .map((n) => JOURNAL.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** How a statement was run: `run`/`exec` as sql.js's Database methods, `step` a prepared one. */
export type StatementKind = 'run' | 'exec' | 'step';

export interface LoggedStatement {
  k: StatementKind;
  q: string;
  p?: BindParams;
}

export interface LoggedTransaction {
  s: LoggedStatement[];
  /** Rows the transaction changed (sqlite3_total_changes delta), checked on replay. */
  c: number;
}

export interface JournalRecord {
  seq: number;
  tx: LoggedTransaction[];
}

// Parameters are plain JSON except blobs and big integers.
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { $b: Buffer.from(value).toString('base64') };
  if (typeof value === 'bigint') return { $n: value.toString() };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o.$b === 'string')
      return new Uint8Array(Buffer.from(o.$b, 'base64'));
    if (keys.length === 1 && typeof o.$n === 'string') return BigInt(o.$n);
  }
  return value;
}

/** Length and crc32 of a snapshot, as its journal's header records them. */
export interface SnapshotSum {
  bytes: number;
  crc: number;
}

export const snapshotSum = (bytes: Uint8Array): SnapshotSum => ({
  bytes: bytes.byteLength,
  crc: crc32(bytes),
});

export function encodeHeader(
  journal: number,
  firstSeq: number,
  snapshot: SnapshotSum | null,
): Uint8Array {
  const b = Buffer.alloc(HEADER_BYTES);
  b.writeUInt32LE(MAGIC, 0);
  b.writeUInt32LE(FORMAT, 4);
  b.writeDoubleLE(journal, 8);
  b.writeDoubleLE(firstSeq, 16);
  b.writeDoubleLE(snapshot?.bytes ?? -1, 24);
  b.writeUInt32LE(snapshot?.crc ?? 0, 32);
  b.writeUInt32LE(crc32(b.subarray(0, 36)), 36);
  return b;
}

/** Whether a parameter needs the replacer (a blob or a big integer): rare. */
function needsReplacer(record: JournalRecord): boolean {
  for (const tx of record.tx)
    for (const s of tx.s) {
      if (s.p === undefined || s.p === null) continue;
      for (const v of Array.isArray(s.p) ? s.p : Object.values(s.p))
        if (typeof v === 'bigint' || v instanceof Uint8Array) return true;
    }
  return false;
}

export function encodeRecord(record: JournalRecord): Uint8Array {
  // A replacer makes JSON.stringify call back for every key and value; without a blob or a big
  // integer among the parameters it returns each value as it is, so it is left out.
  const text = needsReplacer(record) ? JSON.stringify(record, replacer) : JSON.stringify(record);
  const length = Buffer.byteLength(text, 'utf8');
  const b = Buffer.allocUnsafe(FRAME_BYTES + length);
  b.write(text, FRAME_BYTES, 'utf8');
  b.writeUInt32LE(length, 0);
  b.writeUInt32LE(crc32(b.subarray(FRAME_BYTES)), 4);
  return b;
}

export interface ReadJournal {
  journal: number;
  firstSeq: number;
  /** The snapshot of the same number, as it was written (null if not recorded). */
  snapshot: SnapshotSum | null;
  records: JournalRecord[];
  /** Offset just past the last whole record: where the next append goes. */
  goodEnd: number;
  /**
   * What follows the last whole record: nothing; a torn tail (an append cut short by a crash,
   * never acknowledged); or damage with more data after it (acknowledged records may be lost).
   */
  tail: 'clean' | 'torn' | 'corrupt';
  tailDetail: string | null;
}

export class JournalHeaderError extends Error {}

function allZero(b: Uint8Array, from: number): boolean {
  for (let i = from; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * Parses a journal's header only (what snapshot it was started on), without its records: at open
 * the header is needed before the snapshot is checked, the records only once it has been.
 */
export function readJournalHeader(
  bytes: Uint8Array,
  expected: number,
): Pick<ReadJournal, 'journal' | 'firstSeq' | 'snapshot'> {
  return parseHeader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), expected);
}

function parseHeader(
  b: Buffer,
  expected: number,
): Pick<ReadJournal, 'journal' | 'firstSeq' | 'snapshot'> {
  if (b.length < HEADER_BYTES) throw new JournalHeaderError('journal shorter than its header');
  if (b.readUInt32LE(0) !== MAGIC) throw new JournalHeaderError('not a journal (bad magic)');
  if (b.readUInt32LE(4) !== FORMAT)
    throw new JournalHeaderError(`unknown journal format ${b.readUInt32LE(4)}`);
  if (crc32(b.subarray(0, 36)) !== b.readUInt32LE(36))
    throw new JournalHeaderError('journal header checksum mismatch');
  const journal = b.readDoubleLE(8);
  const firstSeq = b.readDoubleLE(16);
  const snapBytes = b.readDoubleLE(24);
  const snapshot = snapBytes >= 0 ? { bytes: snapBytes, crc: b.readUInt32LE(32) } : null;
  if (journal !== expected)
    throw new JournalHeaderError(`journal header says ${journal}, file name ${expected}`);
  return { journal, firstSeq, snapshot };
}

/** Parses a journal file's bytes. Throws JournalHeaderError when the header itself is unusable. */
export function readJournal(bytes: Uint8Array, expected: number): ReadJournal {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { journal, firstSeq, snapshot } = parseHeader(b, expected);
  const records: JournalRecord[] = [];
  let at = HEADER_BYTES;
  let tail: ReadJournal['tail'] = 'clean';
  let tailDetail: string | null = null;
  let nextSeq = firstSeq;
  while (at < b.length) {
    const bad = (why: string, end: number) => {
      // Damage that runs to the end of the file (or is followed only by zeros a crash left in an
      // extended file) is an append that never finished; anything after it means real damage.
      tail = end >= b.length || allZero(b, at) ? 'torn' : 'corrupt';
      tailDetail = `${why} at offset ${at}`;
    };
    if (b.length - at < FRAME_BYTES) {
      bad('partial record frame', b.length);
      break;
    }
    const len = b.readUInt32LE(at);
    const sum = b.readUInt32LE(at + 4);
    const end = at + FRAME_BYTES + len;
    if (len === 0) {
      bad('empty record', end);
      break;
    }
    if (end > b.length) {
      bad('record runs past the end of the file', end);
      break;
    }
    const payload = b.subarray(at + FRAME_BYTES, end);
    if (crc32(payload) !== sum) {
      bad('record checksum mismatch', end);
      break;
    }
    let rec: JournalRecord;
    try {
      const text = payload.toString('utf8');
      // A reviver makes JSON.parse call back for every value: only records that hold a blob or a
      // big integer (rare) need one, and they always contain its key.
      rec = (
        text.includes('"$b"') || text.includes('"$n"')
          ? JSON.parse(text, reviver)
          : JSON.parse(text)
      ) as JournalRecord;
    } catch (e) {
      bad(`record does not parse: ${(e as Error).message}`, end);
      break;
    }
    if (rec.seq !== nextSeq || !Array.isArray(rec.tx)) {
      bad(`record ${rec.seq} where ${nextSeq} was due`, end);
      break;
    }
    records.push(rec);
    nextSeq++;
    at = end;
  }
  return { journal, firstSeq, snapshot, records, goodEnd: at, tail, tailDetail };
}
