// `kioskctl report --format csv`: one number a row, the same figures as the JSON, and no cell a
// spreadsheet would run as a formula.
import { describe, expect, it } from 'vitest';
import type { DashboardFigures } from '../../../../electron/domain/dashboard';
import { figuresToCsv } from '../../../../electron/services/dashboard/report-csv';

const figures: DashboardFigures = {
  from: '2026-03-18',
  to: '2026-03-18',
  asOf: '2026-03-18',
  days: 1,
  timeZone: 'Asia/Shanghai',
  generatedAt: '2026-03-18T04:00:00.000Z',
  requests: {
    total: 7,
    afterHours: 3,
    afterHoursShare: 3 / 7,
    byDay: [{ date: '2026-03-18', total: 7, afterHours: 3 }],
    byHour: [{ hour: 9, total: 7, afterHours: 3 }],
    byBundle: [{ key: 'business-startup', label: '企业开办', n: 5 }],
    byBoard: [{ key: 'project', label: '项目, "重点"', n: 7 }],
    startupTotal: 5,
    startupParts: [{ letter: '照', what: '营业执照', n: 4 }],
  },
  promises: {
    byBoard: [],
    total: {
      key: 'all',
      label: null,
      dueToday: 1,
      overdue: 2,
      metOnTime: 3,
      late: 1,
      metShare: 0.75,
    },
  },
  satisfaction: { total: 0, byWeek: [], byBundle: [] },
  searchMisses: {
    total: 4,
    minCount: 2,
    top: [
      { key: '=HYPERLINK("x")', label: null, n: 2 },
      { key: '无人机', label: null, n: 2 },
    ],
  },
  health: { granularity: 'hour', sampleMinutes: 10, buckets: [] },
};

function parse(csv: string): string[][] {
  // Enough of RFC 4180 for the test: quoted cells with doubled quotes and commas.
  return csv.split('\n').map((line) => {
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i] as string;
      if (quoted && c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) {
        cells.push(cur);
        cur = '';
      } else cur += c;
    }
    cells.push(cur);
    return cells;
  });
}

describe('the CSV report', () => {
  const rows = parse(figuresToCsv(figures));
  const find = (section: string, key: string, metric: string) =>
    rows.find((r) => r[0] === section && r[1] === key && r[3] === metric)?.[4];

  it('has a header and five cells a row', () => {
    expect(rows[0]).toEqual(['section', 'key', 'label', 'metric', 'value']);
    expect(rows.every((r) => r.length === 5)).toBe(true);
  });

  it('carries the figures', () => {
    expect(find('requests', 'all', 'total')).toBe('7');
    expect(Number(find('requests', 'all', 'afterHoursShare'))).toBeCloseTo(3 / 7, 12);
    expect(find('requests.byHour', '09', 'afterHours')).toBe('3');
    expect(find('requests.startupParts', '照', 'n')).toBe('4');
    expect(find('promises', 'all', 'metShare')).toBe('0.75');
    expect(rows.find((r) => r[1] === 'project')?.[2]).toBe('项目, "重点"');
  });

  it('never starts a cell with a formula character', () => {
    expect(find('searchMisses.top', `'=HYPERLINK("x")`, 'n')).toBe('2');
    expect(rows.some((r) => r.some((c) => /^[=+@]/.test(c)))).toBe(false);
  });
});
