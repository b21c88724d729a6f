// `kioskctl report --format csv`: the dashboard's figures as one long table,
// `section,key,label,metric,value`, one number a row (spreadsheets pivot it as they like).
// A cell starting with = + - @ (a search text someone typed) is prefixed with ' so that no
// spreadsheet runs it as a formula.
import type { DashboardFigures } from '../../domain/dashboard';

type Cell = string | number | null;

function cell(v: Cell): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = ['section', 'key', 'label', 'metric', 'value'] as const;

export function figuresToRows(f: DashboardFigures): Cell[][] {
  const rows: Cell[][] = [];
  const add = (section: string, key: string, label: string | null, metric: string, value: Cell) =>
    rows.push([section, key, label, metric, value]);
  add('period', 'range', null, 'from', f.from);
  add('period', 'range', null, 'to', f.to);
  add('period', 'range', null, 'asOf', f.asOf);
  add('period', 'range', null, 'timeZone', f.timeZone);
  const r = f.requests;
  add('requests', 'all', null, 'total', r.total);
  add('requests', 'all', null, 'afterHours', r.afterHours);
  add('requests', 'all', null, 'afterHoursShare', r.afterHoursShare);
  for (const d of r.byDay) {
    add('requests.byDay', d.date, null, 'total', d.total);
    add('requests.byDay', d.date, null, 'afterHours', d.afterHours);
  }
  for (const h of r.byHour) {
    add('requests.byHour', String(h.hour).padStart(2, '0'), null, 'total', h.total);
    add('requests.byHour', String(h.hour).padStart(2, '0'), null, 'afterHours', h.afterHours);
  }
  for (const b of r.byBundle) add('requests.byBundle', b.key, b.label, 'n', b.n);
  for (const b of r.byBoard) add('requests.byBoard', b.key, b.label, 'n', b.n);
  add('requests.startupParts', 'all', '企业开办', 'total', r.startupTotal);
  for (const p of r.startupParts) add('requests.startupParts', p.letter, p.what, 'n', p.n);
  for (const p of [...f.promises.byBoard, f.promises.total])
    for (const m of ['dueToday', 'overdue', 'metOnTime', 'late', 'metShare'] as const)
      add('promises', p.key, p.label, m, p[m]);
  add('satisfaction', 'all', null, 'total', f.satisfaction.total);
  for (const [section, list] of [
    ['satisfaction.byWeek', f.satisfaction.byWeek],
    ['satisfaction.byBundle', f.satisfaction.byBundle],
  ] as const)
    for (const w of list)
      for (const [level, n] of Object.entries(w.levels)) add(section, w.key, w.label, level, n);
  add('searchMisses', 'all', null, 'total', f.searchMisses.total);
  add('searchMisses', 'all', null, 'minCount', f.searchMisses.minCount);
  for (const m of f.searchMisses.top) add('searchMisses.top', m.key, null, 'n', m.n);
  for (const b of f.health.buckets)
    for (const m of ['printerFaults', 'samples', 'outageSamples', 'backlogMax'] as const)
      add(`health.by${f.health.granularity === 'hour' ? 'Hour' : 'Day'}`, b.bucket, null, m, b[m]);
  return rows;
}

export function figuresToCsv(f: DashboardFigures): string {
  return [CSV_HEADER as readonly Cell[], ...figuresToRows(f)]
    .map((row) => row.map(cell).join(','))
    .join('\n');
}
