// 一屏总览's summary tables (migration 012): the triggers keep them equal to a rebuild from the rows,
// and the figures read from them equal the figures computed from the rows — on the generated set,
// after random inserts, status changes, cancellations, answers, personal-data purges, ratings,
// edits and deletions; the migration's backfill; a change of zone or of the package-part rules;
// and the dashboard service's sync at start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardFigures } from '../../../../electron/domain/dashboard';
import { CLOSED_STATUSES, REQUEST_STATUSES } from '../../../../electron/domain/request';
import { RATING_LEVELS, RATING_SCORE, weekOf } from '../../../../electron/domain/voice';
import { createCatalogService } from '../../../../electron/services/catalog/catalog-service';
import { loadCatalog } from '../../../../electron/services/catalog/load';
import {
  catalogLabels,
  computeFigures,
  spanOf,
  summaryTarget,
  type FigureLabels,
} from '../../../../electron/services/dashboard/dashboard-figures';
import { createDashboardService } from '../../../../electron/services/dashboard/dashboard-service';
import {
  rebuildSummaries,
  storedPartRules,
  summariesCurrent,
  summariesServe,
  summaryBundlePartCounts,
  summaryOffset,
  syncSummaries,
} from '../../../../electron/services/dashboard/dashboard-summary-repository';
import { createMemoryLogger } from '../../../../electron/services/logger';
import {
  getRequest,
  insertRequest,
  markSent,
  personalDataDue,
  purgePersonalData,
  setStatus,
} from '../../../../electron/services/requests/request-repository';
import { openDatabase } from '../../../../electron/services/storage/database';
import { migrate } from '../../../../electron/services/storage/migrate';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations/index';
import { all, run } from '../../../../electron/services/storage/sql';
import { loadSqlJs } from '../../../../electron/services/storage/sqljs';
import {
  insertRating,
  markRatingSent,
} from '../../../../electron/services/voice/rating-repository';
import { addDays, generate, rng, TZ } from '../../../support/dashboard-data';

const TODAY = '2026-03-18';
const SUMMARY_TABLES = [
  'dash_request_hours',
  'dash_request_days',
  'dash_part_days',
  'dash_promises',
  'dash_rating_days',
];
const PERIODS: [string, string, string][] = [
  [TODAY, TODAY, TODAY],
  [addDays(TODAY, -6), TODAY, TODAY],
  [addDays(TODAY, -29), TODAY, TODAY],
  [addDays(TODAY, -40), addDays(TODAY, -20), addDays(TODAY, -20)],
  // A period judged on an earlier day (as kioskctl report does for a past `to`), and one reaching
  // past the data on both sides.
  [addDays(TODAY, -10), addDays(TODAY, -3), addDays(TODAY, -5)],
  [addDays(TODAY, -90), addDays(TODAY, 5), TODAY],
];

let SQL: Awaited<ReturnType<typeof loadSqlJs>>;
let labels: FigureLabels;
let bundles: ReturnType<typeof loadCatalog>['catalog']['bundles'];

beforeAll(async () => {
  SQL = await loadSqlJs();
  const loaded = loadCatalog();
  bundles = loaded.catalog.bundles;
  labels = catalogLabels(createCatalogService(loaded, { defaultFeedbackDays: 3 }));
});

function figures(
  db: Database,
  [from, to, asOf]: [string, string, string],
  source: 'auto' | 'rows',
  timeZone = TZ,
  l: FigureLabels = labels,
): DashboardFigures {
  return computeFigures(db, {
    from,
    to,
    asOf,
    timeZone,
    now: new Date('2026-03-18T04:00:00Z'),
    labels: l,
    searchMissMinCount: 2,
    healthSampleMinutes: 10,
    source,
  });
}

/** Every summary table's rows, in order. */
function tables(db: Database): Record<string, unknown[]> {
  return Object.fromEntries(
    SUMMARY_TABLES.map((t) => [t, all(db, `SELECT * FROM ${t} ORDER BY 1, 2, 3`)]),
  );
}

/** The summary tables as a rebuild from the rows makes them (the database is left unchanged). */
function rebuilt(db: Database): Record<string, unknown[]> {
  db.run('SAVEPOINT rebuild');
  try {
    rebuildSummaries(db);
    return tables(db);
  } finally {
    db.run('ROLLBACK TO rebuild');
    db.run('RELEASE rebuild');
  }
}

function expectSame(db: Database, timeZone = TZ, l: FigureLabels = labels): void {
  expect(tables(db)).toEqual(rebuilt(db));
  for (const p of PERIODS) {
    const [from, to, asOf] = p;
    expect(summariesServe(db, spanOf(from, to, asOf, timeZone))).toBe(true);
    expect(figures(db, p, 'auto', timeZone, l)).toEqual(figures(db, p, 'rows', timeZone, l));
  }
}

