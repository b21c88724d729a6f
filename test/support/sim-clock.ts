// A simulated clock for the sync services: time moves only when the test says so, and sleeps
// resolve when the simulated time passes their end (or their signal aborts).
import type { SyncClock } from '../../electron/services/sync/clock';

export interface SimClock extends SyncClock {
  advance(ms: number): void;
  /** Sleeps currently waiting. */
  sleepers(): number;
}

export function createSimClock(startMs: number): SimClock {
  let t = startMs;
  const timers = new Set<{ due: number; resolve: () => void }>();
  const fire = () => {
    for (const timer of [...timers])
      if (timer.due <= t) {
        timers.delete(timer);
        timer.resolve();
      }
  };
  return {
    now: () => t,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const timer = {
          due: t + Math.max(0, ms),
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          timers.delete(timer);
          resolve();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.add(timer);
        fire();
      }),
    advance(ms) {
      t += ms;
      fire();
    },
    sleepers: () => timers.size,
  };
}
