// SQL for 一屏总览: aggregates only. Every query returns counts grouped by a day, an
// hour, a bundle, a board, a week or a search text: never a ticket, an enterprise, a contact or a
// staff id. Times are stored as UTC ISO 8601; the center's local day and hour are taken with a
// fixed offset (`offsetMinutes`, the center's zone at the period: China has no daylight saving).
import { holdsPhoneLikeNumber } from '../../domain/personal-text';
import type { RatingLevel } from '../../domain/voice';
import { all, run, scalar, type Db } from '../storage/sql';

/** A period: UTC instants [since, before) and its local dates [fromDate, toDate]. */
export interface Span {
  since: string;
  before: string;
  fromDate: string;
  toDate: string;
  /** The local day "due today" and "overdue" are judged on. */
  asOf: string;
  /** The center's UTC offset in minutes (Asia/Shanghai: 480). */
  offsetMinutes: number;
}

const local = (offset: number) => `'${offset >= 0 ? '+' : ''}${Math.trunc(offset)} minutes'`;

/**
 * Requests per local day and hour, and of them those counted after hours (promise.reason ≠
 * in-hours). Grouped by the UTC hour (a prefix of the ISO text, read from a covering index) and
 * shifted to local time here when the zone is a whole number of hours from UTC, as China's is;
 * otherwise grouped by the local hour in SQL.
 */
export function requestsByLocalHour(
  db: Db,
  s: Span,
): { date: string; hour: number; total: number; afterHours: number }[] {
  const wholeHours = s.offsetMinutes % 60 === 0;
  const bucket = wholeHours
    ? 'substr(created_at, 1, 13)'
    : `strftime('%Y-%m-%dT%H', created_at, ${local(s.offsetMinutes)})`;
  const rows = all<{ h: string; total: number; afterHours: number }>(
    db,
    `SELECT ${bucket} AS h, COUNT(*) AS total,
       SUM(json_extract(promise, '$.reason') <> 'in-hours') AS afterHours
     FROM requests WHERE created_at >= ? AND created_at < ?
     GROUP BY 1 ORDER BY 1`,
    [s.since, s.before],
  );
  const shift = wholeHours ? s.offsetMinutes * 60_000 : 0;
  return rows.map((r) => {
    const at = new Date(Date.parse(`${r.h}:00:00Z`) + shift).toISOString();
    return {
      date: at.slice(0, 10),
      hour: Number(at.slice(11, 13)),
      total: r.total,
      afterHours: r.afterHours,
    };
  });
}

/**
 * Requests per bundle and board in one pass (a consultation or 诉求 has no bundle: its kind
 * stands in); a bundle belongs to one board, so there are few groups.
 */
export function requestsByBundleAndBoard(
  db: Db,
  s: Span,
): { bundle: string; board: string; n: number }[] {
  return all(
    db,
    `SELECT COALESCE(bundle_id, kind) AS bundle, board, COUNT(*) AS n FROM requests
     WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2`,
    [s.since, s.before],
  );
}

/** One part of a bundle's package and the service names (or question) that make it requested. */
export interface PartRule {
  letter: string;
  names: readonly string[];
  /** A question whose "yes" includes the part. */
  question: string | null;
}

/**
 * How many requests of `bundleId` included each part: one of its services chosen, or its
 * question answered yes; a part with neither (企业开办's 码, generated with every licence) counts
 * every request of the bundle. Also returns the bundle's total. One pass over the bundle's rows;
 * a service is found by its `"name":"…"` member in the stored JSON text (insertRequest writes it
 * with JSON.stringify), far cheaper than parsing every list.
 */
