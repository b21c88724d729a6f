// Admin API tokens, kept only as SHA-256: a token is shown once, when it is made.
import crypto from 'node:crypto';
import type { Sql } from '../db/database';

export const tokenHash = (token: string): string =>
  crypto.createHash('sha256').update(token, 'utf8').digest('hex');

/** A new token: `bo_` and 32 random bytes (base64url). */
export const newAdminToken = (): string => `bo_${crypto.randomBytes(32).toString('base64url')}`;

export async function countAdminTokens(sql: Sql): Promise<number> {
  const r = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM admin_tokens');
  return r.rows[0]?.n ?? 0;
}

export async function insertAdminToken(
  sql: Sql,
  token: string,
  label: string,
  at: string,
): Promise<void> {
  await sql.query(
    'INSERT INTO admin_tokens (token_sha256, label, created_at) VALUES ($1, $2, $3)',
    [tokenHash(token), label, at],
  );
}

/** The token's label when it is valid (known, not revoked), else null. */
export async function adminTokenLabel(sql: Sql, token: string): Promise<string | null> {
  const r = await sql.query<{ label: string }>(
    'SELECT label FROM admin_tokens WHERE token_sha256 = $1 AND revoked_at IS NULL',
    [tokenHash(token)],
  );
  return r.rows[0]?.label ?? null;
}

/** Revokes every token still valid; returns how many. */
export async function revokeAdminTokens(sql: Sql, at: string): Promise<number> {
  const r = await sql.query('UPDATE admin_tokens SET revoked_at = $1 WHERE revoked_at IS NULL', [
    at,
  ]);
  return r.rowCount;
}

/** Whether the database holds a back office's schema at all (a service started on it once). */
export async function hasAdminTokenTable(sql: Sql): Promise<boolean> {
  const r = await sql.query<{ t: string | null }>("SELECT to_regclass('admin_tokens')::text AS t");
  return r.rows[0]?.t != null;
}
