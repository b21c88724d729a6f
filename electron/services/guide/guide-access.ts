// Unlocking guide mode: a staff PIN (5 wrong tries lock PIN entry for 5 minutes) or a signed staff
// badge. Every unlock, refusal and lock is written to the audit log.
import type { KioskDatabase } from '../storage/database';
import type { Logger } from '../logger';
import type { SessionService, StaffRole } from '../session';
import { appendAudit } from './audit-repository';
import { verifyPin } from './pin-hash';
import { findStaffPin } from './staff-pins';

export const MAX_PIN_TRIES = 5;
export const PIN_LOCKOUT_MS = 5 * 60_000;

export type UnlockResult =
  | { unlocked: true; staffId: string; role: StaffRole }
  | { unlocked: false; reason: 'wrong-pin'; triesLeft: number }
  | { unlocked: false; reason: 'locked-out'; lockedUntil: string };

export interface GuideAccess {
  unlockWithPin(staffId: string, pin: string): Promise<UnlockResult>;
  unlockWithBadge(staffId: string, role: StaffRole): Promise<UnlockResult>;
  lock(reason: 'guide' | 'idle'): Promise<void>;
  lockout(): { lockedUntil: string | null; triesLeft: number };
}

export function createGuideAccess(deps: {
  db: KioskDatabase;
  session: SessionService;
  log: Logger;
  now: () => Date;
  /** <data>/staff-pins.json */
  pinFile: string;
}): GuideAccess {
  let failures = 0;
  let lockedUntil = 0;
  const { db, session, log, now } = deps;

  const audit = (staffId: string, action: string, detail: string | null = null) =>
    db.write((d) =>
      appendAudit(d, { at: now().toISOString(), staffId, action, requestId: null, detail }),
    );

  const grant = async (staffId: string, role: StaffRole, how: string): Promise<UnlockResult> => {
    failures = 0;
    session.set({ ...session.state(), audience: 'staff', staff: { id: staffId, role } });
    await audit(staffId, 'unlock', how);
    log.info('guide.unlocked', { staffId, role, how });
    return { unlocked: true, staffId, role };
  };

  return {
    async unlockWithPin(staffId, pin) {
      const t = now().getTime();
      if (t < lockedUntil)
        return {
          unlocked: false,
          reason: 'locked-out',
          lockedUntil: new Date(lockedUntil).toISOString(),
        };
      let stored: ReturnType<typeof findStaffPin>;
      try {
        stored = findStaffPin(deps.pinFile, staffId);
      } catch (e) {
        log.error('guide.pin_file_invalid', { error: (e as Error).message });
        stored = undefined;
      }
      // Unknown ids cost the same time as wrong PINs, so ids cannot be probed by timing.
      const ok = await verifyPin(
        pin,
        stored?.hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA',
      );
      if (stored && ok) return grant(staffId, stored.role, 'pin');
      failures++;
      await audit(
        staffId.slice(0, 32),
        'unlock-refused',
        `wrong PIN (${failures}/${MAX_PIN_TRIES})`,
      );
      log.warn('guide.pin_refused', { failures });
      if (failures >= MAX_PIN_TRIES) {
        failures = 0;
        lockedUntil = t + PIN_LOCKOUT_MS;
        log.warn('guide.pin_locked_out', { until: new Date(lockedUntil).toISOString() });
        return {
          unlocked: false,
          reason: 'locked-out',
          lockedUntil: new Date(lockedUntil).toISOString(),
        };
      }
      return { unlocked: false, reason: 'wrong-pin', triesLeft: MAX_PIN_TRIES - failures };
    },
    unlockWithBadge: (staffId, role) => grant(staffId, role, 'badge'),
    async lock(reason) {
      const staff = session.state().staff;
      session.lockStaff();
      if (staff) await audit(staff.id, 'lock', reason);
    },
    lockout: () => ({
      lockedUntil: now().getTime() < lockedUntil ? new Date(lockedUntil).toISOString() : null,
      triesLeft: MAX_PIN_TRIES - failures,
    }),
  };
}
