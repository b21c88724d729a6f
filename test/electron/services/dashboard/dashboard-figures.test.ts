// 一屏总览's figures against a generated data set whose answers are computed from the generated
// values in plain TypeScript (test/support/dashboard-data.ts), for today, 7 and 30 days and a
// custom range; plus what must never show (rare or digit-holding search texts, personal fields).
// Each from the summary tables (kept by migration 012's triggers while the set is written, as in
// the kiosk once its dashboard service has stored the zone and part rules) and from the rows.
import type { Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCatalogService } from '../../../../electron/services/catalog/catalog-service';
import { loadCatalog } from '../../../../electron/services/catalog/load';
import {
  catalogLabels,
  computeFigures,
  spanOf,
  summaryTarget,
  type FigureLabels,
} from '../../../../electron/services/dashboard/dashboard-figures';
import {
  summariesServe,
  syncSummaries,
} from '../../../../electron/services/dashboard/dashboard-summary-repository';
import type { DashboardFigures } from '../../../../electron/domain/dashboard';
import { migrate } from '../../../../electron/services/storage/migrate';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations/index';
import { loadSqlJs } from '../../../../electron/services/storage/sqljs';
import { addDays, expected, generate, TZ, type GenData } from '../../../support/dashboard-data';

const TODAY = '2026-03-18';
const MIN_COUNT = 2;
let db: Database;
let data: GenData;
let labels: FigureLabels;

beforeAll(async () => {
  const SQL = await loadSqlJs();
  db = new SQL.Database();
  migrate(db, MIGRATIONS, () => new Date());
  const loaded = loadCatalog();
  labels = catalogLabels(createCatalogService(loaded, { defaultFeedbackDays: 3 }));
  const target = summaryTarget(labels, TZ, TODAY);
  expect(syncSummaries(db, target.offsetMinutes, target.rules)).toBe('parts-rebuilt');
  db.run('BEGIN');
  data = generate(db, {
    n: 3000,
    today: TODAY,
    spanDays: 45,
    seed: 20260318,
    bundles: loaded.catalog.bundles,
    labels,
  });
  db.run('COMMIT');
});

function figures(
  from: string,
  to: string,
  asOf = to,
  source: 'auto' | 'rows' = 'auto',
): DashboardFigures {
  return computeFigures(db, {
    source,
    from,
    to,
    asOf,
    timeZone: TZ,
    now: new Date('2026-03-18T04:00:00Z'),
    labels,
    searchMissMinCount: MIN_COUNT,
    healthSampleMinutes: 10,
  });
}

const toObject = (m: Map<string, number>) => Object.fromEntries([...m].sort());