function freshDb(n = 2000, seed = 20260318, sync = true): Database {
  const db = new SQL.Database();
  migrate(db, MIGRATIONS, () => new Date());
  if (sync) {
    const target = summaryTarget(labels, TZ, TODAY);
    syncSummaries(db, target.offsetMinutes, target.rules);
  }
  db.run('BEGIN');
  generate(db, { n, today: TODAY, spanDays: 45, seed, bundles, labels });
  db.run('COMMIT');
  return db;
}

const iso = (ms: number) => new Date(ms).toISOString();
const instantOfDay = (date: string, r: () => number) =>
  iso(Date.parse(`${date}T00:00:00Z`) - 8 * 3_600_000 + Math.floor(r() * 86_400_000));

/** Random writes through the repositories (and a few by SQL that no write path does yet). */
function mutate(db: Database, seed: number, steps: number): Record<string, number> {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const ids = () => all<{ id: string }>(db, 'SELECT id FROM requests').map((x) => x.id);
  const done: Record<string, number> = {};
  let k = 0;
  db.run('BEGIN');
  try {
    for (let i = 0; i < steps; i++) {
      const roll = r();
      const id = pick(ids());
      const req = getRequest(db, id);
      if (!req) throw new Error(id);
      let what: string;
      if (roll < 0.25) {
        // A new request like an existing one, made on another day, in another state.
        what = 'insert';
        k++;
        const day = addDays(TODAY, -Math.floor(r() * 50));
        const status = pick(REQUEST_STATUSES);
        const due = addDays(day, 1 + Math.floor(r() * 6));
        const createdAt = instantOfDay(day, r);
        insertRequest(db, {
          ...req,
          id: `mut-${seed}-${k}`,
          ticket: `MUT-${seed}-${k}`,
          ticketDate: day,
          ticketSeq: seed * 10_000 + k,
          createdAt,
          promise: { ...req.promise, dueDate: due, reason: pick(['in-hours', 'weekend'] as const) },
          status,
          statusAt: createdAt,
          closedAt: CLOSED_STATUSES.includes(status)
            ? instantOfDay(addDays(due, Math.floor(r() * 5) - 2), r)
            : null,
        });
      } else if (roll < 0.45) {
        // A status change: answered (on time or late), returned, reopened.
        what = 'status';
        const status = pick(REQUEST_STATUSES.filter((s) => s !== 'cancelled'));
        setStatus(db, id, {
          status,
          at: iso(Date.now()),
          closedAt: CLOSED_STATUSES.includes(status)
            ? instantOfDay(addDays(req.promise.dueDate, Math.floor(r() * 5) - 2), r)
            : null,
        });
      } else if (roll < 0.55) {
        what = 'cancel';
        setStatus(db, id, { status: 'cancelled', at: iso(Date.now()), closedAt: iso(Date.now()) });
      } else if (roll < 0.62) {
        what = 'purge-personal';
        const due = personalDataDue(db, iso(Date.now())).map((x) => x.id);
        purgePersonalData(db, due.slice(0, 50), iso(Date.now()));
      } else if (roll < 0.66) {
        what = 'sent';
        markSent(db, id, iso(Date.now()));
      } else if (roll < 0.78) {
        what = 'rating';
        const occasion = pick(['submission', 'completion'] as const);
        const exists = all(db, 'SELECT 1 FROM ratings WHERE request_id = ? AND occasion = ?', [
          id,
          occasion,
        ]);
        if (exists.length === 0) {
          const level = pick(RATING_LEVELS);
          const ratedDate = addDays(TODAY, -Math.floor(r() * 45));
          insertRating(db, {
            id: `mut-rating-${seed}-${i}`,
            requestId: id,
            ticket: req.ticket,
            requestKind: req.kind,
            bundleId: req.bundleId,
            board: req.routing.board,
            occasion,
            level,
            score: RATING_SCORE[level],
            reasons: [],
            ratedAt: instantOfDay(ratedDate, r),
            ratedDate,
            week: weekOf(ratedDate),
            sentAt: null,
          });
        }
      } else if (roll < 0.82) {
        what = 'rating-sent';
        const rating = pick(all<{ id: string }>(db, 'SELECT id FROM ratings'));
        if (rating) markRatingSent(db, rating.id, iso(Date.now()));
      } else if (roll < 0.88) {
        // Edits no write path makes today (a request moved in time, to another board, other
        // services, another promise): the update triggers must still hold.
        what = 'edit';
        const other = getRequest(db, pick(ids()));
        run(
          db,
          'UPDATE requests SET created_at = ?, board = ?, services = ?, answers = ?, promise = ?, due_date = ? WHERE id = ?',
          [
            instantOfDay(addDays(TODAY, -Math.floor(r() * 45)), r),
            other?.routing.board ?? req.routing.board,
            JSON.stringify(other?.services ?? req.services),
            JSON.stringify(other?.answers ?? req.answers),
            JSON.stringify(other?.promise ?? req.promise),
            other?.promise.dueDate ?? req.promise.dueDate,
            id,
          ],
        );
      } else if (roll < 0.94) {
        // Deletions no write path makes today (retention only clears personal fields): the
        // summaries follow the rows.
        what = 'delete-request';
        run(db, 'DELETE FROM requests WHERE id = ?', [id]);
      } else {
        what = 'delete-rating';
        const rating = pick(all<{ id: string }>(db, 'SELECT id FROM ratings'));
        if (rating) run(db, 'DELETE FROM ratings WHERE id = ?', [rating.id]);
      }
      done[what] = (done[what] ?? 0) + 1;
    }
  } catch (e) {
    db.run('ROLLBACK');
    throw e;
  }
  db.run('COMMIT');
  return done;
}