export function bundlePartCounts(
  db: Db,
  s: Span,
  bundleId: string,
  parts: readonly PartRule[],
): { total: number; byLetter: Map<string, number> } {
  const sums: string[] = [];
  const params: string[] = [];
  const counted = parts.filter((p) => p.names.length > 0 || p.question !== null);
  for (const p of counted) {
    const alts = p.names.map(() => 'instr(services, ?) > 0');
    params.push(...p.names.map((n) => `"name":${JSON.stringify(n)}`));
    if (p.question !== null) {
      alts.push('json_extract(answers, ?) = 1');
      params.push(`$."${p.question.replace(/"/g, '')}"`);
    }
    sums.push(`SUM(${alts.join(' OR ')})`);
  }
  const res = db.exec(
    `SELECT COUNT(*)${sums.map((x) => `, ${x}`).join('')} FROM requests
     WHERE bundle_id = ? AND created_at >= ? AND created_at < ?`,
    [...params, bundleId, s.since, s.before],
  );
  const row = res[0]?.values[0] ?? [];
  const total = Number(row[0] ?? 0);
  const byLetter = new Map<string, number>();
  for (const p of parts) byLetter.set(p.letter, total);
  counted.forEach((p, i) => byLetter.set(p.letter, Number(row[i + 1] ?? 0)));
  return { total, byLetter };
}

export interface PromiseCounts {
  board: string;
  dueToday: number;
  overdue: number;
  metOnTime: number;
  late: number;
}

const OPEN_STATUSES = "('submitted', 'received', 'accepted', 'in-progress')";

/** One row per board from the open-request counts and the answered-by-date counts. */
export function mergePromiseCounts(
  open: readonly { board: string; dueToday: number; overdue: number }[],
  answered: readonly { board: string; metOnTime: number; late: number }[],
): PromiseCounts[] {
  const out = new Map<string, PromiseCounts>();
  const row = (board: string): PromiseCounts => {
    let r = out.get(board);
    if (!r) {
      r = { board, dueToday: 0, overdue: 0, metOnTime: 0, late: 0 };
      out.set(board, r);
    }
    return r;
  };
  for (const r of open) Object.assign(row(r.board), { dueToday: r.dueToday, overdue: r.overdue });
  for (const r of answered) Object.assign(row(r.board), { metOnTime: r.metOnTime, late: r.late });
  return [...out.values()].sort((a, b) => a.board.localeCompare(b.board));
}

/**
 * Promised dates by board. `dueToday`/`overdue`: requests open now (not completed, returned or
 * cancelled) promised for the as-of day / before it, whenever they were made. `metOnTime`/`late`:
 * requests promised within the period (up to the as-of day), not cancelled, answered (completed
 * or returned) by their date, or answered later or not at all. Two index range reads.
 */
export function promiseCounts(db: Db, s: Span): PromiseCounts[] {
  const open = all<{ board: string; dueToday: number; overdue: number }>(
    db,
    `SELECT board, SUM(due_date = :asOf) AS dueToday, SUM(due_date < :asOf) AS overdue
     FROM requests WHERE status IN ${OPEN_STATUSES} AND due_date <= :asOf GROUP BY board`,
    { ':asOf': s.asOf },
  );
  const onTime = `status IN ('completed', 'returned') AND closed_at IS NOT NULL
    AND date(closed_at, ${local(s.offsetMinutes)}) <= due_date`;
  const answered = all<{ board: string; metOnTime: number; late: number }>(
    db,
    `SELECT board, SUM(${onTime}) AS metOnTime,
       SUM(due_date < :asOf AND NOT (${onTime})) AS late
     FROM requests
     WHERE due_date >= :from AND due_date <= :to AND due_date <= :asOf AND status <> 'cancelled'
     GROUP BY board`,
    { ':asOf': s.asOf, ':from': s.fromDate, ':to': s.toDate },
  );
  return mergePromiseCounts(open, answered);
}

/** 好差评 per level, by the week (its Monday) or by bundle (the kind where there is none). */
export function ratingLevels(
  db: Db,
  s: Span,
  by: 'week' | 'bundle',
): { key: string; level: RatingLevel; n: number }[] {
  const key = by === 'week' ? 'week' : 'COALESCE(bundle_id, request_kind)';
  return all(
    db,
    `SELECT ${key} AS key, level, COUNT(*) AS n FROM ratings
     WHERE rated_at >= ? AND rated_at < ? GROUP BY 1, 2 ORDER BY 1, 2`,
    [s.since, s.before],
  );
}

