// A generated data set for 一屏总览: requests, ratings, searches that found nothing, printer
// faults and health samples, written through the repositories, with the answers the dashboard must
// give computed here in plain TypeScript from the generated values (never through SQL). Used by
// the figures test and the dashboard benchmark. Local time is Asia/Shanghai (UTC+8, no DST).
import type { Bundle } from '../../electron/domain/catalog';
import {
  CLOSED_STATUSES,
  REQUEST_STATUSES,
  type RequestKind,
  type RequestStatus,
} from '../../electron/domain/request';
import { RATING_LEVELS, RATING_SCORE, weekOf, type RatingLevel } from '../../electron/domain/voice';
import { insertSearchMiss } from '../../electron/services/catalog/search-miss-repository';
import {
  insertHealthSample,
  type HealthSample,
} from '../../electron/services/dashboard/dashboard-repository';
import type { FigureLabels } from '../../electron/services/dashboard/dashboard-figures';
import { insertKioskEvent } from '../../electron/services/printing/kiosk-event-repository';
import {
  insertRequest,
  type RequestRecord,
} from '../../electron/services/requests/request-repository';
import type { Db } from '../../electron/services/storage/sql';
import { seededRandom } from '../../electron/services/sync/backoff';
import { insertRating } from '../../electron/services/voice/rating-repository';

export const TZ = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3_600_000;

/** Deterministic PRNG (mulberry32): the project's one, from the sync backoff's jitter. */
export const rng = seededRandom;

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The UTC instant of a local (UTC+8) date and minute of day. */
const utcOf = (date: string, minute: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + minute * 60_000 - OFFSET_MS).toISOString();

/** What the generator knows of each request (the oracle's input). */
export interface GenRequest {
  localDate: string;
  hour: number;
  afterHours: boolean;
  bundleKey: string;
  board: string;
  dueDate: string;
  status: RequestStatus;
  /** Local date it was closed, when closed. */
  closedDate: string | null;
  /** Letters of the startup bundle included (empty for other bundles). */
  letters: string[];
}

export interface GenRating {
  localDate: string;
  week: string;
  bundleKey: string;
  level: RatingLevel;
}

export interface GenData {
  today: string;
  requests: GenRequest[];
  ratings: GenRating[];
  misses: { localDate: string; query: string }[];
  faults: { localDate: string; hour: number }[];
  samples: { localDate: string; hour: number; down: boolean; backlog: number }[];
}

const MISS_TEXTS = ['无人机', '直播带货', '跨境电商', '民宿', '13812345678', '光伏补贴', '冷链'];

/**
 * Writes `n` requests over the `spanDays` local days up to `today` (and a few ratings, misses,
 * faults and samples per day) into `db`, inside the caller's transaction or not.
 */
