// 日报告、周汇总、月报: for the county, each town (the kiosk's town) and each department — requests
// received, the share made outside the center's hours, the on-time rate of those completed, the
// satisfaction of ratings, what is overdue, and the searches that found nothing as the kiosks
// report them. Periods are the center's local calendar days, weeks (Monday first) and months.
import {
  addDays,
  instantOf,
  isoWeekdayOf,
  wallClock,
} from '../../../electron/services/calendar/wall-clock';
import type { Database } from '../db/database';
import type { CenterRules } from '../intake/center-rules';
import type { Report, ReportPeriod, ReportRow } from '../console-api/types';

// Declared with the console API's shapes, which the console shares.
export type { Report, ReportPeriod, ReportRow } from '../console-api/types';

const SATISFIED = ['very-satisfied', 'satisfied', 'basically-satisfied'];

export function periodRange(period: ReportPeriod, date: string): { from: string; until: string } {
  if (period === 'day') return { from: date, until: addDays(date, 1) };
  if (period === 'week') {
    const from = addDays(date, 1 - isoWeekdayOf(date));
    return { from, until: addDays(from, 7) };
  }
  const [y, m] = date.split('-').map(Number) as [number, number];
  const from = `${y}-${String(m).padStart(2, '0')}-01`;
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from, until: next };
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

type Key = `${ReportRow['scope']}|${string}`;

