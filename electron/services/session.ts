// Who is at the screen now, as far as main knows: the rights every call is checked against.
// One kiosk, one screen, one session; reset wipes it. Staff rights lapse on their own after the
// guide idle time (default 2 minutes) without a staff call: guide mode locks itself.
import type { Access } from '../domain/call';

export type Audience = 'anonymous' | 'public' | 'enterprise' | 'staff';
export type StaffRole = 'guide' | 'admin';

export interface SessionState {
  audience: Audience;
  staff: { id: string; role: StaffRole } | null;
  /** The enterprise identified in this session; `verified` only after a signed code (or staff). */
  enterprise: { uscc: string; verified: boolean } | null;
}

export interface SessionService {
  state(): SessionState;
  hasAccess(needed: Access): boolean;
  set(next: SessionState): void;
  /** Drops staff rights, keeping nothing else either. */
  lockStaff(): void;
  reset(): void;
  /** Runs `listener` after every reset (the visitor's session ended): features forget it too. */
  onReset(listener: () => void): void;
}

const EMPTY: SessionState = { audience: 'anonymous', staff: null, enterprise: null };

export function createSessionService(
  opts: { now?: () => Date; staffIdleMs?: number; onStaffLapsed?: (staffId: string) => void } = {},
): SessionService {
  const now = opts.now ?? (() => new Date());
  const idleMs = opts.staffIdleMs ?? 120_000;
  let state: SessionState = EMPTY;
  let staffSeen = 0;
  const resetListeners: (() => void)[] = [];

  const staffValid = (): boolean => {
    if (!state.staff) return false;
    if (now().getTime() - staffSeen > idleMs) {
      const id = state.staff.id;
      state = EMPTY;
      opts.onStaffLapsed?.(id);
      return false;
    }
    return true;
  };

  return {
    state: () => {
      staffValid();
      return state;
    },
    hasAccess(needed) {
      if (needed === 'kiosk') return true;
      if (!staffValid() || !state.staff) return false;
      const ok = needed === 'staff' || state.staff.role === 'admin';
      if (ok) staffSeen = now().getTime();
      return ok;
    },
    set(next) {
      state = next;
      if (next.staff) staffSeen = now().getTime();
    },
    lockStaff() {
      state = EMPTY;
    },
    reset() {
      state = EMPTY;
      for (const l of resetListeners) l();
    },
    onReset(listener) {
      resetListeners.push(listener);
    },
  };
}
