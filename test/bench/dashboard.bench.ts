// `npm run bench -- dashboard [--requests N] [--rounds R]`: 一屏总览 with N stored requests (default
// 100,000, with ~20% rated, search misses, printer faults and hourly health samples over 60 days).
// The database is made by the migrations, and the summary tables' zone and part rules stored as the
// dashboard service does at start, before the rows are written (by the repositories' inserts):
// the tables' triggers keep the summaries, as in the kiosk. A full rebuild of them is timed too.
// Each round opens the dashboard for today, 7 and 30 days: the figures' SQL (computeFigures, what
// the guideDashboard call runs) and the ten charts drawn by ECharts' SVG renderer (server-side, to
// an SVG string: the same options the screen uses, without the browser's layout and paint).
// Prints query, render and total per period, the heap growth over the rounds, and as its last
// line JSON with `p95_ms` (query + render, all periods) and `memory_growth_mb`.
// `--profile` also times each of computeFigures' queries (from the summaries, and the same figures
// from the rows for comparison) and each chart's render per period (median of up to 9 runs), to
// show where the time goes; the measured opens are the same.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PERIOD_DAYS, DASHBOARD_PERIODS } from '../../electron/domain/dashboard';
import { createCatalogService } from '../../electron/services/catalog/catalog-service';
import { loadCatalog } from '../../electron/services/catalog/load';
import {
  catalogLabels,
  computeFigures,
  spanOf,
  STARTUP_BUNDLE_ID,
  summaryTarget,
} from '../../electron/services/dashboard/dashboard-figures';
import * as repo from '../../electron/services/dashboard/dashboard-repository';
import * as sums from '../../electron/services/dashboard/dashboard-summary-repository';
import { migrate } from '../../electron/services/storage/migrate';
import { MIGRATIONS } from '../../electron/services/storage/migrations/index';
import { loadSqlJs } from '../../electron/services/storage/sqljs';
import {
  buildChartSpecs,
  type Translate,
} from '../../renderer/src/views/guide/dashboard/chart-specs';
import {
  chartHeight,
  chartOption,
  LEVEL_COLOURS,
  SERIES_COLOURS,
  type ChartTheme,
} from '../../renderer/src/views/guide/dashboard/echarts-option';
import { echarts } from '../../renderer/src/views/guide/dashboard/echarts-setup';
import { addDays, generate, TZ } from '../support/dashboard-data';
import { percentile, printSummary, round } from './lib';

const messages = JSON.parse(
  fs.readFileSync(path.join('renderer', 'src', 'locales', 'zh-CN', 'dashboard.json'), 'utf8'),
) as Record<string, unknown>;
const t: Translate = (key, named = {}) => {
  let v: unknown = { dashboard: messages };
  for (const part of key.split('.')) v = (v as Record<string, unknown>)[part];
  return String(v).replace(/\{(\w+)\}/g, (_, k: string) => String(named[k] ?? ''));
};

