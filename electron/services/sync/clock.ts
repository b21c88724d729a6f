// The sync services' sense of time, injectable so tests can run a 10-minute outage in
// simulated time. `sleep` resolves early (never rejects) when its signal aborts.
export interface SyncClock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function systemClock(now: () => number = () => Date.now()): SyncClock {
  return {
    now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        timer.unref?.();
        signal?.addEventListener('abort', done, { once: true });
      }),
  };
}
