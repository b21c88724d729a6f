// `kioskctl ratings summary [--days n]` and `kioskctl followups list [--all]`: 好差评 sums and the
// follow-up items low ratings opened, from the newest durable generation (read-only; the running
// kiosk owns the database). Nothing personal is printed: follow-ups show the phone masked.
import type { FollowUpView, RatingGroupRow, RatingSummary } from '../../domain/voice';
import { createCatalogService } from '../../services/catalog/catalog-service';
import { loadCatalog } from '../../services/catalog/load';
import { loadConfigFile } from '../../services/config';
import { dataDirLayout } from '../../services/data-dir';
import { MIGRATIONS } from '../../services/storage/migrations/index';
import { readSnapshot } from '../../services/storage/read-snapshot';
import { listFollowUps } from '../../services/voice/follow-up-repository';
import { summarizeRatings } from '../../services/voice/rating-summary';
import { followUpView } from '../../services/voice/voice-views';
import { defineCommand } from '../define';

interface SummaryReport {
  dataDir: string;
  days: number | null;
  summary: RatingSummary | null;
  error: string | null;
}

const pct = (x: number | null) => (x === null ? '-' : `${Math.round(x * 100)}%`);
const line = (r: RatingGroupRow) =>
  `  ${(r.label ?? r.key).padEnd(20)} ${String(r.total).padStart(5)}  好评率 ${pct(r.goodShare).padStart(4)}  ` +
  `均分 ${r.averageScore === null ? '-' : r.averageScore.toFixed(2)}  ` +
  `[${Object.values(r.levels).join(' / ')}]`;

export const ratingsSummaryCommand = defineCommand<SummaryReport>({
  name: 'ratings summary',
  summary: '好差评 summed by bundle, board and week: ratings summary [--days <n>]',
  usage: 'Usage: kioskctl ratings summary [--days <n>] [--json] [--data <dir>]',
  options: { days: { type: 'string' } },
  async run({ dataRoot, values }) {
    const dirs = dataDirLayout(dataRoot);
    const days = typeof values.days === 'string' ? Number(values.days) : null;
    if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3660))
      return {
        data: { dataDir: dirs.root, days, summary: null, error: '--days: 1 to 3660' },
        ok: false,
      };
    const { config } = loadConfigFile(dirs.config);
    const catalog = createCatalogService(loadCatalog({ dataRoot }), {
      defaultFeedbackDays: config.catalog.feedbackDays,
    });
    const boards = catalog.boards();
    const since = days === null ? null : new Date(Date.now() - days * 86_400_000).toISOString();
    // Migrated in memory: an older database (or none yet) reads as one without ratings.
    const summary = await readSnapshot(
      dirs.db,
      (d) =>
        summarizeRatings(d, since, {
          bundle: (id) => catalog.bundle(id)?.name ?? null,
          board: (id) => boards.find((b) => b.id === id)?.fullName ?? id,
        }),
      { migrations: MIGRATIONS },
    );
    return { data: { dataDir: dirs.root, days, summary, error: null }, ok: true };
  },
  text(r) {
    if (!r.summary) return r.error ?? 'no database';
    const s = r.summary;
    const levels = '[非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意]';
    return [
      `${s.overall.total} rating(s)${r.days ? ` in the last ${r.days} days` : ''}, 好评率 ${pct(s.overall.goodShare)}, ` +
        `mean ${s.overall.averageScore === null ? '-' : s.overall.averageScore.toFixed(2)} ${levels}`,
      'by bundle',
      ...s.byBundle.map(line),
      'by board',
      ...s.byBoard.map(line),
      'by week (Monday)',
      ...s.byWeek.map(line),
      `reasons  ${Object.entries(s.reasons)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
      `open follow-ups  ${s.openFollowUps}`,
    ].join('\n');
  },
});

interface FollowUpReport {
  dataDir: string;
  count: number;
  followUps: FollowUpView[];
}

export const followUpsListCommand = defineCommand<FollowUpReport>({
  name: 'followups list',
  summary: 'follow-up items opened by low ratings (open ones; --all for closed too)',
  usage: 'Usage: kioskctl followups list [--all] [--json] [--data <dir>]',
  options: { all: { type: 'boolean' } },
  async run({ dataRoot, values }) {
    const dirs = dataDirLayout(dataRoot);
    const items =
      (await readSnapshot(
        dirs.db,
        (d) => listFollowUps(d, values.all === true ? { limit: 10_000 } : { state: 'open' }),
        { migrations: MIGRATIONS },
      )) ?? [];
    const followUps = items.map(followUpView);
    return { data: { dataDir: dirs.root, count: followUps.length, followUps }, ok: true };
  },
  text(r) {
    return [
      ...r.followUps.map(
        (f) =>
          `${f.ticket}  ${f.state.padEnd(6)}  ${f.level.padEnd(17)}  ${f.openedAt}  ${f.title}` +
          (f.reasons.length ? `  (${f.reasons.join(', ')})` : '') +
          (f.state === 'closed' ? `  closed by ${f.closedBy ?? '?'}: ${f.note ?? ''}` : ''),
      ),
      `${r.count} follow-up item(s)`,
    ].join('\n');
  },
});
