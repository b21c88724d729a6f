// 一屏总览: the figures the center's dashboard shows and `kioskctl report` exports.
// Counts only: no ticket, no enterprise, no contact, no staff id — nothing that names anyone.
// Node-free: the renderer draws its charts and tables from these shapes.
import type { RatingLevel } from './voice';

/** The guide-mode period switch: today, the last 7 days, the last 30 days (local dates). */
export const DASHBOARD_PERIODS = ['today', '7d', '30d'] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

export const PERIOD_DAYS: Readonly<Record<DashboardPeriod, number>> = {
  today: 1,
  '7d': 7,
  '30d': 30,
};

/** Longest range `kioskctl report` sums over (days). */
export const REPORT_MAX_DAYS = 366;

export interface KeyCount {
  /** Bundle id (or the request kind for consultations and 诉求), board id, or search text. */
  key: string;
  /** The catalog's name (bundle, board); null where the screen words it. */
  label: string | null;
  n: number;
}

export interface DayCount {
  /** Local date YYYY-MM-DD. */
  date: string;
  total: number;
  /** Submitted outside the center's staffed hours (after hours, weekends, holidays). */
  afterHours: number;
}

/** 企业开办's 证、照、章、金、银、税、码: how many 企业开办 requests included each part. */
export interface StartupPart {
  letter: string;
  what: string;
  n: number;
}

export interface PromiseRow {
  /** Board id; `all` for the total row. */
  key: string;
  label: string | null;
  /** Open requests whose promised date is the as-of day. */
  dueToday: number;
  /** Open requests whose promised date has passed (as of the as-of day). */
  overdue: number;
  /** Requests promised within the period and answered (completed or returned) by that date. */
  metOnTime: number;
  /** Requests promised within the period and answered late, or still open past the date. */
  late: number;
  /** metOnTime / (metOnTime + late); null when none was due yet. */
  metShare: number | null;
}

export interface LevelRow {
  /** The week's Monday (YYYY-MM-DD), or a bundle id / request kind. */
  key: string;
  label: string | null;
  levels: Record<RatingLevel, number>;
  total: number;
}

export interface HealthBucket {
  /** Local date (YYYY-MM-DD), or local hour `YYYY-MM-DD HH` when the period is one day. */
  bucket: string;
  /** Printer faults recorded (failed prints). */
  printerFaults: number;
  /** Health samples taken / of them with the back office unreachable. */
  samples: number;
  outageSamples: number;
  /** The largest back-office backlog (items waiting) seen in a sample; null without samples. */
  backlogMax: number | null;
}

export interface DashboardFigures {
  /** Inclusive local dates; `asOf` is the day "due today" and "overdue" are judged on. */
  from: string;
  to: string;
  asOf: string;
  days: number;
  timeZone: string;
  generatedAt: string;
  requests: {
    total: number;
    afterHours: number;
    afterHoursShare: number | null;
    /** Every day of the period, zero-filled. */
    byDay: DayCount[];
    /** Hours 0–23 (local), zero-filled. */
    byHour: { hour: number; total: number; afterHours: number }[];
    byBundle: KeyCount[];
    byBoard: KeyCount[];
    startupTotal: number;
    startupParts: StartupPart[];
  };
  promises: { byBoard: PromiseRow[]; total: PromiseRow };
  satisfaction: { total: number; byWeek: LevelRow[]; byBundle: LevelRow[] };
  /** What people searched for and found nothing, each text at least `minCount` times. */
  searchMisses: { total: number; minCount: number; top: KeyCount[] };
  health: { granularity: 'hour' | 'day'; sampleMinutes: number; buckets: HealthBucket[] };
}

/** Local dates from `from` to `to`, inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  for (let i = 0; ; i++) {
    const date = new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10);
    if (date > to) break;
    out.push(date);
  }
  return out;
}

export const ISO_DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isIsoDate(s: string): boolean {
  if (!ISO_DATE_RE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === s;
}
