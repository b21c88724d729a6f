// SQL for 一屏总览's summary tables (migration 012): the same aggregates as dashboard-repository.ts
// computes from the rows, read from per-day / per-hour sums that triggers on `requests` and
// `ratings` keep in the writing transaction. Also what the dashboard service writes at start: the
// zone the sums are taken in and the package-part rules from the catalog, rebuilding the sums
// from the rows when either changed. Counts only: nothing personal is read or returned.
import type { RatingLevel } from '../../domain/voice';
import { all, run, scalar, type Db } from '../storage/sql';
import {
  mergePromiseCounts,
  type PartRule,
  type PromiseCounts,
  type Span,
} from './dashboard-repository';

/** One row of dash_part_rules: a service (a `"name":"…"` member) or an answer (a JSON path). */
export interface PartRuleRow {
  bundleId: string;
  letter: string;
  kind: 'service' | 'answer';
  needle: string;
}

/** The rules of a bundle's parts as stored, in a stable order (what bundlePartCounts matches). */
export function partRuleRows(bundleId: string, parts: readonly PartRule[]): PartRuleRow[] {
  const rows = new Map<string, PartRuleRow>();
  for (const p of parts) {
    const add = (kind: PartRuleRow['kind'], needle: string) =>
      rows.set(JSON.stringify([p.letter, kind, needle]), {
        bundleId,
        letter: p.letter,
        kind,
        needle,
      });
    for (const n of p.names) add('service', `"name":${JSON.stringify(n)}`);
    if (p.question !== null) add('answer', `$."${p.question.replace(/"/g, '')}"`);
  }
  return sortRules([...rows.values()]);
}

const ruleKey = (r: PartRuleRow) => JSON.stringify([r.bundleId, r.letter, r.kind, r.needle]);
const sortRules = (rows: PartRuleRow[]) =>
  rows.sort((a, b) => (ruleKey(a) < ruleKey(b) ? -1 : ruleKey(a) > ruleKey(b) ? 1 : 0));

export const zoneModifier = (offsetMinutes: number) =>
  `${offsetMinutes >= 0 ? '+' : ''}${Math.trunc(offsetMinutes)} minutes`;

