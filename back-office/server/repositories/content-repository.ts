// Signed content bundles as published: stored as signed, listed, and the newest one handed to
// kiosks that hold an older version.
import { iso, type Sql } from '../db/database';

export interface ContentParts {
  catalog: string[];
  calendars: string[];
  config: string[];
}

export interface StoredContent {
  version: number;
  keyId: string;
  sha256: string;
  note: string | null;
  createdAt: string;
  publishedAt: string;
  publishedBy: string;
  parts: ContentParts;
}

interface Row {
  version: number;
  key_id: string;
  sha256: string;
  note: string | null;
  created_at: Date;
  published_at: Date;
  published_by: string;
  parts: ContentParts;
}

const rowOf = (r: Row): StoredContent => ({
  version: r.version,
  keyId: r.key_id,
  sha256: r.sha256,
  note: r.note,
  createdAt: iso(r.created_at),
  publishedAt: iso(r.published_at),
  publishedBy: r.published_by,
  parts: r.parts,
});

/** Inserts a bundle; false when its version is not above every stored one (or already there). */
export async function insertContent(
  sql: Sql,
  c: StoredContent & { bundle: string },
): Promise<boolean> {
  const r = await sql.query(
    `INSERT INTO content_bundles
       (version, key_id, bundle, sha256, note, created_at, published_at, published_by, parts)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb
     WHERE NOT EXISTS (SELECT 1 FROM content_bundles WHERE version >= $1)
     ON CONFLICT (version) DO NOTHING`,
    [
      c.version,
      c.keyId,
      c.bundle,
      c.sha256,
      c.note,
      c.createdAt,
      c.publishedAt,
      c.publishedBy,
      JSON.stringify(c.parts),
    ],
  );
  return r.rowCount === 1;
}

export async function latestContentVersion(sql: Sql): Promise<number | null> {
  const r = await sql.query<{ v: number | null }>('SELECT max(version) AS v FROM content_bundles');
  return r.rows[0]?.v ?? null;
}

/** Newest first. */
export async function listContent(sql: Sql, limit = 50): Promise<StoredContent[]> {
  const r = await sql.query<Row>(
    `SELECT version, key_id, sha256, note, created_at, published_at, published_by, parts
     FROM content_bundles ORDER BY version DESC LIMIT $1`,
    [limit],
  );
  return r.rows.map(rowOf);
}

/** The newest bundle when it is newer than `since`, else null. */
export async function contentNewerThan(
  sql: Sql,
  since: number,
): Promise<{ version: number; bundle: string } | null> {
  const r = await sql.query<{ version: number; bundle: string }>(
    `SELECT version, bundle FROM content_bundles WHERE version > $1
     ORDER BY version DESC LIMIT 1`,
    [since],
  );
  return r.rows[0] ?? null;
}
