// 一屏总览's figures for a range of local dates, from the repository's aggregates: shared by guide
// mode (the dashboard service) and `kioskctl report` (a read-only snapshot), so both show the same
// numbers. Labels come from the catalog; nothing personal is read or returned.
// The request and rating figures come from the summary tables (migration 012, kept by triggers)
// when they answer for the period (same zone offset; the same package-part rules as the catalog's),
// otherwise from the rows themselves: the same numbers either way (tests compare both).
import {
  datesBetween,
  type DashboardFigures,
  type KeyCount,
  type LevelRow,
  type PromiseRow,
} from '../../domain/dashboard';
import { RATING_LEVELS, type RatingLevel } from '../../domain/voice';
import type { CatalogService } from '../catalog/catalog-service';
import { addDays, instantOf } from '../calendar/wall-clock';
import type { Db } from '../storage/sql';
import {
  bundlePartCounts,
  hasTable,
  healthBuckets,
  promiseCounts,
  ratingLevels,
  requestsByBundleAndBoard,
  requestsByLocalHour,
  searchMissTop,
  type PartRule,
  type Span,
} from './dashboard-repository';
import {
  partRuleRows,
  summariesServe,
  summaryBundlePartCounts,
  summaryPromiseCounts,
  summaryRatingLevels,
  summaryRequestsByBundleAndBoard,
  summaryRequestsByLocalHour,
  type PartRuleRow,
} from './dashboard-summary-repository';

/** The bundle whose package parts (证照章金银税码) the dashboard counts. */
export const STARTUP_BUNDLE_ID = 'business-startup';
/** Search texts shown at most. */
export const SEARCH_MISS_LIMIT = 20;

export interface FigureLabels {
  bundle(id: string): string | null;
  board(id: string): string | null;
  /** The startup bundle's parts, in the package's order. */
  startupParts: readonly (PartRule & { what: string })[];
}

/** Labels and package parts from the catalog in use. */
export function catalogLabels(catalog: Pick<CatalogService, 'bundle' | 'boards'>): FigureLabels {
  const boards = new Map(catalog.boards().map((b) => [b.id as string, b.fullName]));
  const startup = catalog.bundle(STARTUP_BUNDLE_ID);
  const questions = new Map(
    (startup?.guidance.questions ?? []).map((q) => [q.id, q.yesAdds.map((a) => a.name)]),
  );
  return {
    bundle: (id) => catalog.bundle(id)?.name ?? null,
    board: (id) => boards.get(id) ?? null,
    startupParts: (startup?.model?.parts ?? []).map((p) => ({
      letter: p.letter,
      what: p.what,
      names: [
        ...p.basicServices,
        ...p.valueAddedServices,
        ...(p.whenQuestion ? (questions.get(p.whenQuestion) ?? []) : []),
      ],
      question: p.whenQuestion ?? null,
    })),
  };
}

export interface FigureOptions {
  /** Inclusive local dates. */
  from: string;
  to: string;
  /** The local day the open requests are judged on (today, or `to` when that is earlier). */
  asOf: string;
  timeZone: string;
  now: Date;
  labels: FigureLabels;
  searchMissMinCount: number;
  healthSampleMinutes: number;
  /**
   * Where request and rating figures come from: the summary tables when they answer for the
   * period, else the rows ('auto', the default), or always the rows ('rows': tests compare both).
   */
  source?: 'auto' | 'rows';
}

/** The span of local dates [from, to] as UTC instants, with the zone's offset. */
export function spanOf(from: string, to: string, asOf: string, timeZone: string): Span {
  const since = instantOf(from, 0, timeZone);
  const before = instantOf(addDays(to, 1), 0, timeZone);
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  return {
    since: since.toISOString(),
    before: before.toISOString(),
    fromDate: from,
    toDate: to,
    asOf,
    offsetMinutes: Math.round((Date.UTC(y, m - 1, d) - since.getTime()) / 60_000),
  };
}

/**
 * What the summary tables must be taken in for these figures: the zone's offset on `today` and the
 * startup bundle's part rules from the catalog (what the dashboard service stores at start).
 */
