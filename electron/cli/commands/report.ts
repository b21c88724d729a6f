// `kioskctl report --from <date> --to <date> [--format csv|json]`: the 一屏总览 figures
// for a range of the center's local dates, from the newest durable generation (read-only; the
// running kiosk owns the database). The same figures guide mode shows; nothing personal.
import { isIsoDate, REPORT_MAX_DAYS, type DashboardFigures } from '../../domain/dashboard';
import { wallClock } from '../../services/calendar/wall-clock';
import { createCatalogService } from '../../services/catalog/catalog-service';
import { loadCatalog } from '../../services/catalog/load';
import { loadConfigFile } from '../../services/config';
import { catalogLabels, computeFigures } from '../../services/dashboard/dashboard-figures';
import { figuresToCsv } from '../../services/dashboard/report-csv';
import { dataDirLayout } from '../../services/data-dir';
import { MIGRATIONS } from '../../services/storage/migrations/index';
import { readSnapshot } from '../../services/storage/read-snapshot';
import { defineCommand } from '../define';

interface Report {
  format: 'csv' | 'json';
  figures: DashboardFigures | null;
  error: string | null;
}

const USAGE =
  'Usage: kioskctl report --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--format csv|json] [--data <dir>]';

export const reportCommand = defineCommand<Report>({
  name: 'report',
  summary: '一屏总览 figures for local dates: report --from <date> --to <date> --format csv|json',
  usage: USAGE,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
  },
  async run({ dataRoot, values }) {
    const fail = (error: string, format: Report['format'] = 'json') => ({
      data: { format, figures: null, error: `${error}\n${USAGE}` },
      ok: false,
    });
    const format = values.format ?? 'json';
    if (format !== 'csv' && format !== 'json') return fail('--format: csv or json');
    const from = values.from;
    const to = values.to;
    if (typeof from !== 'string' || !isIsoDate(from))
      return fail('--from: a date YYYY-MM-DD', format);
    if (typeof to !== 'string' || !isIsoDate(to)) return fail('--to: a date YYYY-MM-DD', format);
    if (from > to) return fail('--from must not be after --to', format);
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    if (days > REPORT_MAX_DAYS) return fail(`at most ${REPORT_MAX_DAYS} days`, format);
    const dirs = dataDirLayout(dataRoot);
    const { config } = loadConfigFile(dirs.config);
    const catalog = createCatalogService(loadCatalog({ dataRoot }), {
      defaultFeedbackDays: config.catalog.feedbackDays,
    });
    const now = new Date();
    const today = wallClock(now, config.hours.timeZone).date;
    // Migrated in memory: an older database (or none yet) reads as one without those tables.
    const figures = await readSnapshot(
      dirs.db,
      (d) =>
        computeFigures(d, {
          from,
          to,
          asOf: to < today ? to : today,
          timeZone: config.hours.timeZone,
          now,
          labels: catalogLabels(catalog),
          searchMissMinCount: config.dashboard.searchMissMinCount,
          healthSampleMinutes: config.dashboard.healthSampleMinutes,
        }),
      { migrations: MIGRATIONS },
    );
    return { data: { format, figures, error: null }, ok: true };
  },
  text(r) {
    if (!r.figures) return r.error ?? 'no database';
    return r.format === 'csv' ? figuresToCsv(r.figures) : JSON.stringify(r.figures, null, 2);
  },
});
