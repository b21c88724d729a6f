// Is a guide on duty, so that a help call brings someone? Only within the center's staffed hours,
// and (unless the window is switched off) only when a guide signed in to guide mode on this kiosk
// lately: a call in an empty building must not be answered "please wait here".
//
// How long a guide usually takes is measured, not promised, wherever the kiosk can: the median
// time from a call to its answer in guide mode, over calls made within staffed hours in the last
// 30 days, once there are at least five; until then the center's configured figure, if any. The
// answer time is when a guide marked the call handled, so the figure leans long, never short.
import type { GuideDuty } from '../../domain/help';
import type { CenterHours } from '../calendar/center-hours';
import type { KioskConfig } from '../config';
import type { SessionService } from '../session';
import type { KioskDatabase } from '../storage/database';
import { answeredHelpCallsSince, lastGuideSignIn } from './duty-repository';

export const RESPONSE_SAMPLE_DAYS = 30;
export const RESPONSE_MIN_SAMPLES = 5;

export interface UsualResponse {
  minutes: number | null;
  from: 'measured' | 'configured' | null;
}

/** The median minutes from call to answer over calls made within staffed hours, or the configured figure. */
export function usualResponse(
  calls: readonly { at: string; answeredAt: string }[],
  staffedAt: (at: Date) => boolean,
  configured: number | null,
): UsualResponse {
  const waits = calls
    .filter((c) => staffedAt(new Date(c.at)))
    .map((c) => (Date.parse(c.answeredAt) - Date.parse(c.at)) / 60_000)
    .filter((m) => Number.isFinite(m) && m >= 0)
    .sort((a, b) => a - b);
  if (waits.length >= RESPONSE_MIN_SAMPLES) {
    const mid = waits.length / 2;
    const median = waits.length % 2 ? waits[Math.floor(mid)]! : (waits[mid - 1]! + waits[mid]!) / 2;
    return { minutes: Math.max(1, Math.ceil(median)), from: 'measured' };
  }
  return configured === null
    ? { minutes: null, from: null }
    : { minutes: configured, from: 'configured' };
}

export function decideDuty(input: {
  now: Date;
  staffed: { open: boolean; nextOpening: string | null };
  /** A guide is signed in on this kiosk right now. */
  guideHere: boolean;
  lastSignIn: string | null;
  windowMinutes: number | null;
  usual: UsualResponse;
}): GuideDuty {
  if (!input.staffed.open)
    return { onDuty: false, reason: 'after-hours', nextOpening: input.staffed.nextOpening };
  const recent =
    input.windowMinutes === null ||
    input.guideHere ||
    (input.lastSignIn !== null &&
      input.now.getTime() - Date.parse(input.lastSignIn) <= input.windowMinutes * 60_000);
  if (!recent) return { onDuty: false, reason: 'no-guide', nextOpening: null };
  return { onDuty: true, usualMinutes: input.usual.minutes, usualFrom: input.usual.from };
}

/** The decision for now, from the kiosk's own records. */
export function currentDuty(deps: {
  db: KioskDatabase;
  hours: CenterHours;
  session: SessionService;
  help: KioskConfig['help'];
  now: Date;
}): GuideDuty {
  const { db, hours, session, help, now } = deps;
  const since = new Date(now.getTime() - RESPONSE_SAMPLE_DAYS * 86_400_000).toISOString();
  const { lastSignIn, calls } = db.read((d) => ({
    lastSignIn: lastGuideSignIn(d),
    calls: answeredHelpCallsSince(d, since),
  }));
  return decideDuty({
    now,
    staffed: hours.status(now),
    guideHere: session.state().staff !== null,
    lastSignIn,
    windowMinutes: help.guideWindowMinutes,
    usual: usualResponse(calls, (at) => hours.status(at).open, help.responseMinutes),
  });
}
