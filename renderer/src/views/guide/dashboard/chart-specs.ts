// 一屏总览: the dashboard's figures as chart specs — categories and series of numbers.
// One spec feeds both the chart (echarts-option.ts) and its data table, so the table always
// shows exactly the numbers the chart draws. Pure: no DOM, no ECharts (the benchmark uses it).
import type { DashboardFigures, LevelRow } from '../../../../../electron/domain/dashboard';
import { RATING_LEVELS } from '../../../../../electron/domain/voice';

export type Translate = (key: string, named?: Record<string, unknown>) => string;

export interface SeriesSpec {
  /** Stable id (colours and keys); `name` is what the legend and the table say. */
  id: string;
  name: string;
  values: (number | null)[];
  /** Series with the same stack are drawn on top of each other. */
  stack?: string;
  type?: 'bar' | 'line';
  /** Shown in the table only (a share derived from the drawn numbers). */
  tableOnly?: boolean;
  format?: 'count' | 'percent';
}

export interface ChartSpec {
  id: string;
  title: string;
  /** One sentence under the title: the headline figure in words (also the chart's name). */
  summary: string;
  /** The table's first column heading. */
  categoryName: string;
  categories: string[];
  series: SeriesSpec[];
  /** Categories down the side (long names: bundles, boards, search texts). */
  horizontal: boolean;
  /** Palette: ordinary series, or the five 好差评 levels. */
  palette: 'series' | 'levels';
}

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);

export function formatValue(v: number | null, format: SeriesSpec['format']): string {
  if (v === null) return '–';
  return format === 'percent' ? pct(v) : String(v);
}

/** How many rows a horizontal chart shows at most (the table lists the same ones). */
export const TOP_ROWS = 12;

function keyLabel(t: Translate, k: { key: string; label: string | null }): string {
  if (k.label) return k.label;
  if (k.key === 'consultation' || k.key === 'appeal') return t(`dashboard.kinds.${k.key}`);
  return k.key;
}

const shortDate = (d: string) => d.slice(5);

