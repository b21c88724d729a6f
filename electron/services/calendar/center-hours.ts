// The center's staffed "5+X" hours on top of the official calendar: whether someone is at the
// counters now, when they next are, and from which working day a request's promised feedback
// time counts.
//
// Decisions (README, "Hours and promised dates"):
// - An adjusted working day (调休, usually a weekend day) keeps Monday's hours.
// - Holidays are closed, whatever the weekday.
// - A request counts from the day it is made if that is an official working day and it is made
//   before the day's last closing time; otherwise from the next official working day. The center's
//   weekend "X" hours serve people but do not make a weekend a working day for deadlines.
import type { CountReason } from '../../domain/request';
import type { HolidayCalendar } from './holiday-calendar';
import { addDays, instantOf, isoWeekdayOf, wallClock } from './wall-clock';

export type Weekly = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', string[]>>;

export interface HoursConfig {
  weekly: Weekly;
  timeZone: string;
}

export interface FeedbackPromise {
  submittedAt: string;
  /** The working day the request counts from (day 0). */
  countsFrom: string;
  /** countsFrom plus `workingDays` working days. */
  dueDate: string;
  workingDays: number;
  reason: CountReason;
  /** False when the due date lies in a year whose official holiday schedule is not loaded. */
  calendarCertain: boolean;
}

export interface OpeningStatus {
  open: boolean;
  /** When the current opening ends (if open). */
  closesAt: string | null;
  /** The next time the counters open (if closed now), within the next 30 days. */
  nextOpening: string | null;
}

interface Range {
  from: number;
  to: number;
}

function parseRange(r: string): Range {
  const [a, b] = r.split('-') as [string, string];
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return { from: m(a), to: m(b) };
}

export interface CenterHours {
  rangesOn(date: string): Range[];
  status(at: Date): OpeningStatus;
  promise(at: Date, workingDays: number): FeedbackPromise;
}

export function createCenterHours(calendar: HolidayCalendar, config: HoursConfig): CenterHours {
  const rangesOn = (date: string): Range[] => {
    const kind = calendar.kind(date);
    if (kind === 'holiday') return [];
    const day = kind === 'adjusted-workday' ? '1' : String(isoWeekdayOf(date));
    return (config.weekly[day as keyof Weekly] ?? [])
      .map(parseRange)
      .sort((a, b) => a.from - b.from);
  };

  return {
    rangesOn,
    status(at) {
      const now = wallClock(at, config.timeZone);
      const current = rangesOn(now.date).find((r) => r.from <= now.minutes && now.minutes < r.to);
      if (current)
        return {
          open: true,
          closesAt: instantOf(now.date, current.to, config.timeZone).toISOString(),
          nextOpening: null,
        };
      for (let i = 0; i <= 30; i++) {
        const date = addDays(now.date, i);
        const next = rangesOn(date).find((r) => i > 0 || r.from > now.minutes);
        if (next)
          return {
            open: false,
            closesAt: null,
            nextOpening: instantOf(date, next.from, config.timeZone).toISOString(),
          };
      }
      return { open: false, closesAt: null, nextOpening: null };
    },
    promise(at, workingDays) {
      const now = wallClock(at, config.timeZone);
      const kind = calendar.kind(now.date);
      let reason: CountReason;
      let countsFrom: string;
      if (kind === 'holiday') reason = 'holiday';
      else if (kind === 'weekend') reason = 'weekend';
      else {
        const lastClose = Math.max(0, ...rangesOn(now.date).map((r) => r.to));
        reason = now.minutes < lastClose ? 'in-hours' : 'after-hours';
      }
      if (reason === 'in-hours') countsFrom = now.date;
      else countsFrom = calendar.nextWorkingDay(addDays(now.date, 1));
      const dueDate = calendar.addWorkingDays(countsFrom, workingDays);
      return {
        submittedAt: at.toISOString(),
        countsFrom,
        dueDate,
        workingDays,
        reason,
        calendarCertain: calendar.covers(countsFrom) && calendar.covers(dueDate),
      };
    },
  };
}
