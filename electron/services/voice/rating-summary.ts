// 好差评 summed up: by bundle (a consultation or 诉求 has none: its kind stands in), by board and
// by week, with the reasons ticked and the follow-up items still open. Shared by guide mode (the
// voice service) and `kioskctl ratings summary` (a read-only snapshot); the dashboard
// can use the same repository queries.
import {
  RATING_REASONS,
  ratingCounts,
  type RatingGroupRow,
  type RatingLevel,
  type RatingReason,
  type RatingSummary,
} from '../../domain/voice';
import type { Db } from '../storage/sql';
import { countOpenFollowUps } from './follow-up-repository';
import {
  levelCounts,
  reasonCounts,
  type LevelCount,
  type RatingGroupBy,
  type RatingPeriod,
} from './rating-repository';

export interface SummaryLabels {
  /** A bundle's name (null for the kinds without one, or an unknown id). */
  bundle(id: string): string | null;
  /** A board's full name. */
  board(id: string): string;
}

function rows(
  counts: LevelCount[],
  label: (key: string) => string | null,
  order: 'count' | 'key-desc',
): RatingGroupRow[] {
  const byKey = new Map<string, Partial<Record<RatingLevel, number>>>();
  for (const c of counts) {
    const m = byKey.get(c.key) ?? {};
    m[c.level] = c.n;
    byKey.set(c.key, m);
  }
  const out = [...byKey].map(([key, levels]) => ({
    key,
    label: label(key),
    ...ratingCounts(levels),
  }));
  return order === 'count'
    ? out.sort((a, b) => b.total - a.total || a.key.localeCompare(b.key))
    : out.sort((a, b) => b.key.localeCompare(a.key));
}

export function summarizeRatings(
  db: Db,
  since: string | null,
  labels: SummaryLabels,
): RatingSummary {
  const period: RatingPeriod = since === null ? {} : { since };
  const count = (by: RatingGroupBy) => levelCounts(db, by, period);
  const overall: Partial<Record<RatingLevel, number>> = {};
  for (const c of count('all')) overall[c.level] = c.n;
  const reasons = Object.fromEntries(RATING_REASONS.map((x) => [x, 0])) as Record<
    RatingReason,
    number
  >;
  for (const c of reasonCounts(db, period)) if (c.reason in reasons) reasons[c.reason] = c.n;
  return {
    since,
    overall: ratingCounts(overall),
    byBundle: rows(count('bundle'), (k) => labels.bundle(k), 'count'),
    byBoard: rows(count('board'), (k) => labels.board(k), 'count'),
    byWeek: rows(count('week'), () => null, 'key-desc'),
    reasons,
    openFollowUps: countOpenFollowUps(db),
  };
}
