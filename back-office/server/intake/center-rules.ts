// What the back office needs to know about the center to route a request and promise a date: the
// catalog, the working-day calendar with the center's hours, and the promised times. Built from
// the kiosk's own modules (catalog loading and validation, holiday calendar, center hours) and
// the same config keys, so the queue and the receipt follow one set of rules.
import path from 'node:path';
import {
  createCenterHours,
  type CenterHours,
  type FeedbackPromise,
} from '../../../electron/services/calendar/center-hours';
import { loadHolidayCalendar } from '../../../electron/services/calendar/holiday-calendar';
import {
  createCatalogService,
  type CatalogService,
} from '../../../electron/services/catalog/catalog-service';
import { loadCatalog } from '../../../electron/services/catalog/load';
import { defaultConfig, loadConfigFile, type KioskConfig } from '../../../electron/services/config';
import type { Logger } from '../../../electron/services/logger';

export interface CenterRules {
  catalog: CatalogService;
  hours: CenterHours;
  /** The center's promised feedback time where a bundle sets none (`catalog.feedbackDays`). */
  defaultFeedbackDays: number;
  /** The promised response time of a 诉求 (`voice.responseDays`). */
  appealResponseDays: number;
  /** Days personal data is kept after a request is closed (`retention.personalDataDays`). */
  personalDataDays: number;
  /** The catalog in use, as the kiosk reports it (`1.0.0 1a2b3c4d5e6f`). */
  catalogVersion: string;
  lastCalendarYear: number;
  /** Each kiosk enrolled with a town gets only its town's profiles (`enterprises.byTown`). */
  profilesByTown: boolean;
  /** The center's time zone (`hours.timeZone`): its dates (today, due dates) are local there. */
  timeZone: string;
}

/**
 * With a data directory: its `config.json` (the keys above and `hours`), `catalog/` and
 * `calendar/` override the built-in ones exactly as on a kiosk. Without one: the defaults.
 */
export function loadCenterRules(dataRoot: string | null, log: Logger): CenterRules {
  let config: KioskConfig;
  if (dataRoot) {
    const loaded = loadConfigFile(path.join(dataRoot, 'config.json'));
    for (const p of loaded.problems)
      log.warn('config.invalid_key', { key: p.key, problem: p.problem });
    config = loaded.config;
  } else config = defaultConfig();
  const loadedCatalog = loadCatalog(dataRoot ? { dataRoot, log } : { log });
  const catalog = createCatalogService(loadedCatalog, {
    defaultFeedbackDays: config.catalog.feedbackDays,
  });
  const { calendar } = loadHolidayCalendar(dataRoot ? path.join(dataRoot, 'calendar') : null, log);
  return {
    catalog,
    hours: memoisedPromises(createCenterHours(calendar, config.hours)),
    defaultFeedbackDays: config.catalog.feedbackDays,
    appealResponseDays: config.voice.responseDays,
    personalDataDays: config.retention.personalDataDays,
    catalogVersion: `${loadedCatalog.version} ${loadedCatalog.hash.slice(0, 12)}`,
    lastCalendarYear: calendar.lastCoveredYear,
    profilesByTown: config.enterprises.byTown,
    timeZone: config.hours.timeZone,
  };
}

/** Promises remembered at most: a day's worth of minutes for a few working-day limits. */
const PROMISES_KEPT = 10_000;
/** Since then every time zone's offset is whole minutes (some were not, in local mean time). */
const WHOLE_MINUTE_OFFSETS = Date.UTC(1980, 0, 1);

/**
 * The center's hours with `promise` remembered per minute and limit. A promised date depends only
 * on the center's wall clock to the minute (the zone's offset is whole minutes) and on the number
 * of working days, and the back office's calendar is loaded once, so every request of a burst
 * shares one computation instead of formatting the time zone and walking the calendar each.
 */
export function memoisedPromises(hours: CenterHours): CenterHours {
  const kept = new Map<string, Omit<FeedbackPromise, 'submittedAt'>>();
  return {
    rangesOn: (date) => hours.rangesOn(date),
    status: (at) => hours.status(at),
    promise(at, workingDays) {
      const ms = at.getTime();
      if (!(ms >= WHOLE_MINUTE_OFFSETS)) return hours.promise(at, workingDays);
      const key = `${Math.floor(ms / 60_000)} ${workingDays}`;
      let p = kept.get(key);
      if (!p) {
        const { submittedAt: _, ...rest } = hours.promise(at, workingDays);
        if (kept.size >= PROMISES_KEPT) kept.clear();
        kept.set(key, rest);
        p = rest;
      }
      return { submittedAt: at.toISOString(), ...p };
    },
  };
}
