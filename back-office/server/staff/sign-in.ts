// Signing staff in and out of the console. A session is a random token in an HttpOnly,
// SameSite=Strict cookie (stored here only as its SHA-256), with a CSRF token the console sends
// back in a header on every change. Five wrong passwords in a row lock the account for 15 minutes.
import crypto from 'node:crypto';
import type { Database } from '../db/database';
import { audit } from '../repositories/audit-repository';
import {
  clearWrongPasswords,
  countWrongPassword,
  deleteSession,
  insertSession,
  insertStaffUser,
  sessionUser,
  staffCredentials,
  type SessionUser,
  type ConsoleRole,
  type StaffUser,
} from '../repositories/staff-repository';
import {
  burnPasswordTime,
  hashPassword,
  PASSWORD_MAX,
  PASSWORD_MIN,
  verifyPassword,
} from './passwords';

export const MAX_WRONG_PASSWORDS = 5;
export const LOCK_MS = 15 * 60_000;
export const SESSION_MS = 10 * 3600_000;

export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,31}$/;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export type SignInOutcome =
  | { ok: true; token: string; user: SessionUser }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'locked'; lockedUntil: string };

export async function signIn(
  db: Database,
  input: { username: string; password: string; nowMs: number },
): Promise<SignInOutcome> {
  const now = new Date(input.nowMs).toISOString();
  const creds = await staffCredentials(db, input.username);
  if (!creds || creds.disabled) {
    await burnPasswordTime(input.password);
    return { ok: false, reason: 'wrong' };
  }
  if (creds.lockedUntil && creds.lockedUntil > now)
    return { ok: false, reason: 'locked', lockedUntil: creds.lockedUntil };
  const right =
    input.password.length <= PASSWORD_MAX &&
    (await verifyPassword(input.password, creds.passwordHash));
  if (!right) {
    const lockedUntil = new Date(input.nowMs + LOCK_MS).toISOString();
    const locked = await countWrongPassword(db, creds.username, MAX_WRONG_PASSWORDS, lockedUntil);
    await audit(db, {
      at: now,
      actor: `staff:${creds.username}`,
      action: locked ? 'sign-in-locked' : 'sign-in-failed',
      subject: creds.username,
      detail: null,
    });
    return locked ? { ok: false, reason: 'locked', lockedUntil } : { ok: false, reason: 'wrong' };
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const csrf = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(input.nowMs + SESSION_MS).toISOString();
  const opened = await db.transaction(async (tx) => {
    // Locked by other attempts while this password was being checked: the lock wins.
    if (!(await clearWrongPasswords(tx, creds.username, now))) return false;
    await insertSession(tx, {
      tokenSha256: sha256(token),
      username: creds.username,
      csrf,
      now,
      expiresAt,
    });
    await audit(tx, {
      at: now,
      actor: `staff:${creds.username}`,
      action: 'sign-in',
      subject: creds.username,
      detail: null,
    });
    return true;
  });
  if (!opened) {
    const again = await staffCredentials(db, creds.username);
    return { ok: false, reason: 'locked', lockedUntil: again?.lockedUntil ?? now };
  }
  const { passwordHash: _omit, ...u } = creds;
  return { ok: true, token, user: { ...u, csrf, expiresAt } };
}

export function sessionOf(db: Database, token: string, nowMs: number): Promise<SessionUser | null> {
  return sessionUser(db, sha256(token), new Date(nowMs).toISOString());
}

export function signOut(db: Database, token: string): Promise<void> {
  return deleteSession(db, sha256(token));
}

export type AddUserOutcome =
  | { ok: true; user: Omit<StaffUser, 'lockedUntil' | 'disabled'> }
  | { ok: false; code: 'exists' | 'invalid'; message: string };

export async function addStaffUser(
  db: Database,
  input: {
    username: string;
    role: ConsoleRole;
    department: string | null;
    password: string;
    actor: string;
    now: string;
  },
): Promise<AddUserOutcome> {
  if (!USERNAME_RE.test(input.username))
    return {
      ok: false,
      code: 'invalid',
      message: 'a username is 2–32 lower-case letters, digits, . _ -',
    };
  if (input.password.length < PASSWORD_MIN || input.password.length > PASSWORD_MAX)
    return {
      ok: false,
      code: 'invalid',
      message: `a password is ${PASSWORD_MIN}–${PASSWORD_MAX} characters`,
    };
  if (input.role === 'handler' && !input.department)
    return {
      ok: false,
      code: 'invalid',
      message: 'a handler needs --department (the queue they work)',
    };
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx): Promise<AddUserOutcome> => {
    const added = await insertStaffUser(tx, {
      username: input.username,
      role: input.role,
      department: input.department,
      passwordHash,
      now: input.now,
    });
    if (!added) return { ok: false, code: 'exists', message: `the user ${input.username} exists` };
    await audit(tx, {
      at: input.now,
      actor: input.actor,
      action: 'user-add',
      subject: input.username,
      detail: `${input.role}${input.department ? ` ${input.department}` : ''}`,
    });
    return {
      ok: true,
      user: {
        username: input.username,
        role: input.role,
        department: input.department,
        createdAt: input.now,
      },
    };
  });
}