const theme: ChartTheme = {
  fontFamily: 'Noto Sans CJK SC, sans-serif',
  fontSize: 20,
  text: '#16202c',
  muted: '#3f4b59',
  grid: '#8593a3',
  series: SERIES_COLOURS,
  levels: LEVEL_COLOURS,
};

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const heapMb = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 1048576;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '100000' },
      rounds: { type: 'string', default: '20' },
      profile: { type: 'boolean', default: false },
    },
  });
  const n = Math.max(1, Number(values.requests));
  const rounds = Math.max(1, Number(values.rounds));
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
  const loaded = loadCatalog();
  const labels = catalogLabels(createCatalogService(loaded, { defaultFeedbackDays: 3 }));
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  migrate(db, MIGRATIONS, () => new Date());
  const target = summaryTarget(labels, TZ, today);
  sums.syncSummaries(db, target.offsetMinutes, target.rules);
  let t0 = performance.now();
  db.run('BEGIN');
  const data = generate(db, {
    n,
    today,
    spanDays: 60,
    seed: 7,
    bundles: loaded.catalog.bundles,
    labels,
  });
  db.run('COMMIT');
  const sizeMb = db.export().byteLength / 1048576;
  console.log(
    `generated ${data.requests.length} requests, ${data.ratings.length} ratings, ` +
      `${data.misses.length} search misses, ${data.samples.length} health samples in ` +
      `${round((performance.now() - t0) / 1000, 1)} s; database ${round(sizeMb, 1)} MB`,
  );
  t0 = performance.now();
  db.run('BEGIN');
  sums.rebuildSummaries(db);
  db.run('COMMIT');
  const rebuildMs = performance.now() - t0;
  const summaryRows = Number(
    db.exec(
      `SELECT (SELECT COUNT(*) FROM dash_request_hours) + (SELECT COUNT(*) FROM dash_request_days)
         + (SELECT COUNT(*) FROM dash_part_days) + (SELECT COUNT(*) FROM dash_promises)
         + (SELECT COUNT(*) FROM dash_rating_days)`,
    )[0]?.values[0]?.[0] ?? 0,
  );
  console.log(
    `summary tables: ${summaryRows} rows; a full rebuild from the rows (what an upgrade or a ` +
      `zone change costs once) took ${round(rebuildMs / 1000, 2)} s`,
  );
  const span30 = spanOf(addDays(today, -29), today, today, TZ);
  if (!sums.summariesServe(db, span30)) throw new Error('the summaries do not serve the periods');

  function open(period: (typeof DASHBOARD_PERIODS)[number]): {
    query: number;
    render: number;
    cpu: number;
  } {
    const c0 = process.cpuUsage();
    const q0 = performance.now();
    const figures = computeFigures(db, {
      from: addDays(today, 1 - PERIOD_DAYS[period]),
      to: today,
      asOf: today,
      timeZone: TZ,
      now: new Date(),
      labels,
      searchMissMinCount: 2,
      healthSampleMinutes: 10,
    });
    // What the call hands over: the figures as JSON.
    JSON.parse(JSON.stringify(figures));
    const r0 = performance.now();
    let bytes = 0;
    for (const spec of buildChartSpecs(figures, t)) {
      const chart = echarts.init(null, null, {
        renderer: 'svg',
        ssr: true,
        width: 1000,
        height: chartHeight(spec, theme.fontSize),
      });
      chart.setOption(chartOption(spec, theme));
      bytes += chart.renderToSVGString().length;
      chart.dispose();
    }
    const r1 = performance.now();
    if (bytes === 0) throw new Error('no SVG drawn');
    const c = process.cpuUsage(c0);
    return { query: r0 - q0, render: r1 - r0, cpu: (c.user + c.system) / 1000 };
  }

  /** Median time of each query and each chart's render, per period (not part of the figures). */
  function profile(): void {
    const median = (f: () => unknown) => {
      const ts: number[] = [];
      for (let i = 0; i < Math.min(rounds, 9); i++) {
        const t1 = performance.now();
        f();
        ts.push(performance.now() - t1);
      }
      return round(percentile(ts, 50), 1);
    };
    for (const p of DASHBOARD_PERIODS) {
      const from = addDays(today, 1 - PERIOD_DAYS[p]);
      const span = spanOf(from, today, today, TZ);
      const queries: Record<string, () => unknown> = {
        byLocalHour: () => sums.summaryRequestsByLocalHour(db, span),
        byBundleAndBoard: () => sums.summaryRequestsByBundleAndBoard(db, span),
        startupParts: () =>
          sums.summaryBundlePartCounts(db, span, STARTUP_BUNDLE_ID, labels.startupParts),
        promises: () => sums.summaryPromiseCounts(db, span),
        ratingsByWeek: () => sums.summaryRatingLevels(db, span, 'week'),
        ratingsByBundle: () => sums.summaryRatingLevels(db, span, 'bundle'),
        searchMisses: () => repo.searchMissTop(db, span, 2, 20),
        health: () => repo.healthBuckets(db, span, from === today ? 'hour' : 'day'),
        serveCheck: () => sums.summariesServe(db, span),
        rowsByLocalHour: () => repo.requestsByLocalHour(db, span),
        rowsByBundleAndBoard: () => repo.requestsByBundleAndBoard(db, span),
        rowsStartupParts: () =>
          repo.bundlePartCounts(db, span, STARTUP_BUNDLE_ID, labels.startupParts),
        rowsPromises: () => repo.promiseCounts(db, span),
        rowsRatingsByWeek: () => repo.ratingLevels(db, span, 'week'),
        rowsRatingsByBundle: () => repo.ratingLevels(db, span, 'bundle'),
      };
      console.log(
        `profile ${p} queries (ms): ` +
          Object.entries(queries)
            .map(([k, f]) => `${k} ${median(f)}`)
            .join(', '),
      );
      const figures = computeFigures(db, {
        from,
        to: today,
        asOf: today,
        timeZone: TZ,
        now: new Date(),
        labels,
        searchMissMinCount: 2,
        healthSampleMinutes: 10,
      });
      const specs = buildChartSpecs(figures, t);
      console.log(
        `profile ${p} render (ms): specs ${median(() => buildChartSpecs(figures, t))}, ` +
          specs
            .map((spec) => {
              const ms = median(() => {
                const chart = echarts.init(null, null, {
                  renderer: 'svg',
                  ssr: true,
                  width: 1000,
                  height: chartHeight(spec, theme.fontSize),
                });
                chart.setOption(chartOption(spec, theme));
                chart.renderToSVGString();
                chart.dispose();
              });
              return `${spec.id} ${ms}`;
            })
            .join(', '),
      );
    }
  }

  // Warm-up (the first open compiles the statements' plans and ECharts' code paths): reported.
  t0 = performance.now();
  const cold = open('30d');
  console.log(
    `first open (30 days): query ${round(cold.query, 1)} ms, render ${round(cold.render, 1)} ms`,
  );
  const before = heapMb();
  const samples: Record<string, { query: number[]; render: number[]; total: number[] }> = {};
  for (const p of DASHBOARD_PERIODS) samples[p] = { query: [], render: [], total: [] };
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++)
    for (const p of DASHBOARD_PERIODS) {
      const s = open(p);
      const x = samples[p] as { query: number[]; render: number[]; total: number[] };
      x.query.push(s.query);
      x.render.push(s.render);
      x.total.push(s.query + s.render);
      cpu.push(s.cpu);
    }
  const after = heapMb();
  if (values.profile) profile();
  const all: number[] = [];
  console.log('period   query p50/p95 ms   render p50/p95 ms   total p50/p95 ms   query share');
  for (const p of DASHBOARD_PERIODS) {
    const x = samples[p] as { query: number[]; render: number[]; total: number[] };
    all.push(...x.total);
    const sum = (a: number[]) => a.reduce((m, v) => m + v, 0);
    console.log(
      `${p.padEnd(8)} ${round(percentile(x.query, 50), 1)} / ${round(percentile(x.query, 95), 1)}`.padEnd(
        28,
      ) +
        `${round(percentile(x.render, 50), 1)} / ${round(percentile(x.render, 95), 1)}`.padEnd(20) +
        `${round(percentile(x.total, 50), 1)} / ${round(percentile(x.total, 95), 1)}`.padEnd(19) +
        `${Math.round((sum(x.query) / sum(x.total)) * 100)}%`,
    );
  }
  const p95 = percentile(all, 95);
  const growth = after - before;
  const load = os.loadavg()[0] ?? 0;
  console.log(
    `CPU time of one open (this process, all its threads): p50 ${round(percentile(cpu, 50), 1)} ms, ` +
      `p95 ${round(percentile(cpu, 95), 1)} ms; load average ${round(load, 1)} on ` +
      `${os.cpus().length} cores (wall times above include waiting for a core)`,
  );
  console.log(
    `${rounds * DASHBOARD_PERIODS.length} opens: p95 ${round(p95, 1)} ms (goal 300 ms, ` +
      `${round(p95 / 300, 2)}× of it); heap+external ${round(before, 1)} → ${round(after, 1)} MB ` +
      `(growth ${round(growth, 1)} MB, goal ≤ 50 MB)`,
  );
  db.close();
  printSummary({
    requests: n,
    rounds,
    p95_ms: round(p95, 1),
    p50_ms: round(percentile(all, 50), 1),
    cold_ms: round(cold.query + cold.render, 1),
    cpu_p95_ms: round(percentile(cpu, 95), 1),
    load_average: round(load, 1),
    memory_growth_mb: round(growth, 1),
    database_mb: round(sizeMb, 1),
    summary_rows: summaryRows,
    summary_rebuild_ms: round(rebuildMs, 0),
  });
}

await main();
