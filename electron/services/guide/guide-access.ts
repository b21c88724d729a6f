// Unlocking guide mode: a staff PIN or a signed staff badge. Every unlock, refusal and lock is
// written to the audit log.
//
// PIN tries are weighed one at a time per typed staff id (a queue per id), and the count of wrong
// PINs and lockouts lives in the database: a burst of concurrent tries cannot all be weighed
// before the lock is seen, and a restart does not reset it. Five wrong PINs lock that id for five
// minutes; each further lockout without an unlock in between doubles the time (up to a day).
// Unknown ids are counted like known ones, so the answers do not tell which ids exist.
import type { KioskDatabase } from '../storage/database';
import type { Logger } from '../logger';
import type { StaffRole } from '../../domain/signed-token';
import type { SessionService } from '../session';
import { appendAudit } from './audit-repository';
import {
  clearPinAttempts,
  pinAttemptsOf,
  prunePinAttempts,
  savePinAttempts,
  type PinAttempts,
} from './pin-attempt-repository';
import { verifyPin } from './pin-hash';
import { findStaffPin } from './staff-pins';

export const MAX_PIN_TRIES = 5;
export const PIN_LOCKOUT_MS = 5 * 60_000;
export const PIN_LOCKOUT_MAX_MS = 24 * 3_600_000;
/** Rows of ids not tried for this long (and not locked) are forgotten: lockouts start over. */
const FORGET_AFTER_MS = 7 * 86_400_000;

/** How long the `n`-th lockout in a row lasts. */
export function lockoutMs(n: number): number {
  return Math.min(PIN_LOCKOUT_MS * 2 ** Math.max(0, n - 1), PIN_LOCKOUT_MAX_MS);
}

export type UnlockResult =
  | { unlocked: true; staffId: string; role: StaffRole }
  | { unlocked: false; reason: 'wrong-pin'; triesLeft: number }
  | { unlocked: false; reason: 'locked-out'; lockedUntil: string };

export interface GuideAccess {
  unlockWithPin(staffId: string, pin: string): Promise<UnlockResult>;
  unlockWithBadge(staffId: string, role: StaffRole): Promise<UnlockResult>;
  /** Locks guide mode: the session ends (everything of it is forgotten) and the lock is audited. */
  lock(reason: 'guide' | 'idle'): Promise<void>;
}

/** A hash of the right shape that no PIN matches: unknown ids cost the same time as known ones. */
const NO_PIN_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA';

export function createGuideAccess(deps: {
  db: KioskDatabase;
  session: SessionService;
  log: Logger;
  now: () => Date;
  /** <data>/staff-pins.json */
  pinFile: string;
}): GuideAccess {
  const { db, session, log, now } = deps;
  /** The try being weighed for each typed id; the next one waits for it. */
  const queues = new Map<string, Promise<unknown>>();

  const audit = (staffId: string, action: string, detail: string | null = null) =>
    db.write((d) =>
      appendAudit(d, { at: now().toISOString(), staffId, action, requestId: null, detail }),
    );

  const grant = async (staffId: string, role: StaffRole, how: string): Promise<UnlockResult> => {
    session.set({ ...session.state(), audience: 'staff', staff: { id: staffId, role } });
    await db.write((d) => {
      clearPinAttempts(d, staffId);
      appendAudit(d, {
        at: now().toISOString(),
        staffId,
        action: 'unlock',
        requestId: null,
        detail: how,
      });
    });
    log.info('guide.unlocked', { staffId, role, how });
    return { unlocked: true, staffId, role };
  };

  const lockedOut = (until: number): UnlockResult => ({
    unlocked: false,
    reason: 'locked-out',
    lockedUntil: new Date(until).toISOString(),
  });

  async function weigh(staffId: string, pin: string): Promise<UnlockResult> {
    const t = now().getTime();
    // Read inside the queue: every earlier try for this id has been counted by now.
    const before = db.read((d) => pinAttemptsOf(d, staffId));
    if (t < before.lockedUntil) return lockedOut(before.lockedUntil);
    let stored: ReturnType<typeof findStaffPin>;
    try {
      stored = findStaffPin(deps.pinFile, staffId);
    } catch (e) {
      log.error('guide.pin_file_invalid', { error: (e as Error).message });
      stored = undefined;
    }
    const ok = await verifyPin(pin, stored?.hash ?? NO_PIN_HASH);
    if (stored && ok) return grant(staffId, stored.role, 'pin');
    const failures = before.failures + 1;
    const locks = failures >= MAX_PIN_TRIES;
    const after: PinAttempts = locks
      ? {
          failures: 0,
          lockouts: before.lockouts + 1,
          lockedUntil: t + lockoutMs(before.lockouts + 1),
        }
      : { failures, lockouts: before.lockouts, lockedUntil: before.lockedUntil };
    const at = new Date(t).toISOString();
    await db.write((d) => {
      savePinAttempts(d, staffId, after, at);
      prunePinAttempts(d, new Date(t - FORGET_AFTER_MS).toISOString(), t);
      appendAudit(d, {
        at,
        staffId,
        action: 'unlock-refused',
        requestId: null,
        detail: `wrong PIN (${failures}/${MAX_PIN_TRIES})`,
      });
    });
    log.warn('guide.pin_refused', { failures });
    if (locks) {
      log.warn('guide.pin_locked_out', {
        until: new Date(after.lockedUntil).toISOString(),
        lockout: after.lockouts,
      });
      return lockedOut(after.lockedUntil);
    }
    return { unlocked: false, reason: 'wrong-pin', triesLeft: MAX_PIN_TRIES - failures };
  }

  return {
    unlockWithPin(staffId, pin) {
      const previous = queues.get(staffId) ?? Promise.resolve();
      const mine = previous.then(
        () => weigh(staffId, pin),
        () => weigh(staffId, pin),
      );
      queues.set(staffId, mine);
      // The queue forgets an id once its last try is done.
      const forget = () => {
        if (queues.get(staffId) === mine) queues.delete(staffId);
      };
      mine.then(forget, forget);
      return mine;
    },
    unlockWithBadge: (staffId, role) => grant(staffId, role, 'badge'),
    async lock(reason) {
      const staff = session.state().staff;
      session.reset();
      if (staff) await audit(staff.id, 'lock', reason);
    },
  };
}