describe('the summary tables', () => {
  let db: Database;
  beforeAll(() => {
    db = freshDb();
  });
  afterAll(() => db.close());

  it('are what a rebuild from the rows gives, and give the figures the rows give', () => {
    expect(all(db, 'SELECT COUNT(*) AS n FROM dash_part_days')).not.toEqual([{ n: 0 }]);
    expectSame(db);
  });

  it('are what the figures read (a changed sum shows, the rows path does not see it)', () => {
    const p = PERIODS[2] as [string, string, string];
    const before = figures(db, p, 'auto');
    db.run('SAVEPOINT tamper');
    run(db, "UPDATE dash_request_days SET n = n + 1000 WHERE bundle = 'business-startup'");
    run(db, 'UPDATE dash_part_days SET n = n + 7');
    run(db, 'UPDATE dash_promises SET open_n = open_n + 3');
    run(db, 'UPDATE dash_rating_days SET n = n + 2');
    run(db, 'UPDATE dash_request_hours SET n = n + 1');
    const tampered = figures(db, p, 'auto');
    expect(figures(db, p, 'rows')).toEqual(before);
    db.run('ROLLBACK TO tamper');
    db.run('RELEASE tamper');
    expect(tampered.requests.startupTotal).toBeGreaterThanOrEqual(
      before.requests.startupTotal + 1000,
    );
    expect(tampered.requests.startupParts[1]?.n).toBeGreaterThan(
      before.requests.startupParts[1]?.n ?? 0,
    );
    expect(tampered.promises.total.overdue).toBeGreaterThan(before.promises.total.overdue);
    expect(tampered.satisfaction.total).toBeGreaterThan(before.satisfaction.total);
    expect(tampered.requests.total).toBeGreaterThan(before.requests.total);
  });

  it.each([1, 2, 3])('stay equal to the rows after random writes (seed %i)', (seed) => {
    const done = mutate(db, seed, 400);
    for (const w of ['insert', 'status', 'cancel', 'rating', 'edit', 'delete-request'])
      expect(done[w] ?? 0).toBeGreaterThan(0);
    expectSame(db);
  });

  it('do not change when personal data is purged (counts carry none)', () => {
    const before = tables(db);
    db.run('BEGIN');
    const due = personalDataDue(db, iso(Date.now())).map((x) => x.id);
    expect(due.length).toBeGreaterThan(0);
    expect(purgePersonalData(db, due, iso(Date.now()))).toBeGreaterThan(0);
    db.run('COMMIT');
    expect(tables(db)).toEqual(before);
  });

  it('lose no row: every request and rating is counted once', () => {
    const sum = (sql: string) => Number(all<{ n: number }>(db, sql)[0]?.n ?? 0);
    expect(sum('SELECT SUM(n) AS n FROM dash_request_hours')).toBe(
      sum('SELECT COUNT(*) AS n FROM requests'),
    );
    expect(sum('SELECT SUM(n) AS n FROM dash_request_days')).toBe(
      sum('SELECT COUNT(*) AS n FROM requests'),
    );
    expect(sum('SELECT SUM(n) AS n FROM dash_rating_days')).toBe(
      sum('SELECT COUNT(*) AS n FROM ratings'),
    );
    expect(sum('SELECT COUNT(*) AS n FROM dash_request_hours WHERE n = 0')).toBe(0);
  });
});