/** Whether the database has the summary tables (one read by an older kioskctl may not). */
export function hasSummaries(db: Db): boolean {
  return (
    scalar(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dash_zone'") !==
    undefined
  );
}

/** The UTC offset the summaries are taken in (null when unset). */
export function summaryOffset(db: Db): number | null {
  return scalar<number>(db, 'SELECT offset_minutes FROM dash_zone WHERE id = 1') ?? null;
}

export function storedPartRules(db: Db, bundleId?: string): PartRuleRow[] {
  return sortRules(
    all<PartRuleRow>(
      db,
      `SELECT bundle_id AS bundleId, letter, kind, needle FROM dash_part_rules
       ${bundleId === undefined ? '' : 'WHERE bundle_id = ?'}`,
      bundleId === undefined ? undefined : [bundleId],
    ),
  );
}

export const sameRules = (a: readonly PartRuleRow[], b: readonly PartRuleRow[]): boolean =>
  a.length === b.length && a.every((r, i) => ruleKey(r) === ruleKey(b[i] as PartRuleRow));

/** Recomputes the part sums from the rows, with the stored rules. */
export function rebuildPartSums(tx: Db): void {
  run(tx, 'DELETE FROM dash_part_days');
  run(
    tx,
    `INSERT INTO dash_part_days (local_date, bundle_id, letter, n)
     SELECT date(q.created_at, z.modifier), q.bundle_id, l.letter, COUNT(*)
     FROM (SELECT DISTINCT bundle_id, letter FROM dash_part_rules) l
       JOIN requests q ON q.bundle_id = l.bundle_id
       CROSS JOIN dash_zone z
     WHERE EXISTS (SELECT 1 FROM dash_part_rules r
       WHERE r.bundle_id = l.bundle_id AND r.letter = l.letter
         AND CASE r.kind WHEN 'service' THEN instr(q.services, r.needle) > 0
           ELSE json_extract(q.answers, r.needle) = 1 END)
     GROUP BY 1, 2, 3`,
  );
}

/** Recomputes every summary from the rows, in the stored zone (what migration 012 backfilled). */
export function rebuildSummaries(tx: Db): void {
  for (const t of ['dash_request_hours', 'dash_request_days', 'dash_promises', 'dash_rating_days'])
    run(tx, `DELETE FROM ${t}`);
  const z = '(SELECT modifier FROM dash_zone WHERE id = 1)';
  run(
    tx,
    `INSERT INTO dash_request_hours (local_hour, n, after_hours)
     SELECT strftime('%Y-%m-%d %H', created_at, ${z}), COUNT(*),
       SUM(IFNULL(json_extract(promise, '$.reason') <> 'in-hours', 0))
     FROM requests GROUP BY 1`,
  );
  run(
    tx,
    `INSERT INTO dash_request_days (local_date, bundle, board, n)
     SELECT date(created_at, ${z}), COALESCE(bundle_id, kind), board, COUNT(*)
     FROM requests GROUP BY 1, 2, 3`,
  );
  run(
    tx,
    `INSERT INTO dash_promises (due_date, board, open_n, on_time, not_cancelled)
     SELECT due_date, board,
       SUM(status IN ('submitted', 'received', 'accepted', 'in-progress')),
       SUM(IFNULL(status IN ('completed', 'returned') AND closed_at IS NOT NULL
         AND date(closed_at, ${z}) <= due_date, 0)),
       SUM(status <> 'cancelled')
     FROM requests WHERE status <> 'cancelled' GROUP BY 1, 2`,
  );
  run(
    tx,
    `INSERT INTO dash_rating_days (local_date, week, bundle, level, n)
     SELECT date(rated_at, ${z}), week, COALESCE(bundle_id, request_kind), level, COUNT(*)
     FROM ratings GROUP BY 1, 2, 3, 4`,
  );
  rebuildPartSums(tx);
}

/**
 * The request sums of a database, row for row: what an archive file adds to the hot database's
 * sums when they are rebuilt from the rows (the hot database keeps counting archived requests, but
 * a rebuild sees only the rows it holds). Ratings are never archived.
 */
export interface RequestSums {
  hours: { local_hour: string; n: number; after_hours: number }[];
  days: { local_date: string; bundle: string; board: string; n: number }[];
  parts: { local_date: string; bundle_id: string; letter: string; n: number }[];
  promises: {
    due_date: string;
    board: string;
    open_n: number;
    on_time: number;
    not_cancelled: number;
  }[];
}

export const emptyRequestSums = (): RequestSums => ({
  hours: [],
  days: [],
  parts: [],
  promises: [],
});

export function requestSums(db: Db): RequestSums {
  return {
    hours: all(db, 'SELECT local_hour, n, after_hours FROM dash_request_hours'),
    days: all(db, 'SELECT local_date, bundle, board, n FROM dash_request_days'),
    parts: all(db, 'SELECT local_date, bundle_id, letter, n FROM dash_part_days'),
    promises: all(db, 'SELECT due_date, board, open_n, on_time, not_cancelled FROM dash_promises'),
  };
}

/** Adds sums (of archived requests) to the stored ones; `only: 'parts'` adds the part sums alone. */
export function addRequestSums(tx: Db, sums: RequestSums, only?: 'parts'): void {
  for (const r of sums.parts)
    run(
      tx,
      `INSERT INTO dash_part_days (local_date, bundle_id, letter, n) VALUES (?, ?, ?, ?)
       ON CONFLICT (local_date, bundle_id, letter) DO UPDATE SET n = n + excluded.n`,
      [r.local_date, r.bundle_id, r.letter, r.n],
    );
  if (only === 'parts') return;
  for (const r of sums.hours)
    run(
      tx,
      `INSERT INTO dash_request_hours (local_hour, n, after_hours) VALUES (?, ?, ?)
       ON CONFLICT (local_hour) DO UPDATE
         SET n = n + excluded.n, after_hours = after_hours + excluded.after_hours`,
      [r.local_hour, r.n, r.after_hours],
    );
  for (const r of sums.days)
    run(
      tx,
      `INSERT INTO dash_request_days (local_date, bundle, board, n) VALUES (?, ?, ?, ?)
       ON CONFLICT (local_date, bundle, board) DO UPDATE SET n = n + excluded.n`,
      [r.local_date, r.bundle, r.board, r.n],
    );
  for (const r of sums.promises)
    run(
      tx,
      `INSERT INTO dash_promises (due_date, board, open_n, on_time, not_cancelled)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (due_date, board) DO UPDATE SET open_n = open_n + excluded.open_n,
         on_time = on_time + excluded.on_time, not_cancelled = not_cancelled + excluded.not_cancelled`,
      [r.due_date, r.board, r.open_n, r.on_time, r.not_cancelled],
    );
}

/** Adds one database's sums to another's, in memory (the archive's months, one by one). */
export function mergeRequestSums(into: RequestSums, more: RequestSums): void {
  into.hours.push(...more.hours);
  into.days.push(...more.days);
  into.parts.push(...more.parts);
  into.promises.push(...more.promises);
}

/** What a sync found and did. */
export type SummarySync = 'current' | 'parts-rebuilt' | 'all-rebuilt';

/** Whether the stored zone and rules already match (a read: no write needed then). */
export function summariesCurrent(db: Db, offsetMinutes: number, rules: PartRuleRow[]): boolean {
  return summaryOffset(db) === offsetMinutes && sameRules(storedPartRules(db), sortRules(rules));
}

/**
 * Stores the zone and the part rules (all bundles' rules: `rules` replaces every stored one) and
 * rebuilds what they change: every sum for another zone, the part sums for other rules.
 */
export function syncSummaries(
  tx: Db,
  offsetMinutes: number,
  rules: PartRuleRow[],
  archived: RequestSums = emptyRequestSums(),
): SummarySync {
  const zoneChanged = summaryOffset(tx) !== offsetMinutes;
  const rulesChanged = !sameRules(storedPartRules(tx), sortRules([...rules]));
  if (!zoneChanged && !rulesChanged) return 'current';
  if (zoneChanged)
    run(
      tx,
      `INSERT INTO dash_zone (id, offset_minutes, modifier) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET offset_minutes = excluded.offset_minutes,
         modifier = excluded.modifier`,
      [offsetMinutes, zoneModifier(offsetMinutes)],
    );
  if (rulesChanged) {
    run(tx, 'DELETE FROM dash_part_rules');
    for (const r of rules)
      run(
        tx,
        'INSERT OR IGNORE INTO dash_part_rules (bundle_id, letter, kind, needle) VALUES (?, ?, ?, ?)',
        [r.bundleId, r.letter, r.kind, r.needle],
      );
  }
  if (zoneChanged) {
    rebuildSummaries(tx);
    addRequestSums(tx, archived);
    return 'all-rebuilt';
  }
  rebuildPartSums(tx);
  addRequestSums(tx, archived, 'parts');
  return 'parts-rebuilt';
}

// ---- the figures' reads ------------------------------------------------------------------------

const nextDay = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
};

