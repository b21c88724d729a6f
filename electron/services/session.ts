// Who is at the screen now, as far as main knows: the rights every call is checked against.
// One kiosk, one screen, one session at a time, named by an id that changes whenever the session
// ends. Every way a session ends — the visitor finishes or times out, guide mode is locked, a
// guide's rights lapse — goes through `reset()`: the state is emptied, the id rotates and every
// feature's reset listener forgets what it kept for the session (receipts it may fetch, the
// assisted flag, tickets it proved it holds). Features that key things to `id()` also drop them
// by themselves once the id has moved on. The renderer learns the new id from `appStatus` and
// wipes its own stores.
//
// Staff rights lapse on their own after the guide idle time (default 2 minutes) without a staff
// call or a touch the screen reported (`touch()`): guide mode locks itself, which ends the session.
import crypto from 'node:crypto';
import type { Access } from '../domain/call';
import type { Audience } from '../domain/enterprise';
import type { StaffRole } from '../domain/signed-token';

export interface SessionState {
  audience: Audience;
  staff: { id: string; role: StaffRole } | null;
  /** The enterprise identified in this session; `verified` only after a signed code (or staff). */
  enterprise: { uscc: string; verified: boolean } | null;
}

export interface SessionService {
  /** The current session's id; a new one after every reset. */
  id(): string;
  state(): SessionState;
  hasAccess(needed: Access): boolean;
  set(next: SessionState): void;
  /** Someone is working at the screen: a signed-in guide's idle time starts again. */
  touch(): void;
  /** Ends the session: nobody is at the screen, the id rotates, every feature forgets it. */
  reset(): void;
  /** Runs `listener` after every reset (the session ended): features forget it too. */
  onReset(listener: () => void): void;
}

const EMPTY: SessionState = { audience: 'anonymous', staff: null, enterprise: null };

export function createSessionService(
  opts: { now?: () => Date; staffIdleMs?: number; onStaffLapsed?: (staffId: string) => void } = {},
): SessionService {
  const now = opts.now ?? (() => new Date());
  const idleMs = opts.staffIdleMs ?? 120_000;
  let state: SessionState = EMPTY;
  let id = crypto.randomUUID();
  let staffSeen = 0;
  const resetListeners: (() => void)[] = [];

  function reset(): void {
    state = EMPTY;
    id = crypto.randomUUID();
    for (const l of resetListeners) l();
  }

  const staffValid = (): boolean => {
    if (!state.staff) return false;
    if (now().getTime() - staffSeen > idleMs) {
      const lapsed = state.staff.id;
      reset();
      opts.onStaffLapsed?.(lapsed);
      return false;
    }
    return true;
  };

  return {
    id() {
      staffValid();
      return id;
    },
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
    touch() {
      if (staffValid()) staffSeen = now().getTime();
    },
    reset,
    onReset(listener) {
      resetListeners.push(listener);
    },
  };
}
