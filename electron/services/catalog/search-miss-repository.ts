// Searches that found nothing (migration 002). The only SQL for the catalog lives here.
import type { Database as SqlDatabase } from 'sql.js';
import { holdsPhoneLikeNumber } from '../../domain/personal-text';
import { all, run, scalar } from '../storage/sql';

/** Longest query text kept. */
export const MISS_QUERY_MAX = 40;

/**
 * What may be kept of a query: trimmed, at most 40 characters, and nothing that could be personal
 * (five digits in a row, however typed — separators, full-width digits, Chinese numerals — could
 * be a phone, ID or credit-code fragment): null means "do not record".
 */
export function recordableQuery(query: string): string | null {
  const q = query.replace(/\s+/g, ' ').trim();
  if (!q) return null;
  if (holdsPhoneLikeNumber(q)) return null;
  return [...q].slice(0, MISS_QUERY_MAX).join('');
}

/**
 * Removes kept texts that hold a phone-like number (recorded before the filter knew every way of
 * typing one); returns how many.
 */
export function purgePhoneLikeSearchMisses(db: SqlDatabase): number {
  const ids = phoneLikeSearchMisses(db);
  for (const id of ids) run(db, 'DELETE FROM search_misses WHERE id = ?', [id]);
  return ids.length;
}

/** The ids of kept texts that hold a phone-like number. */
export function phoneLikeSearchMisses(db: SqlDatabase): number[] {
  return all<{ id: number; query: string }>(db, 'SELECT id, query FROM search_misses')
    .filter((r) => holdsPhoneLikeNumber(r.query))
    .map((r) => r.id);
}

export function insertSearchMiss(db: SqlDatabase, at: Date, query: string): void {
  run(db, 'INSERT INTO search_misses (at, query) VALUES (?, ?)', [at.toISOString(), query]);
}

export function listSearchMisses(db: SqlDatabase, limit = 100): { at: string; query: string }[] {
  return all<{ at: string; query: string }>(
    db,
    'SELECT at, query FROM search_misses ORDER BY at DESC, id DESC LIMIT ?',
    [limit],
  );
}

export function countSearchMissesBefore(db: SqlDatabase, before: Date): number {
  return Number(
    scalar(db, 'SELECT count(*) FROM search_misses WHERE at < ?', [before.toISOString()]) ?? 0,
  );
}

/** Removes misses older than `before`; returns how many. */
export function purgeSearchMisses(db: SqlDatabase, before: Date): number {
  return run(db, 'DELETE FROM search_misses WHERE at < ?', [before.toISOString()]);
}