/**
 * Whether the sums answer for this span: taken in its zone's offset, and the span is whole local
 * days at that offset throughout (no change of offset inside it).
 */
export function summariesServe(db: Db, s: Span): boolean {
  if (!hasSummaries(db) || summaryOffset(db) !== s.offsetMinutes) return false;
  const at = (date: string) => Date.parse(`${date}T00:00:00Z`) - s.offsetMinutes * 60_000;
  return Date.parse(s.since) === at(s.fromDate) && Date.parse(s.before) === at(nextDay(s.toDate));
}

/** As requestsByLocalHour, from the hourly sums. */
export function summaryRequestsByLocalHour(
  db: Db,
  s: Span,
): { date: string; hour: number; total: number; afterHours: number }[] {
  return all<{ h: string; total: number; afterHours: number }>(
    db,
    `SELECT local_hour AS h, n AS total, after_hours AS afterHours FROM dash_request_hours
     WHERE local_hour >= ? AND local_hour < ? AND n > 0 ORDER BY 1`,
    [s.fromDate, nextDay(s.toDate)],
  ).map((r) => ({
    date: r.h.slice(0, 10),
    hour: Number(r.h.slice(11, 13)),
    total: r.total,
    afterHours: r.afterHours,
  }));
}

/** As requestsByBundleAndBoard, from the daily sums. */
export function summaryRequestsByBundleAndBoard(
  db: Db,
  s: Span,
): { bundle: string; board: string; n: number }[] {
  return all(
    db,
    `SELECT bundle, board, SUM(n) AS n FROM dash_request_days
     WHERE local_date >= ? AND local_date <= ? GROUP BY 1, 2 HAVING SUM(n) > 0`,
    [s.fromDate, s.toDate],
  );
}