export function generate(
  db: Db,
  opts: {
    n: number;
    today: string;
    spanDays: number;
    seed: number;
    bundles: readonly Bundle[];
    labels: FigureLabels;
  },
): GenData {
  const r = rng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const startup = opts.bundles.find((b) => b.id === 'business-startup');
  if (!startup) throw new Error('no business-startup bundle');
  const others = opts.bundles.filter((b) => b.id !== 'business-startup');
  const boards = [...new Set(opts.bundles.map((b) => b.guidance.routing.board))];
  const data: GenData = {
    today: opts.today,
    requests: [],
    ratings: [],
    misses: [],
    faults: [],
    samples: [],
  };
  const seqByDay = new Map<string, number>();
  for (let i = 0; i < opts.n; i++) {
    const localDate = addDays(opts.today, -Math.floor(r() * opts.spanDays));
    const minute = Math.floor(r() * 1440);
    const hour = Math.floor(minute / 60);
    const afterHours = hour < 9 || hour >= 17 || r() < 0.1;
    const roll = r();
    const kind: RequestKind = roll < 0.08 ? 'consultation' : roll < 0.14 ? 'appeal' : 'bundle';
    const bundle: Bundle | null = kind !== 'bundle' ? null : r() < 0.3 ? startup : pick(others);
    const board = bundle ? bundle.guidance.routing.board : pick(boards);
    // Services: for the startup bundle, a random set of its parts' services and the food answer.
    const letters: string[] = [];
    const services: { name: string }[] = [];
    const answers: Record<string, boolean> = {};
    if (bundle === startup) {
      const food = r() < 0.4;
      answers.food = food;
      for (const part of opts.labels.startupParts) {
        if (part.question === null && part.names.length === 0) {
          letters.push(part.letter);
          continue;
        }
        if (part.question !== null) {
          if (food) {
            letters.push(part.letter);
            if (r() < 0.5) services.push({ name: part.names[0] as string });
          }
          continue;
        }
        if (r() < 0.6) {
          letters.push(part.letter);
          services.push({ name: pick(part.names) });
        }
      }
      services.push({ name: '社保登记及员工参保登记' });
    } else if (bundle) {
      services.push({ name: bundle.basicServices[0] as string });
    } else services.push({ name: 'x' });
    const dueDate = addDays(localDate, 1 + Math.floor(r() * 6));
    let status = pick(REQUEST_STATUSES);
    const closedOffset = Math.floor(r() * 9) - 4;
    let closedDate: string | null = CLOSED_STATUSES.includes(status)
      ? addDays(dueDate, closedOffset)
      : null;
    if (closedDate !== null && closedDate > opts.today) closedDate = opts.today;
    if (closedDate !== null && closedDate < localDate) closedDate = localDate;
    if (status === 'completed' && r() < 0.05) {
      // Reopened after a return: open again, no closing date.
      status = 'in-progress';
      closedDate = null;
    }
    const createdAt = utcOf(localDate, minute);
    const seq = (seqByDay.get(localDate) ?? 0) + 1;
    seqByDay.set(localDate, seq);
    const rec: RequestRecord = {
      id: `req-${i}`,
      ticket: `DQ01-${localDate.replace(/-/g, '')}-${String(seq).padStart(5, '0')}`,
      ticketDate: localDate,
      ticketSeq: seq,
      createdAt,
      kind,
      bundleId: bundle?.id ?? null,
      measureNo: kind === 'consultation' ? 1 : null,
      title: bundle?.name ?? kind,
      routing: {
        board: board as RequestRecord['routing']['board'],
        boardName: 'b',
        module: null,
        leadDepartments: [],
        station: null,
      },
      services: services.map((s) => ({
        name: s.name,
        kind: 'basic',
        department: 'd',
        departmentFrom: 'lead',
      })),
      answers,
      audience: 'anonymous',
      verified: false,
      founder: false,
      uscc: null,
      enterpriseName: null,
      contactPhone: '13900000000',
      contactName: null,
      assistedBy: null,
      promise: {
        workingDays: 3,
        countsFrom: localDate,
        dueDate,
        reason: afterHours ? pick(['after-hours', 'weekend', 'holiday'] as const) : 'in-hours',
        calendarCertain: true,
      },
      status,
      statusAt: createdAt,
      closedAt: closedDate === null ? null : utcOf(closedDate, 600 + Math.floor(r() * 600)),
      sentAt: null,
      personalPurgedAt: null,
      appeal: kind === 'appeal' ? { category: 'other', topic: null, text: null } : null,
      submitHash: null,
      trackCode: null,
    };
    insertRequest(db, rec);
    data.requests.push({
      localDate,
      hour,
      afterHours,
      bundleKey: bundle?.id ?? kind,
      board,
      dueDate,
      status,
      closedDate,
      letters,
    });
    // About one request in five is rated, on the day it was made.
    if (r() < 0.2) {
      const level = pick(RATING_LEVELS);
      insertRating(db, {
        id: `rating-${i}`,
        requestId: rec.id,
        ticket: rec.ticket,
        requestKind: kind,
        bundleId: rec.bundleId,
        board: rec.routing.board,
        occasion: 'submission',
        level,
        score: RATING_SCORE[level],
        reasons: [],
        ratedAt: utcOf(localDate, Math.min(1439, minute + 1)),
        ratedDate: localDate,
        week: weekOf(localDate),
        sentAt: null,
      });
      data.ratings.push({
        localDate,
        week: weekOf(localDate),
        bundleKey: rec.bundleId ?? kind,
        level,
      });
    }
  }
  for (let d = 0; d < opts.spanDays; d++) {
    const localDate = addDays(opts.today, -d);
    for (let k = 0; k < 6; k++) {
      const query = pick(MISS_TEXTS);
      insertSearchMiss(db, new Date(utcOf(localDate, Math.floor(r() * 1440))), query);
      data.misses.push({ localDate, query });
    }
    for (let k = 0; k < Math.floor(r() * 3); k++) {
      const minute = Math.floor(r() * 1440);
      insertKioskEvent(db, {
        at: utcOf(localDate, minute),
        kind: 'printer-fault',
        detail: 'receipt: printer-missing x',
      });
      data.faults.push({ localDate, hour: Math.floor(minute / 60) });
    }
    // A health sample every hour (the oracle does not care about the interval).
    for (let hour = 0; hour < 24; hour++) {
      const down = r() < 0.1;
      const backlog = down ? Math.floor(r() * 50) : Math.floor(r() * 3);
      const s: HealthSample = {
        at: utcOf(localDate, hour * 60 + 5),
        printer: r() < 0.05 ? 'fault' : 'ok',
        backOffice: down ? 'down' : 'up',
        backlog,
        dead: 0,
      };
      insertHealthSample(db, s);
      data.samples.push({ localDate, hour, down, backlog });
    }
  }
  // A search text typed once only: below the minimum count, never shown.
  insertSearchMiss(db, new Date(utcOf(opts.today, 60)), '张三的公司');
  data.misses.push({ localDate: opts.today, query: '张三的公司' });
  return data;
}

