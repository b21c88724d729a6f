// Long-running health: the renderer's heartbeat (a silent renderer is reloaded by its shell), and
// the nightly restart at a quiet hour (long-running kiosks die of slow leaks otherwise).
import { addDays, instantOf, wallClock } from './calendar/wall-clock';

export interface RendererWatch {
  beat(): void;
  /** True when beats had started and none came for `afterMs`. */
  stalled(afterMs: number): boolean;
  lastBeatAt(): string | null;
  /** True once the nightly restart time has passed and it has not been done yet. */
  restartDue(): boolean;
  /** The shell restarted (or reloaded) the kiosk: schedule the next night. */
  restarted(): void;
  nextRestartAt(): string | null;
}

export function nextRestartInstant(after: Date, hhmm: string, timeZone: string): Date {
  const minutes = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const today = wallClock(after, timeZone).date;
  const candidate = instantOf(today, minutes, timeZone);
  return candidate.getTime() > after.getTime()
    ? candidate
    : instantOf(addDays(today, 1), minutes, timeZone);
}

export function createRendererWatch(opts: {
  now: () => Date;
  nightlyRestart: string | null;
  timeZone: string;
}): RendererWatch {
  let last: number | null = null;
  let next = opts.nightlyRestart
    ? nextRestartInstant(opts.now(), opts.nightlyRestart, opts.timeZone)
    : null;
  return {
    beat: () => {
      last = opts.now().getTime();
    },
    stalled: (afterMs) => last !== null && opts.now().getTime() - last > afterMs,
    lastBeatAt: () => (last === null ? null : new Date(last).toISOString()),
    restartDue: () => next !== null && opts.now().getTime() >= next.getTime(),
    restarted: () => {
      if (opts.nightlyRestart)
        next = nextRestartInstant(opts.now(), opts.nightlyRestart, opts.timeZone);
    },
    nextRestartAt: () => next?.toISOString() ?? null,
  };
}
