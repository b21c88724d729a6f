// Enterprise profiles at the back office and their feed: the only SQL for them. Versions come
// from the one `profile_feed` counter, locked by the importing transaction (migration 003).
import crypto from 'node:crypto';
import { canonicalProfile, type ImportedProfile } from '../../../electron/domain/enterprise-import';
import { iso, type Sql } from '../db/database';

export const profileHash = (p: ImportedProfile): string =>
  crypto.createHash('sha256').update(canonicalProfile(p)).digest('hex');

export interface StoreCounts {
  imported: number;
  updated: number;
  unchanged: number;
  /** The feed's version after the import. */
  version: number;
}

/** Rows a bulk statement carries at most. */
const CHUNK = 2000;

/**
 * Stores profiles inside the caller's transaction: new and changed ones take the next versions,
 * unchanged ones (same canonical content) are left alone. Locks the feed counter until the
 * transaction ends.
 */
export async function storeProfiles(
  tx: Sql,
  profiles: readonly ImportedProfile[],
  at: string,
): Promise<StoreCounts> {
  const counter = await tx.query<{ version: string }>(
    'SELECT version FROM profile_feed WHERE id = 1 FOR UPDATE',
  );
  let version = Number(counter.rows[0]?.version ?? 0);
  const counts: StoreCounts = { imported: 0, updated: 0, unchanged: 0, version };
  for (let i = 0; i < profiles.length; i += CHUNK) {
    const chunk = profiles.slice(i, i + CHUNK);
    const have = new Map(
      (
        await tx.query<{ uscc: string; content_sha256: string; town: string | null }>(
          'SELECT uscc, content_sha256, town FROM enterprise_profiles WHERE uscc = ANY($1::text[])',
          [chunk.map((p) => p.uscc)],
        )
      ).rows.map((r) => [r.uscc, r]),
    );
    const rows: Record<string, unknown>[] = [];
    const moves: Record<string, unknown>[] = [];
    for (const p of chunk) {
      const hash = profileHash(p);
      const old = have.get(p.uscc);
      if (old && old.content_sha256 === hash) {
        counts.unchanged++;
        continue;
      }
      version++;
      if (old) {
        counts.updated++;
        if (old.town !== null && old.town !== p.town)
          moves.push({ uscc: p.uscc, from_town: old.town, version });
      } else counts.imported++;
      rows.push({
        uscc: p.uscc,
        name: p.name,
        town: p.town,
        profile: p,
        content_sha256: hash,
        version,
      });
    }
    if (rows.length > 0)
      await tx.query(
        `INSERT INTO enterprise_profiles
           (uscc, name, town, profile, content_sha256, version, created_at, updated_at)
         SELECT x.uscc, x.name, x.town, x.profile, x.content_sha256, x.version, $2, $2
         FROM jsonb_to_recordset($1::jsonb)
           AS x(uscc text, name text, town text, profile jsonb, content_sha256 text, version bigint)
         ON CONFLICT (uscc) DO UPDATE SET name = excluded.name, town = excluded.town,
           profile = excluded.profile, content_sha256 = excluded.content_sha256,
           version = excluded.version, updated_at = excluded.updated_at`,
        [JSON.stringify(rows), at],
      );
    if (moves.length > 0)
      await tx.query(
        `INSERT INTO enterprise_profile_moves (uscc, from_town, version)
         SELECT x.uscc, x.from_town, x.version
         FROM jsonb_to_recordset($1::jsonb) AS x(uscc text, from_town text, version bigint)`,
        [JSON.stringify(moves)],
      );
  }
  if (version !== counts.version)
    await tx.query('UPDATE profile_feed SET version = $1 WHERE id = 1', [version]);
  counts.version = version;
  return counts;
}

export interface FeedPage {
  fromVersion: number;
  toVersion: number;
  profiles: (ImportedProfile & { updatedAt: string })[];
  removed: string[];
  hasMore: boolean;
}

/**
 * The changes after `since`, oldest first, at most `limit` versions. With `town`, only that
 * town's profiles, and the codes that moved out of it (the kiosk drops them).
 */
export async function profilesSince(
  sql: Sql,
  q: { since: number; limit: number; town: string | null },
): Promise<FeedPage> {
  const r = await sql.query<{
    uscc: string;
    town: string | null;
    profile: ImportedProfile;
    updated_at: Date;
    version: string;
  }>(
    `SELECT uscc, town, profile, updated_at, version FROM enterprise_profiles
     WHERE version > $1 ORDER BY version LIMIT $2`,
    [q.since, q.limit + 1],
  );
  const hasMore = r.rows.length > q.limit;
  const rows = r.rows.slice(0, q.limit);
  // The page ends at its last row: a version a slower transaction may still commit is never
  // passed (the counter lock makes imports commit in version order).
  const toVersion = rows.length > 0 ? Number(rows.at(-1)?.version) : q.since;
  const profiles = rows
    .filter((x) => q.town === null || x.town === q.town)
    .map((x) => ({ ...x.profile, updatedAt: iso(x.updated_at) }));
  let removed: string[] = [];
  if (q.town !== null && toVersion > q.since)
    removed = (
      await sql.query<{ uscc: string }>(
        `SELECT DISTINCT uscc FROM enterprise_profile_moves
         WHERE version > $1 AND version <= $2 AND from_town = $3`,
        [q.since, toVersion, q.town],
      )
    ).rows
      .map((x) => x.uscc)
      .filter((u) => !profiles.some((p) => p.uscc === u));
  return { fromVersion: q.since, toVersion, profiles, removed, hasMore };
}

export async function profileFeedVersion(sql: Sql): Promise<number> {
  const r = await sql.query<{ version: string }>('SELECT version FROM profile_feed WHERE id = 1');
  return Number(r.rows[0]?.version ?? 0);
}

export async function countProfiles(sql: Sql): Promise<number> {
  const r = await sql.query<{ n: string }>('SELECT count(*) AS n FROM enterprise_profiles');
  return Number(r.rows[0]?.n ?? 0);
}
