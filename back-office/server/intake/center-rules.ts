// What the back office needs to know about the center to route a request and promise a date: the
// catalog, the working-day calendar with the center's hours, and the promised times. Built from
// the kiosk's own modules (catalog loading and validation, holiday calendar, center hours) and
// the same config keys, so the queue and the receipt follow one set of rules.
import path from 'node:path';
import {
  createCenterHours,
  type CenterHours,
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
    hours: createCenterHours(calendar, config.hours),
    defaultFeedbackDays: config.catalog.feedbackDays,
    appealResponseDays: config.voice.responseDays,
    personalDataDays: config.retention.personalDataDays,
    catalogVersion: `${loadedCatalog.version} ${loadedCatalog.hash.slice(0, 12)}`,
    lastCalendarYear: calendar.lastCoveredYear,
    profilesByTown: config.enterprises.byTown,
    timeZone: config.hours.timeZone,
  };
}
