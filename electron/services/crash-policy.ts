// What to do when the renderer dies: reload it, unless it keeps dying, then restart the app.
// Pure (the caller passes the time); wired to `render-process-gone` in electron/shell/window.ts.
export type CrashAction = 'reload' | 'relaunch';

export interface CrashPolicy {
  /** Record a crash at time `at` (ms) and say what to do about it. */
  onCrash(at: number): CrashAction;
}

/**
 * Up to `maxReloads` crashes within any `windowMs` are answered by reloading the page; one more
 * inside the window means reloading does not help, and the whole app is relaunched.
 */
export function createCrashPolicy(opts: { windowMs: number; maxReloads: number }): CrashPolicy {
  let recent: number[] = [];
  return {
    onCrash(at) {
      recent = recent.filter((t) => at - t < opts.windowMs);
      recent.push(at);
      return recent.length > opts.maxReloads ? 'relaunch' : 'reload';
    },
  };
}

/** The kiosk's settings: three reloads in five minutes, the fourth crash relaunches. */
export const KIOSK_CRASH_POLICY = { windowMs: 5 * 60_000, maxReloads: 3 } as const;
