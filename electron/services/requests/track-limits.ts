// Limits on tracking by ticket number, which anyone at the screen may try. Ticket numbers are
// sequential and guessable: look-ups that show a request's status to someone who has not shown
// its receipt are limited to a number of different tickets in a window (looking the same ticket
// up again is free), and wrong tracking codes are limited per ticket, so that neither the tickets
// nor their codes can be walked through at the screen. In memory: a restart starts them over,
// which a person at the screen cannot bring about.

/** Different tickets whose status may be looked up without their receipt, per window. */
export const STATUS_LOOKUPS_PER_WINDOW = 20;
export const STATUS_LOOKUP_WINDOW_MS = 10 * 60_000;
/** Wrong tracking codes per ticket before its code is not checked for a while. */
export const WRONG_CODES_PER_TICKET = 5;
export const WRONG_CODE_BLOCK_MS = 30 * 60_000;

export interface TrackLimits {
  /** Counts a status look-up of `ticket`; the time it may be tried again when over the limit. */
  lookUp(ticket: string, nowMs: number): number | null;
  /** When codes for `ticket` are checked again, if they are blocked now. */
  codeBlockedUntil(ticket: string, nowMs: number): number | null;
  /** Counts a wrong code for `ticket`. */
  wrongCode(ticket: string, nowMs: number): void;
}

export function createTrackLimits(): TrackLimits {
  /** ticket → when it was first looked up in the current window. */
  const looked = new Map<string, number>();
  /** ticket → times of its wrong codes in the block window. */
  const wrong = new Map<string, number[]>();

  const prune = (nowMs: number) => {
    for (const [t, at] of looked) if (nowMs - at >= STATUS_LOOKUP_WINDOW_MS) looked.delete(t);
    for (const [t, times] of wrong) {
      const kept = times.filter((at) => nowMs - at < WRONG_CODE_BLOCK_MS);
      if (kept.length) wrong.set(t, kept);
      else wrong.delete(t);
    }
  };

  return {
    lookUp(ticket, nowMs) {
      prune(nowMs);
      if (looked.has(ticket)) return null;
      if (looked.size >= STATUS_LOOKUPS_PER_WINDOW)
        return Math.min(...looked.values()) + STATUS_LOOKUP_WINDOW_MS;
      looked.set(ticket, nowMs);
      return null;
    },
    codeBlockedUntil(ticket, nowMs) {
      prune(nowMs);
      const times = wrong.get(ticket) ?? [];
      return times.length >= WRONG_CODES_PER_TICKET
        ? (times[0] as number) + WRONG_CODE_BLOCK_MS
        : null;
    },
    wrongCode(ticket, nowMs) {
      wrong.set(ticket, [...(wrong.get(ticket) ?? []), nowMs]);
    },
  };
}
