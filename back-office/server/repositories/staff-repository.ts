// Staff accounts of the console and their sessions. The wrong-password count and the lock are
// changed in single UPDATE statements, so attempts made at the same moment (several instances,
// several tabs) are all counted.
import { iso, isoOrNull, type Sql } from '../db/database';
import type { ConsoleRole, StaffUser } from '../console-api/types';

// Declared with the console API's shapes, which the console shares.
export { CONSOLE_ROLES, type ConsoleRole, type StaffUser } from '../console-api/types';

interface UserRow {
  username: string;
  role: ConsoleRole;
  department: string | null;
  password_hash: string;
  created_at: Date;
  locked_until: Date | null;
  disabled_at: Date | null;
}

const user = (r: UserRow): StaffUser => ({
  username: r.username,
  role: r.role,
  department: r.department,
  createdAt: iso(r.created_at),
  lockedUntil: isoOrNull(r.locked_until),
  disabled: r.disabled_at !== null,
});

/** False when the username is taken. */
export async function insertStaffUser(
  sql: Sql,
  u: {
    username: string;
    role: ConsoleRole;
    department: string | null;
    passwordHash: string;
    now: string;
  },
): Promise<boolean> {
  const r = await sql.query(
    `INSERT INTO staff_users (username, role, department, password_hash, created_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING`,
    [u.username, u.role, u.department, u.passwordHash, u.now],
  );
  return r.rowCount === 1;
}

export async function listStaffUsers(sql: Sql): Promise<StaffUser[]> {
  const r = await sql.query<UserRow>('SELECT * FROM staff_users ORDER BY username');
  return r.rows.map(user);
}

export async function staffCredentials(
  sql: Sql,
  username: string,
): Promise<(StaffUser & { passwordHash: string }) | null> {
  const r = await sql.query<UserRow>('SELECT * FROM staff_users WHERE username = $1', [username]);
  const row = r.rows[0];
  return row ? { ...user(row), passwordHash: row.password_hash } : null;
}

/**
 * Counts one wrong password; the `max`-th in a row locks the account until `lockUntil` (and the
 * count starts again). Returns whether this attempt locked it.
 */
export async function countWrongPassword(
  sql: Sql,
  username: string,
  max: number,
  lockUntil: string,
): Promise<boolean> {
  const r = await sql.query<{ locked: boolean }>(
    `UPDATE staff_users SET
       failed_count = CASE WHEN failed_count + 1 >= $2 THEN 0 ELSE failed_count + 1 END,
       locked_until = CASE WHEN failed_count + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
     WHERE username = $1
     RETURNING (failed_count = 0) AS locked`,
    [username, max, lockUntil],
  );
  return r.rows[0]?.locked ?? false;
}

/** A right password: clears the count, unless the account got locked meanwhile (then false). */
export async function clearWrongPasswords(
  sql: Sql,
  username: string,
  now: string,
): Promise<boolean> {
  const r = await sql.query(
    `UPDATE staff_users SET failed_count = 0
     WHERE username = $1 AND disabled_at IS NULL AND (locked_until IS NULL OR locked_until <= $2)`,
    [username, now],
  );
  return r.rowCount === 1;
}

export async function insertSession(
  sql: Sql,
  s: { tokenSha256: string; username: string; csrf: string; now: string; expiresAt: string },
): Promise<void> {
  await sql.query(
    `INSERT INTO staff_sessions (token_sha256, username, csrf, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [s.tokenSha256, s.username, s.csrf, s.now, s.expiresAt],
  );
}

export interface SessionUser extends StaffUser {
  csrf: string;
  expiresAt: string;
}

export async function sessionUser(
  sql: Sql,
  tokenSha256: string,
  now: string,
): Promise<SessionUser | null> {
  const r = await sql.query<UserRow & { csrf: string; expires_at: Date }>(
    `SELECT u.*, s.csrf, s.expires_at FROM staff_sessions s JOIN staff_users u USING (username)
     WHERE s.token_sha256 = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
    [tokenSha256, now],
  );
  const row = r.rows[0];
  return row ? { ...user(row), csrf: row.csrf, expiresAt: iso(row.expires_at) } : null;
}

export async function deleteSession(sql: Sql, tokenSha256: string): Promise<void> {
  await sql.query('DELETE FROM staff_sessions WHERE token_sha256 = $1', [tokenSha256]);
}

export async function purgeSessions(sql: Sql, now: string): Promise<number> {
  return (await sql.query('DELETE FROM staff_sessions WHERE expires_at <= $1', [now])).rowCount;
}