describe('migration 012', () => {
  it('backfills the sums from the rows already stored', () => {
    const db = new SQL.Database();
    // Everything but 012 (013 adds columns the request repository writes; it needs nothing of
    // 012, and migrations are applied one by one, so 012 still runs after it) and 015, which
    // makes 012's DELETE triggers again and so comes after it.
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version !== 12 && m.version !== 15),
      () => new Date(),
    );
    db.run('BEGIN');
    generate(db, { n: 1500, today: TODAY, spanDays: 45, seed: 9, bundles, labels });
    db.run('COMMIT');
    expect(migrate(db, MIGRATIONS, () => new Date())).toBe(2);
    expect(summaryOffset(db)).toBe(480);
    const backfilled = tables(db);
    expect(backfilled.dash_request_days?.length).toBeGreaterThan(0);
    expect(backfilled.dash_part_days).toEqual([]);
    expect(backfilled).toEqual(rebuilt(db));
    // The part rules are the catalog's: until stored, the parts are counted from the rows.
    const p = PERIODS[2] as [string, string, string];
    const span = spanOf(p[0], p[1], p[2], TZ);
    expect(summaryBundlePartCounts(db, span, 'business-startup', labels.startupParts)).toBeNull();
    expect(figures(db, p, 'auto')).toEqual(figures(db, p, 'rows'));
    const target = summaryTarget(labels, TZ, TODAY);
    expect(syncSummaries(db, target.offsetMinutes, target.rules)).toBe('parts-rebuilt');
    expect(syncSummaries(db, target.offsetMinutes, target.rules)).toBe('current');
    expectSame(db);
    db.close();
  });
});

describe('a change of zone or of the package parts', () => {
  it('another zone: the rows answer until the sums are rebuilt in it, then the sums', () => {
    const db = freshDb(1200, 5);
    const tokyo = 'Asia/Tokyo';
    const p = PERIODS[1] as [string, string, string];
    expect(summariesServe(db, spanOf(p[0], p[1], p[2], tokyo))).toBe(false);
    expect(figures(db, p, 'auto', tokyo)).toEqual(figures(db, p, 'rows', tokyo));
    const target = summaryTarget(labels, tokyo, TODAY);
    expect(target.offsetMinutes).toBe(540);
    expect(syncSummaries(db, target.offsetMinutes, target.rules)).toBe('all-rebuilt');
    expectSame(db, tokyo);
    // New rows are summed in the new zone.
    mutate(db, 11, 150);
    expectSame(db, tokyo);
    db.close();
  });

  it('a zone whose offset is not whole hours (India, +05:30) sums the same', () => {
    const db = freshDb(800, 6);
    const target = summaryTarget(labels, 'Asia/Kolkata', TODAY);
    expect(target.offsetMinutes).toBe(330);
    syncSummaries(db, target.offsetMinutes, target.rules);
    mutate(db, 12, 100);
    expectSame(db, 'Asia/Kolkata');
    db.close();
  });

  it('other part rules: the rows answer for the parts until the part sums are rebuilt', () => {
    const db = freshDb(1200, 8);
    const changed: FigureLabels = {
      ...labels,
      startupParts: labels.startupParts.map((p) =>
        p.letter === '照' ? { ...p, names: p.names.slice(0, 1) } : p,
      ),
    };
    const p = PERIODS[2] as [string, string, string];
    const span = spanOf(p[0], p[1], p[2], TZ);
    expect(summaryBundlePartCounts(db, span, 'business-startup', changed.startupParts)).toBeNull();
    expect(figures(db, p, 'auto', TZ, changed)).toEqual(figures(db, p, 'rows', TZ, changed));
    const target = summaryTarget(changed, TZ, TODAY);
    expect(syncSummaries(db, target.offsetMinutes, target.rules)).toBe('parts-rebuilt');
    expect(storedPartRules(db)).toEqual(target.rules);
    expect(
      summaryBundlePartCounts(db, span, 'business-startup', changed.startupParts),
    ).not.toBeNull();
    mutate(db, 13, 150);
    expectSame(db, TZ, changed);
    db.close();
  });
});

describe('the dashboard service', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('stores the zone and part rules at start (a write only when they changed)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dash-sums-'));
    dirs.push(dir);
    const log = createMemoryLogger();
    const db = await openDatabase({ dir, migrations: MIGRATIONS, log });
    const catalog = createCatalogService(loadCatalog(), { defaultFeedbackDays: 3 });
    const service = createDashboardService({
      db,
      catalog,
      config: {
        hours: { timeZone: 'Asia/Tokyo' } as never,
        dashboard: { searchMissMinCount: 2, healthSampleMinutes: 10, healthSampleDays: 30 },
      },
      log,
      now: () => new Date('2026-03-18T04:00:00Z'),
      sync: { status: () => ({}) as never },
      printer: () => Promise.resolve({ state: 'ok' as const }),
    });
    expect(await service.syncSummaries()).toBe('all-rebuilt');
    expect(await service.syncSummaries()).toBe('current');
    const target = summaryTarget(catalogLabels(catalog), 'Asia/Tokyo', TODAY);
    expect(db.read((d) => summariesCurrent(d, target.offsetMinutes, target.rules))).toBe(true);
    expect(db.read((d) => summaryOffset(d))).toBe(540);
    service.close();
    await db.close();
  });
});