export async function buildReport(
  db: Database,
  rules: CenterRules,
  period: ReportPeriod,
  date: string,
  nowMs = Date.now(),
): Promise<Report> {
  const tz = rules.timeZone;
  const { from, until } = periodRange(period, date);
  const start = instantOf(from, 0, tz).toISOString();
  const end = instantOf(until, 0, tz).toISOString();
  const today = wallClock(new Date(nowMs), tz).date;
  const overdueBefore = until < today ? until : today;
  const rows = new Map<Key, ReportRow>();
  const row = (scope: ReportRow['scope'], name: string): ReportRow => {
    const k: Key = `${scope}|${name}`;
    let r = rows.get(k);
    if (!r) {
      r = {
        scope,
        name,
        received: 0,
        afterHours: 0,
        afterHoursShare: null,
        completed: 0,
        completedOnTime: 0,
        onTimeRate: null,
        ratings: 0,
        satisfied: 0,
        satisfaction: null,
        overdue: 0,
      };
      rows.set(k, r);
    }
    return r;
  };
  const groupOf = (g: {
    town_g: number;
    dept_g: number;
    town: string | null;
    department: string | null;
  }) =>
    g.town_g === 0
      ? row('town', g.town ?? '—')
      : g.dept_g === 0
        ? row('department', g.department ?? '—')
        : row('county', '全县');
  row('county', '全县');

  type G = { town_g: number; dept_g: number; town: string | null; department: string | null };
  // One pass per measure, grouped three ways at once (county, town, department).
  const sets = 'GROUP BY GROUPING SETS ((), (k.town), (r.department))';
  const gcols =
    'GROUPING(k.town) AS town_g, GROUPING(r.department) AS dept_g, k.town, r.department';
  const received = await db.query<G & { n: number; after: number }>(
    `SELECT ${gcols}, count(*)::int AS n,
       count(*) FILTER (WHERE r.counts_from > (r.created_at AT TIME ZONE $3)::date)::int AS after
     FROM requests r JOIN kiosks k ON k.kiosk_id = r.kiosk_id
     WHERE r.received_at >= $1 AND r.received_at < $2 ${sets}`,
    [start, end, tz],
  );
  for (const x of received.rows) {
    const r = groupOf(x);
    r.received = x.n;
    r.afterHours = x.after;
  }
  const completed = await db.query<G & { n: number; on_time: number }>(
    `SELECT ${gcols}, count(*)::int AS n,
       count(*) FILTER (WHERE (r.closed_at AT TIME ZONE $3)::date <= r.due_date)::int AS on_time
     FROM requests r JOIN kiosks k ON k.kiosk_id = r.kiosk_id
     WHERE r.status = 'completed' AND r.closed_at >= $1 AND r.closed_at < $2 ${sets}`,
    [start, end, tz],
  );
  for (const x of completed.rows) {
    const r = groupOf(x);
    r.completed = x.n;
    r.completedOnTime = x.on_time;
  }
  const overdue = await db.query<G & { n: number }>(
    `SELECT ${gcols}, count(*)::int AS n
     FROM requests r JOIN kiosks k ON k.kiosk_id = r.kiosk_id
     WHERE r.closed_at IS NULL AND r.due_date < $1::date ${sets}`,
    [overdueBefore],
  );
  for (const x of overdue.rows) groupOf(x).overdue = x.n;
  const ratings = await db.query<G & { n: number; good: number }>(
    `SELECT ${gcols}, count(*)::int AS n,
       count(*) FILTER (WHERE s.body->>'level' = ANY ($3::text[]))::int AS good
     FROM submissions s JOIN kiosks k ON k.kiosk_id = s.kiosk_id
     LEFT JOIN requests r ON r.id = (s.body->>'requestId')::uuid
     WHERE s.kind = 'rating' AND s.received_at >= $1 AND s.received_at < $2 ${sets}`,
    [start, end, SATISFIED],
  );
  for (const x of ratings.rows) {
    const r = groupOf(x);
    r.ratings = x.n;
    r.satisfied = x.good;
  }
  for (const r of rows.values()) {
    r.afterHoursShare = ratio(r.afterHours, r.received);
    r.onTimeRate = ratio(r.completedOnTime, r.completed);
    r.satisfaction = ratio(r.satisfied, r.ratings);
  }

  // The kiosks' own figures: a heartbeat carries the day's searches that found nothing so far,
  // so each kiosk's last heartbeat of each local day in the period counts, and they add up.
  const misses = await db.query<{ body: unknown }>(
    `SELECT DISTINCT ON (kiosk_id, (received_at AT TIME ZONE $3)::date)
       body->'figures'->'searchMisses'->'top' AS body
     FROM heartbeats WHERE received_at >= $1 AND received_at < $2
       AND jsonb_typeof(body->'figures'->'searchMisses'->'top') = 'array'
     ORDER BY kiosk_id, (received_at AT TIME ZONE $3)::date, received_at DESC`,
    [start, end, tz],
  );
  const counts = new Map<string, number>();
  for (const m of misses.rows)
    for (const e of (m.body as { key?: unknown; n?: unknown }[]) ?? [])
      if (typeof e.key === 'string' && typeof e.n === 'number')
        counts.set(e.key, (counts.get(e.key) ?? 0) + e.n);

  const order = { county: 0, town: 1, department: 2 };
  return {
    period,
    from,
    to: addDays(until, -1),
    generatedAt: new Date(nowMs).toISOString(),
    rows: [...rows.values()].sort(
      (a, b) =>
        order[a.scope] - order[b.scope] || b.received - a.received || a.name.localeCompare(b.name),
    ),
    searchMisses: [...counts]
      .map(([text, n]) => ({ text, n }))
      .sort((a, b) => b.n - a.n)
      .slice(0, 10),
    searchReports: misses.rows.length,
  };
}

const pct = (v: number | null) => (v === null ? '' : (v * 100).toFixed(1));
const csvCell = (v: string | number) => {
  const s = String(v);
  // A leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function reportCsv(r: Report): string {
  const head = [
    '范围',
    '名称',
    '受理量',
    '非工作时间',
    '非工作时间占比%',
    '办结',
    '按时办结',
    '按时办结率%',
    '评价数',
    '满意',
    '满意率%',
    '超期',
  ];
  const scope = { county: '全县', town: '乡镇', department: '部门' };
  const lines = [
    head,
    ...r.rows.map((x) => [
      scope[x.scope],
      x.name,
      x.received,
      x.afterHours,
      pct(x.afterHoursShare),
      x.completed,
      x.completedOnTime,
      pct(x.onTimeRate),
      x.ratings,
      x.satisfied,
      pct(x.satisfaction),
      x.overdue,
    ]),
  ];
  lines.push([]);
  lines.push(['无结果搜索', '次数']);
  for (const m of r.searchMisses) lines.push([m.text, m.n]);
  return lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
