// `npm run bench -- dashboard [--requests N] [--rounds R]`: 一屏总览 with N stored requests (default
// 100,000, with ~20% rated, search misses, printer faults and hourly health samples over 60 days).
// Each round opens the dashboard for today, 7 and 30 days: the figures' SQL (computeFigures, what
// the guideDashboard call runs) and the ten charts drawn by ECharts' SVG renderer (server-side, to
// an SVG string: the same options the screen uses, without the browser's layout and paint).
// Prints query, render and total per period, the heap growth over the rounds, and as its last
// line JSON with `p95_ms` (query + render, all periods) and `memory_growth_mb`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PERIOD_DAYS, DASHBOARD_PERIODS } from '../../electron/domain/dashboard';
import { createCatalogService } from '../../electron/services/catalog/catalog-service';
import { loadCatalog } from '../../electron/services/catalog/load';
import { catalogLabels, computeFigures } from '../../electron/services/dashboard/dashboard-figures';
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
  });
}

await main();