describe.each(
  (
    [
      ['today', TODAY, TODAY],
      ['7 days', addDays(TODAY, -6), TODAY],
      ['30 days', addDays(TODAY, -29), TODAY],
      ['a past range', addDays(TODAY, -40), addDays(TODAY, -20)],
    ] as const
  ).flatMap(([name, from, to]) =>
    (['summaries', 'rows'] as const).map((source) => [name, source, from, to] as const),
  ),
)('the figures for %s from the %s', (_name, source, from, to) => {
  let f: DashboardFigures;
  let x: ReturnType<typeof expected>;
  beforeAll(() => {
    // The summaries answer for every period here: the auto source reads them.
    if (source === 'summaries') expect(summariesServe(db, spanOf(from, to, to, TZ))).toBe(true);
    f = figures(from, to, to, source === 'rows' ? 'rows' : 'auto');
    x = expected(data, from, to, to, MIN_COUNT);
  });

  it('count requests per day, per hour and after hours', () => {
    expect(x.total).toBeGreaterThan(0);
    expect(f.requests.total).toBe(x.total);
    expect(f.requests.afterHours).toBe(x.afterHours);
    expect(f.requests.afterHoursShare).toBeCloseTo(x.afterHours / x.total, 10);
    expect(f.requests.byDay.length).toBe(f.days);
    for (const d of f.requests.byDay)
      expect([d.date, d.total, d.afterHours]).toEqual([
        d.date,
        x.byDay.get(d.date)?.total ?? 0,
        x.byDay.get(d.date)?.afterHours ?? 0,
      ]);
    expect(f.requests.byHour.map((h) => h.hour)).toEqual([...Array(24).keys()]);
    for (const h of f.requests.byHour) {
      expect(h.total).toBe(x.byHour.get(h.hour)?.total ?? 0);
      expect(h.afterHours).toBe(x.byHour.get(h.hour)?.afterHours ?? 0);
    }
  });

  it('count requests by bundle, by board, and 企业开办 parts', () => {
    expect(toObject(new Map(f.requests.byBundle.map((b) => [b.key, b.n])))).toEqual(
      toObject(x.byBundle),
    );
    expect(toObject(new Map(f.requests.byBoard.map((b) => [b.key, b.n])))).toEqual(
      toObject(x.byBoard),
    );
    const counts = f.requests.byBundle.map((b) => b.n);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(f.requests.byBundle.find((b) => b.key === 'business-startup')?.label).toBe('企业开办');
    expect(f.requests.startupTotal).toBe(x.startupTotal);
    expect(f.requests.startupParts.map((p) => p.letter)).toEqual([
      '证',
      '照',
      '章',
      '金',
      '银',
      '税',
      '码',
    ]);
    for (const p of f.requests.startupParts) expect(p.n).toBe(x.letters.get(p.letter) ?? 0);
  });

  it('judge promised dates by board', () => {
    const got = Object.fromEntries(
      f.promises.byBoard.map((p) => [
        p.key,
        { dueToday: p.dueToday, overdue: p.overdue, metOnTime: p.metOnTime, late: p.late },
      ]),
    );
    const want = Object.fromEntries(
      [...x.promises].filter(([, p]) => Object.values(p).some((n) => n > 0)),
    );
    for (const [k, p] of Object.entries(got))
      if (!want[k]) expect(Object.values(p).every((n) => n === 0)).toBe(true);
    for (const [k, p] of Object.entries(want)) expect(got[k]).toEqual(p);
    const t = f.promises.total;
    expect(t.metShare).toBeCloseTo(t.metOnTime / (t.metOnTime + t.late), 10);
  });

  it('sum 好差评 by week and by bundle', () => {
    expect(f.satisfaction.total).toBe(x.ratingsTotal);
    expect(Object.fromEntries(f.satisfaction.byWeek.map((w) => [w.key, w.levels]))).toEqual(
      Object.fromEntries(x.ratingsByWeek),
    );
    expect(Object.fromEntries(f.satisfaction.byBundle.map((w) => [w.key, w.levels]))).toEqual(
      Object.fromEntries(x.ratingsByBundle),
    );
  });

  it('list searches that found nothing, without rare or digit-holding texts', () => {
    expect(f.searchMisses.total).toBe(x.missTotal);
    expect(f.searchMisses.top.map((m) => [m.key, m.n])).toEqual(x.missTop);
    const texts = f.searchMisses.top.map((m) => m.key);
    expect(texts).not.toContain('13812345678');
    expect(texts).not.toContain('张三的公司');
  });

  it('show printer faults, outages and the backlog over time', () => {
    expect(f.health.granularity).toBe(from === to ? 'hour' : 'day');
    expect(f.health.buckets.length).toBe(from === to ? 24 : f.days);
    for (const b of f.health.buckets) {
      const s = x.samples.get(b.bucket);
      expect([b.bucket, b.printerFaults, b.samples, b.outageSamples, b.backlogMax]).toEqual([
        b.bucket,
        x.faults.get(b.bucket) ?? 0,
        s?.n ?? 0,
        s?.down ?? 0,
        s ? s.max : null,
      ]);
    }
  });
});

describe('the figures', () => {
  it('hold nothing personal: no ticket, phone, request id or enterprise', () => {
    const text = JSON.stringify(figures(addDays(TODAY, -29), TODAY));
    expect(text).not.toMatch(/DQ01-|req-|rating-|1390000|13812345678|张三/);
  });

  it('take the local day in the center zone: 23:59 and 00:00 Beijing time fall on two days', () => {
    const s = spanOf('2026-03-18', '2026-03-18', '2026-03-18', TZ);
    expect(s.since).toBe('2026-03-17T16:00:00.000Z');
    expect(s.before).toBe('2026-03-18T16:00:00.000Z');
    expect(s.offsetMinutes).toBe(480);
  });

  it('read an empty database as zeros', async () => {
    const SQL = await loadSqlJs();
    const empty = new SQL.Database();
    migrate(empty, MIGRATIONS, () => new Date());
    const f = computeFigures(empty, {
      from: TODAY,
      to: TODAY,
      asOf: TODAY,
      timeZone: TZ,
      now: new Date(),
      labels,
      searchMissMinCount: 2,
      healthSampleMinutes: 10,
    });
    expect(f.requests.total).toBe(0);
    expect(f.requests.afterHoursShare).toBeNull();
    expect(f.promises.total.metShare).toBeNull();
    expect(f.requests.startupParts.every((p) => p.n === 0)).toBe(true);
    expect(f.health.buckets.every((b) => b.backlogMax === null)).toBe(true);
  });
});
