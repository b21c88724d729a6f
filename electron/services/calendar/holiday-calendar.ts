// Official working days: the State Council's holidays and adjusted working days (调休), from the
// chinese-days package, extended without a new build by the years a signed content bundle carries
// and by files in <data>/calendar/*.json (the next year's schedule is published around
// November–December). Beyond the last covered year only
// weekends are known, and callers are told so.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logger';
import { addDays, isoWeekdayOf } from './wall-clock';

const DATE = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);

/** The shape of chinese-days' data and of an override file: date → holiday name. */
export const HolidayFileSchema = z
  .object({
    holidays: z.record(DATE, z.string().max(100)),
    workdays: z.record(DATE, z.string().max(100)),
  })
  .strict();
export type HolidayFile = z.infer<typeof HolidayFileSchema>;

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted-workday';

export interface HolidayCalendar {
  kind(date: string): DayKind;
  isWorkingDay(date: string): boolean;
  /** The holiday's Chinese name for a holiday or adjusted working day, else null. */
  holidayName(date: string): string | null;
  /** Whether the official schedule for the date's year is known. */
  covers(date: string): boolean;
  firstCoveredYear: number;
  lastCoveredYear: number;
  /** The first working day on or after `date`. */
  nextWorkingDay(date: string): string;
  /** `date` plus `n` working days (`date` itself not counted). */
  addWorkingDays(date: string, n: number): string;
  sources: string[];
}

/** chinese-days stores "English,中文,n"; override files may give just the Chinese name. */
function chineseName(value: string): string {
  const parts = value.split(',');
  return (parts.length >= 2 ? parts[1] : parts[0])?.trim() ?? value;
}

export function createHolidayCalendar(
  files: { source: string; data: HolidayFile }[],
): HolidayCalendar {
  const holidays = new Map<string, string>();
  const workdays = new Map<string, string>();
  const years = new Set<number>();
  for (const { data } of files) {
    for (const [d, name] of Object.entries(data.holidays)) {
      holidays.set(d, chineseName(name));
      workdays.delete(d);
      years.add(Number(d.slice(0, 4)));
    }
    for (const [d, name] of Object.entries(data.workdays)) {
      workdays.set(d, chineseName(name));
      holidays.delete(d);
      years.add(Number(d.slice(0, 4)));
    }
  }
  const sorted = [...years].sort((a, b) => a - b);
  const kind = (date: string): DayKind => {
    if (workdays.has(date)) return 'adjusted-workday';
    if (holidays.has(date)) return 'holiday';
    return isoWeekdayOf(date) >= 6 ? 'weekend' : 'workday';
  };
  const isWorkingDay = (date: string) => {
    const k = kind(date);
    return k === 'workday' || k === 'adjusted-workday';
  };
  const cal: HolidayCalendar = {
    kind,
    isWorkingDay,
    holidayName: (date) => holidays.get(date) ?? workdays.get(date) ?? null,
    covers: (date) => years.has(Number(date.slice(0, 4))),
    firstCoveredYear: sorted[0] ?? 0,
    lastCoveredYear: sorted.at(-1) ?? 0,
    nextWorkingDay(date) {
      let d = date;
      for (let i = 0; i < 40 && !isWorkingDay(d); i++) d = addDays(d, 1);
      return d;
    },
    addWorkingDays(date, n) {
      let d = date;
      for (let left = n; left > 0;) {
        d = addDays(d, 1);
        if (isWorkingDay(d)) left--;
      }
      return d;
    },
    sources: files.map((f) => f.source),
  };
  return cal;
}

function builtinData(): HolidayFile {
  const require = createRequire(import.meta.url);
  const raw = require('chinese-days/dist/chinese-days.json') as {
    holidays: unknown;
    workdays: unknown;
  };
  return HolidayFileSchema.parse({ holidays: raw.holidays, workdays: raw.workdays });
}

/**
 * One year's schedule as a content bundle carries it: the holiday file's shape, and every date in
 * that year (a file for 2027 that moves a 2026 day would silently rewrite a year in use).
 */
export function parseYearFile(year: string, raw: unknown): HolidayFile {
  const data = HolidayFileSchema.parse(raw);
  const stray = [...Object.keys(data.holidays), ...Object.keys(data.workdays)].filter(
    (d) => !d.startsWith(`${year}-`),
  );
  if (stray.length) throw new Error(`dates outside ${year}: ${stray.slice(0, 5).join(', ')}`);
  if (Object.keys(data.holidays).length === 0)
    throw new Error(`no holidays for ${year}: an official schedule always has some`);
  return data;
}

export interface LoadedCalendar {
  calendar: HolidayCalendar;
  /** Override files that were refused, with why. */
  problems: { file: string; problem: string }[];
}

/**
 * The package's data, then the years of the content bundle in force (already checked), then every
 * valid `<dir>/*.json` in name order (later files win); only the package's data when `dir` is null.
 */
export function loadHolidayCalendar(
  dir: string | null,
  log: Logger,
  content: { source: string; data: HolidayFile }[] = [],
): LoadedCalendar {
  const files = [{ source: 'chinese-days', data: builtinData() }, ...content];
  const problems: LoadedCalendar['problems'] = [];
  let names: string[] = [];
  try {
    if (dir !== null)
      names = fs
        .readdirSync(dir)
        .filter((n) => n.endsWith('.json'))
        .sort();
  } catch {
    names = [];
  }
  for (const name of names) {
    try {
      const data = HolidayFileSchema.parse(
        JSON.parse(fs.readFileSync(path.join(dir as string, name), 'utf8')),
      );
      files.push({ source: name, data });
    } catch (e) {
      const problem =
        e instanceof z.ZodError
          ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
          : (e as Error).message;
      problems.push({ file: name, problem });
      log.warn('calendar.override_refused', { file: name, problem });
    }
  }
  const calendar = createHolidayCalendar(files);
  log.info('calendar.loaded', {
    sources: calendar.sources,
    lastCoveredYear: calendar.lastCoveredYear,
  });
  return { calendar, problems };
}

/** A calendar whose schedule can be replaced while the kiosk runs (a content bundle applied). */
export interface SwitchableCalendar extends HolidayCalendar {
  replace(next: HolidayCalendar): void;
}

/**
 * Delegates to the calendar in force: the services holding it (center hours, promised dates)
 * see a newly applied year at once, without being rebuilt.
 */
export function createSwitchableCalendar(initial: HolidayCalendar): SwitchableCalendar {
  let current = initial;
  return {
    kind: (date) => current.kind(date),
    isWorkingDay: (date) => current.isWorkingDay(date),
    holidayName: (date) => current.holidayName(date),
    covers: (date) => current.covers(date),
    get firstCoveredYear() {
      return current.firstCoveredYear;
    },
    get lastCoveredYear() {
      return current.lastCoveredYear;
    },
    nextWorkingDay: (date) => current.nextWorkingDay(date),
    addWorkingDays: (date, n) => current.addWorkingDays(date, n),
    get sources() {
      return current.sources;
    },
    replace(next) {
      current = next;
    },
  };
}