/**
 * Search texts that found nothing, typed at least `minCount` times, most frequent first. Texts
 * holding five digits in a row, however typed (a phone, an ID or credit code; the catalog does not
 * record them either), are never returned.
 */
export function searchMissTop(
  db: Db,
  s: Span,
  minCount: number,
  limit: number,
): { total: number; top: { key: string; n: number }[] } {
  const total =
    scalar<number>(db, 'SELECT COUNT(*) FROM search_misses WHERE at >= ? AND at < ?', [
      s.since,
      s.before,
    ]) ?? 0;
  // The same test as when a search is recorded (texts kept before it knew every way of typing a
  // number are skipped here too); the texts that repeat are few, so they are read whole.
  const top = all<{ key: string; n: number }>(
    db,
    `SELECT query AS key, COUNT(*) AS n FROM search_misses
     WHERE at >= ? AND at < ?
     GROUP BY query HAVING COUNT(*) >= ? ORDER BY 2 DESC, 1`,
    [s.since, s.before, minCount],
  )
    .filter((r) => !holdsPhoneLikeNumber(r.key))
    .slice(0, limit);
  return { total, top };
}

export interface HealthRow {
  bucket: string;
  printerFaults: number;
  samples: number;
  outageSamples: number;
  backlogMax: number | null;
}

/** Printer faults (events) and health samples per local day, or per local hour. */
export function healthBuckets(db: Db, s: Span, granularity: 'hour' | 'day'): HealthRow[] {
  const fmt = granularity === 'hour' ? '%Y-%m-%d %H' : '%Y-%m-%d';
  const off = local(s.offsetMinutes);
  const faults = all<{ bucket: string; n: number }>(
    db,
    `SELECT strftime('${fmt}', at, ${off}) AS bucket, COUNT(*) AS n FROM events
     WHERE kind = 'printer-fault' AND at >= ? AND at < ? GROUP BY 1`,
    [s.since, s.before],
  );
  const samples = all<{
    bucket: string;
    samples: number;
    outageSamples: number;
    backlogMax: number;
  }>(
    db,
    `SELECT strftime('${fmt}', at, ${off}) AS bucket, COUNT(*) AS samples,
       SUM(back_office = 'down') AS outageSamples, MAX(backlog) AS backlogMax
     FROM health_samples WHERE at >= ? AND at < ? GROUP BY 1`,
    [s.since, s.before],
  );
  const out = new Map<string, HealthRow>();
  const row = (bucket: string): HealthRow => {
    let r = out.get(bucket);
    if (!r) {
      r = { bucket, printerFaults: 0, samples: 0, outageSamples: 0, backlogMax: null };
      out.set(bucket, r);
    }
    return r;
  };
  for (const f of faults) row(f.bucket).printerFaults = f.n;
  for (const x of samples)
    Object.assign(row(x.bucket), {
      samples: x.samples,
      outageSamples: x.outageSamples,
      backlogMax: x.backlogMax,
    });
  return [...out.values()].sort((a, b) => a.bucket.localeCompare(b.bucket));
}

// ---- the health sampler's writes ---------------------------------------------------------------

export interface HealthSample {
  at: string;
  printer: 'ok' | 'fault' | 'unknown';
  backOffice: 'up' | 'down' | 'off';
  backlog: number;
  dead: number;
}

export function insertHealthSample(tx: Db, h: HealthSample): void {
  run(
    tx,
    'INSERT INTO health_samples (at, printer, back_office, backlog, dead) VALUES (?, ?, ?, ?, ?)',
    [h.at, h.printer, h.backOffice, h.backlog, h.dead],
  );
}

/** Deletes samples taken before `before` (ISO 8601); returns how many. */
export function purgeHealthSamples(tx: Db, before: string): number {
  return run(tx, 'DELETE FROM health_samples WHERE at < ?', [before]);
}

export function countHealthSamplesBefore(db: Db, before: string): number {
  return scalar<number>(db, 'SELECT COUNT(*) FROM health_samples WHERE at < ?', [before]) ?? 0;
}

/** Whether a table exists (a database read by kioskctl may predate it). */
export function hasTable(db: Db, name: string): boolean {
  return (
    scalar(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]) !==
    undefined
  );
}
