// What to do when the renderer dies: reload it, unless it keeps dying, then restart the app.
export type CrashAction = 'reload' | 'relaunch';

export interface CrashPolicy {
  onCrash(at: number): CrashAction;
}

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
