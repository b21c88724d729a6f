// SQL for 一屏总览 (issue 9): aggregates only. Every query returns counts grouped by a day, an
// hour, a bundle, a board, a week or a search text: never a ticket, an enterprise, a contact or a
// staff id. Times are stored as UTC ISO 8601; the center's local day and hour are taken with a
// fixed offset (`offsetMinutes`, the center's zone at the period: China has no daylight saving).
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

/** Requests per local day, and of them those counted after hours (promise.reason ≠ in-hours). */
export function requestsByDay(
  db: Db,
  s: Span,
): { date: string; total: number; afterHours: number }[] {
  return all(
    db,
    `SELECT date(created_at, ${local(s.offsetMinutes)}) AS date, COUNT(*) AS total,
       SUM(json_extract(promise, '$.reason') <> 'in-hours') AS afterHours
     FROM requests WHERE created_at >= ? AND created_at < ?
     GROUP BY 1 ORDER BY 1`,
    [s.since, s.before],
  );
}

/** Requests per local hour of day (0–23). */
export function requestsByHour(
  db: Db,
  s: Span,
): { hour: number; total: number; afterHours: number }[] {
  return all(
    db,
    `SELECT CAST(strftime('%H', created_at, ${local(s.offsetMinutes)}) AS INTEGER) AS hour,
       COUNT(*) AS total, SUM(json_extract(promise, '$.reason') <> 'in-hours') AS afterHours
     FROM requests WHERE created_at >= ? AND created_at < ?
     GROUP BY 1 ORDER BY 1`,
    [s.since, s.before],
  );
}

/** Requests per bundle; a consultation or 诉求 (no bundle) counts under its kind. */
export function requestsByBundle(db: Db, s: Span): { key: string; n: number }[] {
  return all(
    db,
    `SELECT COALESCE(bundle_id, kind) AS key, COUNT(*) AS n FROM requests
     WHERE created_at >= ? AND created_at < ? GROUP BY 1 ORDER BY 2 DESC, 1`,
    [s.since, s.before],
  );
}

export function requestsByBoard(db: Db, s: Span): { key: string; n: number }[] {
  return all(
    db,
    `SELECT board AS key, COUNT(*) AS n FROM requests
     WHERE created_at >= ? AND created_at < ? GROUP BY 1 ORDER BY 2 DESC, 1`,
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
 * every request of the bundle. Also returns the bundle's total.
 */
export function bundlePartCounts(
  db: Db,
  s: Span,
  bundleId: string,
  parts: readonly PartRule[],
): { total: number; byLetter: Map<string, number> } {
  const total =
    scalar<number>(
      db,
      `SELECT COUNT(*) FROM requests
       WHERE bundle_id = ? AND created_at >= ? AND created_at < ?`,
      [bundleId, s.since, s.before],
    ) ?? 0;
  const byLetter = new Map<string, number>();
  const conds: string[] = [];
  const params: (string | number)[] = [];
  const letters: string[] = [];
  for (const p of parts) {
    if (p.names.length === 0 && p.question === null) {
      byLetter.set(p.letter, total);
      continue;
    }
    const alts: string[] = [];
    if (p.names.length) {
      alts.push(
        `EXISTS (SELECT 1 FROM json_each(r.services) j
           WHERE json_extract(j.value, '$.name') IN (${p.names.map(() => '?').join(', ')}))`,
      );
      params.push(...p.names);
    }
    if (p.question !== null) {
      alts.push(`json_extract(r.answers, ?) = 1`);
      params.push(`$."${p.question.replace(/"/g, '')}"`);
    }
    conds.push(`SUM(${alts.join(' OR ')})`);
    letters.push(p.letter);
  }
  if (conds.length) {
    const res = db.exec(
      `SELECT ${conds.join(', ')} FROM requests r
       WHERE r.bundle_id = ? AND r.created_at >= ? AND r.created_at < ?`,
      [...params, bundleId, s.since, s.before],
    );
    const row = res[0]?.values[0] ?? [];
    letters.forEach((l, i) => byLetter.set(l, Number(row[i] ?? 0)));
  }
  return { total, byLetter };
}

export interface PromiseCounts {
  board: string;
  dueToday: number;
  overdue: number;
  metOnTime: number;
  late: number;
}

/**
 * Promised dates by board. `dueToday`/`overdue`: requests open now (not completed, returned or
 * cancelled) promised for the as-of day / before it, whenever they were made. `metOnTime`/`late`:
 * requests promised within the period (up to the as-of day), not cancelled, answered (completed
 * or returned) by their date, or answered later or not at all.
 */
export function promiseCounts(db: Db, s: Span): PromiseCounts[] {
  const closedLocal = `date(closed_at, ${local(s.offsetMinutes)})`;
  const open = `status NOT IN ('completed', 'returned', 'cancelled')`;
  const answered = `status IN ('completed', 'returned') AND closed_at IS NOT NULL`;
  return all<PromiseCounts>(
    db,
    `SELECT board,
       SUM(${open} AND due_date = :asOf) AS dueToday,
       SUM(${open} AND due_date < :asOf) AS overdue,
       SUM(due_date BETWEEN :from AND :to AND due_date <= :asOf AND ${answered}
           AND ${closedLocal} <= due_date) AS metOnTime,
       SUM(due_date BETWEEN :from AND :to AND due_date < :asOf AND status <> 'cancelled'
           AND NOT (${answered} AND ${closedLocal} <= due_date)) AS late
     FROM requests
     WHERE (${open} AND due_date <= :asOf) OR (due_date BETWEEN :from AND :to)
     GROUP BY board ORDER BY board`,
    { ':asOf': s.asOf, ':from': s.fromDate, ':to': s.toDate },
  ).map((r) => ({
    board: r.board,
    dueToday: r.dueToday ?? 0,
    overdue: r.overdue ?? 0,
    metOnTime: r.metOnTime ?? 0,
    late: r.late ?? 0,
  }));
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
 * holding five digits in a row (a phone, an ID or credit code being typed; the catalog does not
 * record them either) are never returned.
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
  const top = all<{ key: string; n: number }>(
    db,
    `SELECT query AS key, COUNT(*) AS n FROM search_misses
     WHERE at >= ? AND at < ? AND query NOT GLOB '*[0-9][0-9][0-9][0-9][0-9]*'
     GROUP BY query HAVING COUNT(*) >= ? ORDER BY 2 DESC, 1 LIMIT ?`,
    [s.since, s.before, minCount, limit],
  );
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
