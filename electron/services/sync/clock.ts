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

/** Beyond this, guide mode, the heartbeat and `kioskctl doctor` warn about the kiosk's clock. */
export const CLOCK_WARN_MS = 10_000;

export interface ClockOffset {
  /** The back office's time minus the kiosk's, in ms (positive: the kiosk is behind). */
  offsetMs: number;
  /** How far off the estimate may be: half the round trip, plus half a second for `Date`. */
  uncertaintyMs: number;
  /** The kiosk's time of the measurement (epoch ms). */
  measuredAt: number;
  source: 'date-header' | 'server-time';
}

/**
 * One measurement from a reply: the server's time (`serverMs`) lies between when the call was
 * sent and when its reply arrived; the midpoint is the best guess. The `Date` header has whole
 * seconds (truncated), so its midpoint is half a second later.
 */
export function measureOffset(
  server: { dateHeader?: string | null; serverTime?: string | null },
  sentAt: number,
  receivedAt: number,
): ClockOffset | null {
  const half = Math.max(0, receivedAt - sentAt) / 2;
  const mid = sentAt + half;
  const precise = server.serverTime ? Date.parse(server.serverTime) : NaN;
  if (Number.isFinite(precise))
    return {
      offsetMs: Math.round(precise - mid),
      uncertaintyMs: Math.round(half),
      measuredAt: receivedAt,
      source: 'server-time',
    };
  const date = server.dateHeader ? Date.parse(server.dateHeader) : NaN;
  if (!Number.isFinite(date)) return null;
  return {
    offsetMs: Math.round(date + 500 - mid),
    uncertaintyMs: Math.round(half + 500),
    measuredAt: receivedAt,
    source: 'date-header',
  };
}

export interface OffsetTracker {
  observe(o: ClockOffset | null): void;
  /** The latest measurement, or null before the first answer. */
  current(): ClockOffset | null;
}

/** Keeps the latest measurement; a far less certain one does not replace a recent precise one. */
export function createOffsetTracker(): OffsetTracker {
  let latest: ClockOffset | null = null;
  return {
    observe(o) {
      if (!o) return;
      if (
        latest &&
        o.uncertaintyMs > 4 * latest.uncertaintyMs + 1_000 &&
        o.measuredAt - latest.measuredAt < 600_000
      )
        return;
      latest = o;
    },
    current: () => latest,
  };
}

/** What the heartbeat, guide mode and doctor report about the clock. */
export function clockReport(o: ClockOffset | null): {
  offsetMs: number | null;
  uncertaintyMs: number | null;
  measuredAt: string | null;
  warning: boolean;
} {
  return o
    ? {
        offsetMs: o.offsetMs,
        uncertaintyMs: o.uncertaintyMs,
        measuredAt: new Date(o.measuredAt).toISOString(),
        warning: Math.abs(o.offsetMs) > CLOCK_WARN_MS,
      }
    : { offsetMs: null, uncertaintyMs: null, measuredAt: null, warning: false };
}