export function buildChartSpecs(f: DashboardFigures, t: Translate): ChartSpec[] {
  const r = f.requests;
  const levelSeries = (rows: LevelRow[]): SeriesSpec[] =>
    RATING_LEVELS.map((l) => ({
      id: l,
      name: t(`dashboard.levels.${l}`),
      values: rows.map((w) => w.levels[l]),
      stack: 'levels',
    }));
  const bundles = r.byBundle.slice(0, TOP_ROWS);
  const ratingBundles = f.satisfaction.byBundle.slice(0, TOP_ROWS);
  const boards = f.promises.byBoard;
  const health = f.health;
  return [
    {
      id: 'perDay',
      title: t('dashboard.charts.perDay'),
      summary: t('dashboard.summaries.perDay', {
        total: r.total,
        share: pct(r.afterHoursShare),
      }),
      categoryName: t('dashboard.columns.date'),
      categories: r.byDay.map((d) => shortDate(d.date)),
      series: [
        {
          id: 'inHours',
          name: t('dashboard.series.inHours'),
          values: r.byDay.map((d) => d.total - d.afterHours),
          stack: 'requests',
        },
        {
          id: 'afterHours',
          name: t('dashboard.series.afterHours'),
          values: r.byDay.map((d) => d.afterHours),
          stack: 'requests',
        },
      ],
      horizontal: false,
      palette: 'series',
    },
    {
      id: 'perHour',
      title: t('dashboard.charts.perHour'),
      summary: t('dashboard.summaries.perHour', {
        hour: r.total ? [...r.byHour].sort((a, b) => b.total - a.total)[0]?.hour : '–',
      }),
      categoryName: t('dashboard.columns.hour'),
      categories: r.byHour.map((h) => `${String(h.hour).padStart(2, '0')}:00`),
      series: [
        {
          id: 'inHours',
          name: t('dashboard.series.inHours'),
          values: r.byHour.map((h) => h.total - h.afterHours),
          stack: 'requests',
        },
        {
          id: 'afterHours',
          name: t('dashboard.series.afterHours'),
          values: r.byHour.map((h) => h.afterHours),
          stack: 'requests',
        },
      ],
      horizontal: false,
      palette: 'series',
    },
    {
      id: 'byBundle',
      title: t('dashboard.charts.byBundle'),
      summary: t('dashboard.summaries.byBundle', {
        name: bundles[0] ? keyLabel(t, bundles[0]) : '–',
        n: bundles[0]?.n ?? 0,
      }),
      categoryName: t('dashboard.columns.bundle'),
      categories: bundles.map((b) => keyLabel(t, b)),
      series: [
        { id: 'requests', name: t('dashboard.series.requests'), values: bundles.map((b) => b.n) },
      ],
      horizontal: true,
      palette: 'series',
    },
    {
      id: 'byBoard',
      title: t('dashboard.charts.byBoard'),
      summary: t('dashboard.summaries.byBoard', {
        name: r.byBoard[0] ? keyLabel(t, r.byBoard[0]) : '–',
        n: r.byBoard[0]?.n ?? 0,
      }),
      categoryName: t('dashboard.columns.board'),
      categories: r.byBoard.map((b) => keyLabel(t, b)),
      series: [
        { id: 'requests', name: t('dashboard.series.requests'), values: r.byBoard.map((b) => b.n) },
      ],
      horizontal: true,
      palette: 'series',
    },
    {
      id: 'startupParts',
      title: t('dashboard.charts.startupParts'),
      summary: t('dashboard.summaries.startupParts', { total: r.startupTotal }),
      categoryName: t('dashboard.columns.part'),
      categories: r.startupParts.map((p) => `${p.letter} ${p.what}`),
      series: [
        {
          id: 'requests',
          name: t('dashboard.series.requests'),
          values: r.startupParts.map((p) => p.n),
        },
      ],
      horizontal: true,
      palette: 'series',
    },
    {
      id: 'promises',
      title: t('dashboard.charts.promises'),
      summary: t('dashboard.summaries.promises', {
        dueToday: f.promises.total.dueToday,
        overdue: f.promises.total.overdue,
        share: pct(f.promises.total.metShare),
      }),
      categoryName: t('dashboard.columns.board'),
      categories: boards.map((b) => keyLabel(t, b)),
      series: [
        {
          id: 'dueToday',
          name: t('dashboard.series.dueToday'),
          values: boards.map((b) => b.dueToday),
        },
        {
          id: 'overdue',
          name: t('dashboard.series.overdue'),
          values: boards.map((b) => b.overdue),
        },
        {
          id: 'metOnTime',
          name: t('dashboard.series.metOnTime'),
          values: boards.map((b) => b.metOnTime),
          stack: 'judged',
        },
        {
          id: 'late',
          name: t('dashboard.series.late'),
          values: boards.map((b) => b.late),
          stack: 'judged',
        },
        {
          id: 'metShare',
          name: t('dashboard.series.metShare'),
          values: boards.map((b) => b.metShare),
          tableOnly: true,
          format: 'percent',
        },
      ],
      horizontal: true,
      palette: 'series',
    },
    {
      id: 'ratingsByWeek',
      title: t('dashboard.charts.ratingsByWeek'),
      summary: t('dashboard.summaries.ratings', { total: f.satisfaction.total }),
      categoryName: t('dashboard.columns.week'),
      categories: f.satisfaction.byWeek.map((w) =>
        t('dashboard.weekOf', { date: shortDate(w.key) }),
      ),
      series: levelSeries(f.satisfaction.byWeek),
      horizontal: false,
      palette: 'levels',
    },
    {
      id: 'ratingsByBundle',
      title: t('dashboard.charts.ratingsByBundle'),
      summary: t('dashboard.summaries.ratings', { total: f.satisfaction.total }),
      categoryName: t('dashboard.columns.bundle'),
      categories: ratingBundles.map((b) => keyLabel(t, b)),
      series: levelSeries(ratingBundles),
      horizontal: true,
      palette: 'levels',
    },
    {
      id: 'searchMisses',
      title: t('dashboard.charts.searchMisses'),
      summary: t('dashboard.summaries.searchMisses', {
        total: f.searchMisses.total,
        min: f.searchMisses.minCount,
      }),
      categoryName: t('dashboard.columns.query'),
      categories: f.searchMisses.top.slice(0, TOP_ROWS).map((m) => m.key),
      series: [
        {
          id: 'searches',
          name: t('dashboard.series.searches'),
          values: f.searchMisses.top.slice(0, TOP_ROWS).map((m) => m.n),
        },
      ],
      horizontal: true,
      palette: 'series',
    },
    {
      id: 'health',
      title: t('dashboard.charts.health'),
      summary: t('dashboard.summaries.health', {
        faults: health.buckets.reduce((n, b) => n + b.printerFaults, 0),
        outage: health.buckets.reduce((n, b) => n + b.outageSamples, 0) * health.sampleMinutes,
      }),
      categoryName: t(
        health.granularity === 'hour' ? 'dashboard.columns.hour' : 'dashboard.columns.date',
      ),
      categories: health.buckets.map((b) =>
        health.granularity === 'hour' ? `${b.bucket.slice(11)}:00` : shortDate(b.bucket),
      ),
      series: [
        {
          id: 'printerFaults',
          name: t('dashboard.series.printerFaults'),
          values: health.buckets.map((b) => b.printerFaults),
        },
        {
          id: 'outageMinutes',
          name: t('dashboard.series.outageMinutes'),
          values: health.buckets.map((b) => b.outageSamples * health.sampleMinutes),
        },
        {
          id: 'backlogMax',
          name: t('dashboard.series.backlogMax'),
          values: health.buckets.map((b) => b.backlogMax),
          type: 'line',
        },
      ],
      horizontal: false,
      palette: 'series',
    },
  ];
}