/**
 * As bundlePartCounts, from the daily part sums: only when the stored rules of the bundle are
 * exactly `parts` (else null: the caller counts from the rows).
 */
export function summaryBundlePartCounts(
  db: Db,
  s: Span,
  bundleId: string,
  parts: readonly PartRule[],
): { total: number; byLetter: Map<string, number> } | null {
  if (!sameRules(storedPartRules(db, bundleId), partRuleRows(bundleId, parts))) return null;
  const total =
    scalar<number>(
      db,
      `SELECT SUM(n) FROM dash_request_days
       WHERE bundle = ? AND local_date >= ? AND local_date <= ?`,
      [bundleId, s.fromDate, s.toDate],
    ) ?? 0;
  const counted = new Map(
    all<{ letter: string; n: number }>(
      db,
      `SELECT letter, SUM(n) AS n FROM dash_part_days
       WHERE bundle_id = ? AND local_date >= ? AND local_date <= ? GROUP BY letter`,
      [bundleId, s.fromDate, s.toDate],
    ).map((r) => [r.letter, r.n]),
  );
  const byLetter = new Map<string, number>();
  for (const p of parts)
    byLetter.set(
      p.letter,
      p.names.length > 0 || p.question !== null ? (counted.get(p.letter) ?? 0) : total,
    );
  return { total, byLetter };
}

/** As promiseCounts, from the sums per promised date and board. */
export function summaryPromiseCounts(db: Db, s: Span): PromiseCounts[] {
  const open = all<{ board: string; dueToday: number; overdue: number }>(
    db,
    `SELECT board, SUM((due_date = :asOf) * open_n) AS dueToday,
       SUM((due_date < :asOf) * open_n) AS overdue
     FROM dash_promises WHERE due_date <= :asOf GROUP BY board HAVING SUM(open_n) > 0`,
    { ':asOf': s.asOf },
  );
  const answered = all<{ board: string; metOnTime: number; late: number }>(
    db,
    `SELECT board, SUM(on_time) AS metOnTime,
       SUM((due_date < :asOf) * (not_cancelled - on_time)) AS late
     FROM dash_promises WHERE due_date >= :from AND due_date <= :to AND due_date <= :asOf
     GROUP BY board HAVING SUM(not_cancelled) > 0`,
    { ':asOf': s.asOf, ':from': s.fromDate, ':to': s.toDate },
  );
  return mergePromiseCounts(open, answered);
}

/** As ratingLevels, from the daily sums. */
export function summaryRatingLevels(
  db: Db,
  s: Span,
  by: 'week' | 'bundle',
): { key: string; level: RatingLevel; n: number }[] {
  return all(
    db,
    `SELECT ${by === 'week' ? 'week' : 'bundle'} AS key, level, SUM(n) AS n FROM dash_rating_days
     WHERE local_date >= ? AND local_date <= ? GROUP BY 1, 2 HAVING SUM(n) > 0 ORDER BY 1, 2`,
    [s.fromDate, s.toDate],
  );
}
