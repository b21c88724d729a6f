// 一屏总览: the dashboard's figures for guide mode, and the health sampler that records
// the kiosk's health over time (printer, back office, backlog) every few minutes, with retention.
import { PERIOD_DAYS, type DashboardFigures, type DashboardPeriod } from '../../domain/dashboard';
import type { SyncStatus } from '../../domain/sync';
import type { CatalogService } from '../catalog/catalog-service';
import { addDays, wallClock } from '../calendar/wall-clock';
import type { KioskConfig } from '../config';
import type { Logger } from '../logger';
import type { PrinterHealth } from '../printing/printer-health';
import type { KioskDatabase } from '../storage/database';
import {
  catalogLabels,
  computeFigures,
  searchMissFigures,
  summaryTarget,
} from './dashboard-figures';
import {
  countHealthSamplesBefore,
  insertHealthSample,
  purgeHealthSamples,
  type HealthSample,
} from './dashboard-repository';
import { archiveFiles, hasArchiveTables } from '../requests/archive-repository';
import { readArchiveMonth } from '../requests/request-archive';
import type { Migration } from '../storage/migrations/index';
import type { Db } from '../storage/sql';
import {
  emptyRequestSums,
  mergeRequestSums,
  requestSums,
  summariesCurrent,
  syncSummaries,
  type SummarySync,
} from './dashboard-summary-repository';

export interface DashboardService {
  figures(period: DashboardPeriod): DashboardFigures;
  /** Only the searches that found nothing (the heartbeat's figures: no chart query runs). */
  searchMisses(period: DashboardPeriod): DashboardFigures['searchMisses'];
  /** Takes one health sample now (the timer does this every `healthSampleMinutes`). */
  sample(): Promise<HealthSample>;
  /**
   * Stores the zone and the catalog's package-part rules the summary tables are taken in, and
   * rebuilds them from the rows when either changed (a write only then). `start()` runs it.
   */
  syncSummaries(): Promise<SummarySync>;
  /** Syncs the summaries and starts the periodic sampler (first sample after one interval). */
  start(): void;
  close(): void;
}

export interface DashboardDeps {
  db: KioskDatabase;
  catalog: Pick<CatalogService, 'bundle' | 'boards'>;
  config: Pick<KioskConfig, 'dashboard' | 'hours'>;
  log: Logger;
  now: () => Date;
  sync: { status(): SyncStatus };
  printer: () => Promise<Pick<PrinterHealth, 'state'>>;
  /** The request archive (its requests count in the sums a rebuild recomputes). */
  archive?: { dir: string; migrations: readonly Migration[] };
}

/** Whether the back office answered since its last error ('off' in single-site mode). */
export function backOfficeState(s: SyncStatus): HealthSample['backOffice'] {
  if (s.mode === 'single-site' || s.endpoint === null) return 'off';
  if (s.problem !== null) return 'down';
  if (s.lastError === null) return 'up';
  if (s.lastContactAt === null) return 'down';
  return s.lastError.at > s.lastContactAt ? 'down' : 'up';
}

export function createDashboardService(deps: DashboardDeps): DashboardService {
  const { db, config, log, now } = deps;
  const tz = config.hours.timeZone;
  let timer: NodeJS.Timeout | null = null;
  let sampling = false;

  async function purge(): Promise<void> {
    const cutoff = new Date(
      now().getTime() - config.dashboard.healthSampleDays * 86_400_000,
    ).toISOString();
    if (db.read((d) => countHealthSamplesBefore(d, cutoff)) > 0)
      await db.write((tx) => purgeHealthSamples(tx, cutoff));
  }

  async function sample(): Promise<HealthSample> {
    const printer = await deps.printer().catch(() => ({ state: 'unknown' as const }));
    const status = deps.sync.status();
    const s: HealthSample = {
      at: now().toISOString(),
      printer: printer.state,
      backOffice: backOfficeState(status),
      backlog: status.backlog.pending,
      dead: status.deadLetterCount,
    };
    await db.write((tx) => insertHealthSample(tx, s));
    return s;
  }

  async function sync(): Promise<SummarySync> {
    const target = summaryTarget(catalogLabels(deps.catalog), tz, wallClock(now(), tz).date);
    if (db.read((d) => summariesCurrent(d, target.offsetMinutes, target.rules))) return 'current';
    const t0 = Date.now();
    // A rebuild sees only the requests still in the hot database: the archived ones' sums are
    // taken from the archive files (one month in memory at a time), in the new zone and rules.
    // Should the archive switch a file meanwhile, the sums are taken again.
    for (let attempt = 0; ; attempt++) {
      const files = db.read((d) => (hasArchiveTables(d) ? archiveFiles(d) : []));
      const archived = emptyRequestSums();
      for (const f of files) {
        const got = deps.archive
          ? await readArchiveMonth(
              deps.archive.dir,
              deps.archive.migrations,
              () => f,
              (a) => {
                syncSummaries(a, target.offsetMinutes, target.rules);
                return requestSums(a);
              },
            )
          : null;
        if (got) mergeRequestSums(archived, got.value);
      }
      const same = (d: Db) =>
        JSON.stringify(hasArchiveTables(d) ? archiveFiles(d) : []) === JSON.stringify(files);
      const done = await db.write((tx) =>
        same(tx) ? syncSummaries(tx, target.offsetMinutes, target.rules, archived) : null,
      );
      if (done === null && attempt < 3) continue;
      log.info('dashboard.summaries_synced', {
        done,
        archivedMonths: files.length,
        ms: Date.now() - t0,
      });
      return done ?? 'current';
    }
  }

  return {
    figures(period) {
      const today = wallClock(now(), tz).date;
      const from = addDays(today, 1 - PERIOD_DAYS[period]);
      return db.read((d) =>
        computeFigures(d, {
          from,
          to: today,
          asOf: today,
          timeZone: tz,
          now: now(),
          labels: catalogLabels(deps.catalog),
          searchMissMinCount: config.dashboard.searchMissMinCount,
          healthSampleMinutes: config.dashboard.healthSampleMinutes,
        }),
      );
    },
    searchMisses(period) {
      const today = wallClock(now(), tz).date;
      return db.read((d) =>
        searchMissFigures(d, {
          from: addDays(today, 1 - PERIOD_DAYS[period]),
          to: today,
          asOf: today,
          timeZone: tz,
          searchMissMinCount: config.dashboard.searchMissMinCount,
        }),
      );
    },
    sample,
    syncSummaries: sync,
    start() {
      if (timer) return;
      void sync().catch((e: unknown) =>
        log.warn('dashboard.summaries_sync_failed', { error: (e as Error).message }),
      );
      void purge().catch((e: unknown) =>
        log.warn('dashboard.purge_failed', { error: (e as Error).message }),
      );
      timer = setInterval(() => {
        if (sampling || !db.health().inService) return;
        sampling = true;
        void sample()
          .then(() => purge())
          .catch((e: unknown) =>
            log.warn('dashboard.sample_failed', { error: (e as Error).message }),
          )
          .finally(() => (sampling = false));
      }, config.dashboard.healthSampleMinutes * 60_000);
      timer.unref();
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