export function summaryTarget(
  labels: FigureLabels,
  timeZone: string,
  today: string,
): { offsetMinutes: number; rules: PartRuleRow[] } {
  return {
    offsetMinutes: spanOf(today, today, today, timeZone).offsetMinutes,
    rules: partRuleRows(STARTUP_BUNDLE_ID, labels.startupParts),
  };
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function levelRows(
  rows: { key: string; level: RatingLevel; n: number }[],
  label: (key: string) => string | null,
): LevelRow[] {
  const byKey = new Map<string, LevelRow>();
  for (const r of rows) {
    let row = byKey.get(r.key);
    if (!row) {
      row = {
        key: r.key,
        label: label(r.key),
        levels: Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as Record<RatingLevel, number>,
        total: 0,
      };
      byKey.set(r.key, row);
    }
    row.levels[r.level] += r.n;
    row.total += r.n;
  }
  return [...byKey.values()];
}

/** Searches that found nothing in the period: how many, and the texts typed often enough. */
export function searchMissFigures(
  db: Db,
  o: Pick<FigureOptions, 'from' | 'to' | 'asOf' | 'timeZone' | 'searchMissMinCount'>,
): DashboardFigures['searchMisses'] {
  const misses = hasTable(db, 'search_misses')
    ? searchMissTop(
        db,
        spanOf(o.from, o.to, o.asOf, o.timeZone),
        o.searchMissMinCount,
        SEARCH_MISS_LIMIT,
      )
    : { total: 0, top: [] };
  return {
    total: misses.total,
    minCount: o.searchMissMinCount,
    top: misses.top.map((m) => ({ key: m.key, label: null, n: m.n })),
  };
}

export function computeFigures(db: Db, o: FigureOptions): DashboardFigures {
  const span = spanOf(o.from, o.to, o.asOf, o.timeZone);
  const dates = datesBetween(o.from, o.to);
  const has = (t: string) => hasTable(db, t);
  const summaries = o.source !== 'rows' && summariesServe(db, span);

  // Requests
  const hasRequests = has('requests');
  const byLocalHour = summaries ? summaryRequestsByLocalHour : requestsByLocalHour;
  const byBundleAndBoard = summaries ? summaryRequestsByBundleAndBoard : requestsByBundleAndBoard;
  const byDay = dates.map((date) => ({ date, total: 0, afterHours: 0 }));
  const dayIndex = new Map(dates.map((d, i) => [d, i]));
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, total: 0, afterHours: 0 }));
  for (const r of hasRequests ? byLocalHour(db, span) : []) {
    const d = byDay[dayIndex.get(r.date) ?? -1];
    const h = byHour[r.hour];
    for (const x of [d, h]) {
      if (!x) continue;
      x.total += r.total;
      x.afterHours += r.afterHours;
    }
  }
  const total = byDay.reduce((n, d) => n + d.total, 0);
  const afterHours = byDay.reduce((n, d) => n + d.afterHours, 0);
  const bundleCounts = new Map<string, number>();
  const boardCounts = new Map<string, number>();
  for (const r of hasRequests ? byBundleAndBoard(db, span) : []) {
    bundleCounts.set(r.bundle, (bundleCounts.get(r.bundle) ?? 0) + r.n);
    boardCounts.set(r.board, (boardCounts.get(r.board) ?? 0) + r.n);
  }
  /** Most requested first (then by key). */
  const keyed = (counts: Map<string, number>, label: (k: string) => string | null) =>
    [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([key, n]): KeyCount => ({ key, label: label(key), n }));
  const startup = hasRequests
    ? ((summaries
        ? summaryBundlePartCounts(db, span, STARTUP_BUNDLE_ID, o.labels.startupParts)
        : null) ?? bundlePartCounts(db, span, STARTUP_BUNDLE_ID, o.labels.startupParts))
    : { total: 0, byLetter: new Map<string, number>() };

  // Promised dates
  const promiseRows: PromiseRow[] = (
    hasRequests ? (summaries ? summaryPromiseCounts : promiseCounts)(db, span) : []
  ).map((p) => ({
    key: p.board,
    label: o.labels.board(p.board),
    dueToday: p.dueToday,
    overdue: p.overdue,
    metOnTime: p.metOnTime,
    late: p.late,
    metShare: share(p.metOnTime, p.metOnTime + p.late),
  }));
  const sum = (k: 'dueToday' | 'overdue' | 'metOnTime' | 'late') =>
    promiseRows.reduce((n, r) => n + r[k], 0);
  const promiseTotal: PromiseRow = {
    key: 'all',
    label: null,
    dueToday: sum('dueToday'),
    overdue: sum('overdue'),
    metOnTime: sum('metOnTime'),
    late: sum('late'),
    metShare: share(sum('metOnTime'), sum('metOnTime') + sum('late')),
  };

  // 好差评
  const hasRatings = has('ratings');
  const levels = summaries ? summaryRatingLevels : ratingLevels;
  const byWeek = levelRows(hasRatings ? levels(db, span, 'week') : [], () => null);
  const byBundle = levelRows(hasRatings ? levels(db, span, 'bundle') : [], (k) =>
    o.labels.bundle(k),
  ).sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));

  // Health over time: hours for a one-day period, days otherwise; every bucket shown.
  const granularity = dates.length === 1 ? 'hour' : 'day';
  const rows = new Map(
    (has('health_samples') ? healthBuckets(db, span, granularity) : []).map((r) => [r.bucket, r]),
  );
  const bucketKeys =
    granularity === 'hour'
      ? Array.from({ length: 24 }, (_, h) => `${o.from} ${String(h).padStart(2, '0')}`)
      : dates;
  const buckets = bucketKeys.map(
    (bucket) =>
      rows.get(bucket) ?? {
        bucket,
        printerFaults: 0,
        samples: 0,
        outageSamples: 0,
        backlogMax: null,
      },
  );

  return {
    from: o.from,
    to: o.to,
    asOf: o.asOf,
    days: dates.length,
    timeZone: o.timeZone,
    generatedAt: o.now.toISOString(),
    requests: {
      total,
      afterHours,
      afterHoursShare: share(afterHours, total),
      byDay,
      byHour,
      byBundle: keyed(bundleCounts, o.labels.bundle),
      byBoard: keyed(boardCounts, o.labels.board),
      startupTotal: startup.total,
      startupParts: o.labels.startupParts.map((p) => ({
        letter: p.letter,
        what: p.what,
        n: startup.byLetter.get(p.letter) ?? 0,
      })),
    },
    promises: { byBoard: promiseRows, total: promiseTotal },
    satisfaction: {
      total: byWeek.reduce((n, r) => n + r.total, 0),
      byWeek,
      byBundle,
    },
    searchMisses: searchMissFigures(db, o),
    health: { granularity, sampleMinutes: o.healthSampleMinutes, buckets },
  };
}