// ---- the oracle --------------------------------------------------------------------------------

const inc = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

/** The figures the dashboard must show for local dates [from, to], judged on `asOf`. */
export function expected(g: GenData, from: string, to: string, asOf: string, minCount: number) {
  const within = (d: string) => d >= from && d <= to;
  const reqs = g.requests.filter((q) => within(q.localDate));
  const byDay = new Map<string, { total: number; afterHours: number }>();
  const byHour = new Map<number, { total: number; afterHours: number }>();
  const byBundle = new Map<string, number>();
  const byBoard = new Map<string, number>();
  const letters = new Map<string, number>();
  let startupTotal = 0;
  for (const q of reqs) {
    const d = byDay.get(q.localDate) ?? { total: 0, afterHours: 0 };
    d.total++;
    if (q.afterHours) d.afterHours++;
    byDay.set(q.localDate, d);
    const h = byHour.get(q.hour) ?? { total: 0, afterHours: 0 };
    h.total++;
    if (q.afterHours) h.afterHours++;
    byHour.set(q.hour, h);
    inc(byBundle, q.bundleKey);
    inc(byBoard, q.board);
    if (q.bundleKey === 'business-startup') {
      startupTotal++;
      for (const l of q.letters) inc(letters, l);
    }
  }
  const open = (q: GenRequest) => !CLOSED_STATUSES.includes(q.status);
  const promises = new Map<
    string,
    { dueToday: number; overdue: number; metOnTime: number; late: number }
  >();
  for (const q of g.requests) {
    const p = promises.get(q.board) ?? { dueToday: 0, overdue: 0, metOnTime: 0, late: 0 };
    if (open(q) && q.dueDate === asOf) p.dueToday++;
    if (open(q) && q.dueDate < asOf) p.overdue++;
    const dueInPeriod = within(q.dueDate);
    const answeredInTime =
      (q.status === 'completed' || q.status === 'returned') &&
      q.closedDate !== null &&
      q.closedDate <= q.dueDate;
    if (dueInPeriod && q.dueDate <= asOf && answeredInTime) p.metOnTime++;
    if (dueInPeriod && q.dueDate < asOf && q.status !== 'cancelled' && !answeredInTime) p.late++;
    promises.set(q.board, p);
  }
  const ratings = g.ratings.filter((x) => within(x.localDate));
  const levelsBy = (key: (x: GenRating) => string) => {
    const m = new Map<string, Record<RatingLevel, number>>();
    for (const x of ratings) {
      const row =
        m.get(key(x)) ??
        (Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as Record<RatingLevel, number>);
      row[x.level]++;
      m.set(key(x), row);
    }
    return m;
  };
  const misses = g.misses.filter((m) => within(m.localDate));
  const missCounts = new Map<string, number>();
  for (const m of misses) inc(missCounts, m.query);
  const top = [...missCounts]
    .filter(([q, n]) => n >= minCount && !/\d{5,}/.test(q))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const oneDay = from === to;
  const bucketOf = (localDate: string, hour: number) =>
    oneDay ? `${localDate} ${String(hour).padStart(2, '0')}` : localDate;
  const faults = new Map<string, number>();
  for (const f of g.faults) if (within(f.localDate)) inc(faults, bucketOf(f.localDate, f.hour));
  const samples = new Map<string, { n: number; down: number; max: number }>();
  for (const s of g.samples) {
    if (!within(s.localDate)) continue;
    const k = bucketOf(s.localDate, s.hour);
    const x = samples.get(k) ?? { n: 0, down: 0, max: 0 };
    x.n++;
    if (s.down) x.down++;
    x.max = Math.max(x.max, s.backlog);
    samples.set(k, x);
  }
  return {
    total: reqs.length,
    afterHours: reqs.filter((q) => q.afterHours).length,
    byDay,
    byHour,
    byBundle,
    byBoard,
    startupTotal,
    letters,
    promises,
    ratingsTotal: ratings.length,
    ratingsByWeek: levelsBy((x) => x.week),
    ratingsByBundle: levelsBy((x) => x.bundleKey),
    missTotal: misses.length,
    missTop: top,
    faults,
    samples,
  };
}
