// SQL for 好差评 ratings (migration 010). No personal data is stored here: the ticket, its kind,
// bundle and board, the occasion, the level and the reasons ticked. Queries for guide mode's
// summary, `kioskctl ratings summary` and the dashboard live here too.
import type { BoardId } from '../../domain/catalog';
import type { RequestKind } from '../../domain/request';
import type { RatingLevel, RatingOccasion, RatingReason } from '../../domain/voice';
import { all, one, run, scalar, type Db } from '../storage/sql';

export interface RatingRecord {
  /** UUID: also the outbox id (the back office's idempotency key). */
  id: string;
  requestId: string;
  ticket: string;
  requestKind: RequestKind;
  bundleId: string | null;
  board: BoardId;
  occasion: RatingOccasion;
  level: RatingLevel;
  /** 5 (非常满意) … 1 (非常不满意). */
  score: number;
  reasons: RatingReason[];
  ratedAt: string;
  /** The center's local date of `ratedAt`, and the Monday of its week. */
  ratedDate: string;
  week: string;
  /** When the back office acknowledged it; null until then (and in single-site mode). */
  sentAt: string | null;
}

interface Row {
  id: string;
  request_id: string;
  ticket: string;
  request_kind: string;
  bundle_id: string | null;
  board: string;
  occasion: string;
  level: string;
  score: number;
  reasons: string;
  rated_at: string;
  rated_date: string;
  week: string;
  sent_at: string | null;
}

const fromRow = (r: Row): RatingRecord => ({
  id: r.id,
  requestId: r.request_id,
  ticket: r.ticket,
  requestKind: r.request_kind as RequestKind,
  bundleId: r.bundle_id,
  board: r.board as BoardId,
  occasion: r.occasion as RatingOccasion,
  level: r.level as RatingLevel,
  score: r.score,
  reasons: JSON.parse(r.reasons) as RatingReason[],
  ratedAt: r.rated_at,
  ratedDate: r.rated_date,
  week: r.week,
  sentAt: r.sent_at,
});

export function insertRating(tx: Db, r: RatingRecord): void {
  run(
    tx,
    `INSERT INTO ratings (id, request_id, ticket, request_kind, bundle_id, board, occasion, level,
       score, reasons, rated_at, rated_date, week, sent_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      r.id,
      r.requestId,
      r.ticket,
      r.requestKind,
      r.bundleId,
      r.board,
      r.occasion,
      r.level,
      r.score,
      JSON.stringify(r.reasons),
      r.ratedAt,
      r.ratedDate,
      r.week,
      r.sentAt,
    ],
  );
}

/** The rating of a request on one occasion, if it was rated. */
export function ratingOf(
  db: Db,
  requestId: string,
  occasion: RatingOccasion,
): RatingRecord | undefined {
  const r = one<Row>(db, 'SELECT * FROM ratings WHERE request_id = ? AND occasion = ?', [
    requestId,
    occasion,
  ]);
  return r && fromRow(r);
}

export function getRating(db: Db, id: string): RatingRecord | undefined {
  const r = one<Row>(db, 'SELECT * FROM ratings WHERE id = ?', [id]);
  return r && fromRow(r);
}

export interface RatingPeriod {
  /** rated_at ≥ this (ISO 8601). */
  since?: string;
  /** rated_at < this (ISO 8601). */
  before?: string;
}

function periodWhere(p: RatingPeriod): { sql: string; params: string[] } {
  const where: string[] = [];
  const params: string[] = [];
  if (p.since !== undefined) {
    where.push('rated_at >= ?');
    params.push(p.since);
  }
  if (p.before !== undefined) {
    where.push('rated_at < ?');
    params.push(p.before);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Newest first. */
export function listRatings(db: Db, p: RatingPeriod & { limit?: number } = {}): RatingRecord[] {
  const w = periodWhere(p);
  return all<Row>(db, `SELECT * FROM ratings ${w.sql} ORDER BY rated_at DESC, id LIMIT ?`, [
    ...w.params,
    p.limit ?? 1000,
  ]).map(fromRow);
}

/**
 * What ratings are summed by: the bundle (a consultation or 诉求 has none: its request kind
 * stands in), the board, the week (its Monday, local date), or nothing (`all`).
 */
export type RatingGroupBy = 'bundle' | 'board' | 'week' | 'all';

const GROUP_KEY: Record<RatingGroupBy, string> = {
  bundle: 'COALESCE(bundle_id, request_kind)',
  board: 'board',
  week: 'week',
  all: "''",
};

export interface LevelCount {
  key: string;
  level: RatingLevel;
  n: number;
}

/** How many ratings of each level per group, in one indexed pass. */
export function levelCounts(db: Db, by: RatingGroupBy, p: RatingPeriod = {}): LevelCount[] {
  const w = periodWhere(p);
  return all<LevelCount>(
    db,
    `SELECT ${GROUP_KEY[by]} AS key, level, COUNT(*) AS n FROM ratings ${w.sql}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    w.params,
  );
}

/** How often each reason was ticked (a rating may tick several). */
export function reasonCounts(db: Db, p: RatingPeriod = {}): { reason: RatingReason; n: number }[] {
  const w = periodWhere(p);
  return all<{ reason: RatingReason; n: number }>(
    db,
    `SELECT j.value AS reason, COUNT(*) AS n FROM ratings, json_each(ratings.reasons) AS j
     ${w.sql} GROUP BY j.value ORDER BY j.value`,
    w.params,
  );
}

/** The back office acknowledged the rating. */
export function markRatingSent(tx: Db, id: string, at: string): boolean {
  return run(tx, 'UPDATE ratings SET sent_at = ? WHERE id = ? AND sent_at IS NULL', [at, id]) > 0;
}

/** Whether the database has the ratings table (an older one read by kioskctl may not). */
export function hasRatings(db: Db): boolean {
  return (
    scalar(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ratings'") !==
    undefined
  );
}
