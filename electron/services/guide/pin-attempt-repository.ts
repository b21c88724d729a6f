// Wrong staff PINs and lockouts per typed staff id (migration 013), so that neither a restart nor
// a burst of concurrent tries resets them.
import { one, run, type Db } from '../storage/sql';

export interface PinAttempts {
  /** Wrong PINs since the last unlock or lockout. */
  failures: number;
  /** Lockouts in a row without an unlock in between (each one longer). */
  lockouts: number;
  /** Epoch milliseconds; 0 when never locked. */
  lockedUntil: number;
}

const NONE: PinAttempts = { failures: 0, lockouts: 0, lockedUntil: 0 };

export function pinAttemptsOf(db: Db, staffId: string): PinAttempts {
  const r = one<{ failures: number; lockouts: number; locked_until: number }>(
    db,
    'SELECT failures, lockouts, locked_until FROM pin_attempts WHERE staff_id = ?',
    [staffId],
  );
  return r ? { failures: r.failures, lockouts: r.lockouts, lockedUntil: r.locked_until } : NONE;
}

export function savePinAttempts(db: Db, staffId: string, a: PinAttempts, at: string): void {
  run(
    db,
    `INSERT INTO pin_attempts (staff_id, failures, lockouts, locked_until, updated_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (staff_id) DO UPDATE SET failures = excluded.failures,
       lockouts = excluded.lockouts, locked_until = excluded.locked_until,
       updated_at = excluded.updated_at`,
    [staffId, a.failures, a.lockouts, a.lockedUntil, at],
  );
}

/** An unlock: the id starts afresh. */
export function clearPinAttempts(db: Db, staffId: string): void {
  run(db, 'DELETE FROM pin_attempts WHERE staff_id = ?', [staffId]);
}

/** Rows of ids nobody has tried since `beforeIso` and that are not locked now (typed junk ids). */
export function prunePinAttempts(db: Db, beforeIso: string, nowMs: number): number {
  return run(db, 'DELETE FROM pin_attempts WHERE updated_at < ? AND locked_until < ?', [
    beforeIso,
    nowMs,
  ]);
}
