// Who is at the screen now, as far as main knows: the rights every call is checked against.
// One kiosk, one screen, one session; reset wipes it.
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
  reset(): void;
}

const EMPTY: SessionState = { audience: 'anonymous', staff: null, enterprise: null };

export function createSessionService(): SessionService {
  let state: SessionState = EMPTY;
  return {
    state: () => state,
    hasAccess(needed) {
      if (needed === 'kiosk') return true;
      if (!state.staff) return false;
      return needed === 'staff' || state.staff.role === 'admin';
    },
    set(next) {
      state = next;
    },
    reset() {
      state = EMPTY;
    },
  };
}
