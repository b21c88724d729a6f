// Builds every service the kiosk runs on, for either shell. Knows nothing of Electron or HTTP:
// both hosts call this and hand the resulting `dispatch` to their transport.
import { createHandlers } from '../handlers/index';
import { createCatalogService, type CatalogService } from './catalog/catalog-service';
import { loadCatalog } from './catalog/load';
import { countSearchMissesBefore, purgeSearchMisses } from './catalog/search-miss-repository';
import type { RawCatalogFiles } from './catalog/validate';
import { createDispatch, type Dispatch } from '../hosts/dispatch';
import { loadConfigFile, type ConfigProblem, type KioskConfig } from './config';
import { ensureDataDir, type DataDir } from './data-dir';
import { createLogger, type Logger } from './logger';
import { createSessionService, type SessionService } from './session';
import { openDatabase, type KioskDatabase } from './storage/database';
import { MIGRATIONS } from './storage/migrations/index';

export interface KioskServicesOptions {
  dataRoot: string;
  shell: 'electron' | 'browser';
  appVersion: string;
  now?: () => Date;
  /** Echo log lines to stderr as well as the log file. */
  logEcho?: boolean;
  log?: Logger;
  /** Test seam: the built-in catalog files to validate instead of seeds/. */
  builtinCatalog?: RawCatalogFiles;
}

/** What handlers are built from. */
export interface Services {
  shell: 'electron' | 'browser';
  appVersion: string;
  dirs: DataDir;
  config: KioskConfig;
  configProblems: ConfigProblem[];
  log: Logger;
  db: KioskDatabase;
  session: SessionService;
  now: () => Date;
  catalog: CatalogService;
}

export interface KioskServices extends Services {
  dispatch: Dispatch;
  close(): Promise<void>;
}

export async function createKioskServices(opts: KioskServicesOptions): Promise<KioskServices> {
  const now = opts.now ?? (() => new Date());
  const dirs = ensureDataDir(opts.dataRoot);
  const log = opts.log ?? createLogger({ dir: dirs.logs, echo: opts.logEcho ?? false, now });
  const { config, problems } = loadConfigFile(dirs.config);
  for (const p of problems) log.warn('config.invalid_key', { key: p.key, problem: p.problem });
  // Before anything else opens: a broken built-in catalog stops the kiosk here (CatalogError
  // names file, record and field); a broken override in <data>/catalog is refused and logged.
  const loadedCatalog = loadCatalog({
    dataRoot: dirs.root,
    log,
    ...(opts.builtinCatalog ? { builtin: opts.builtinCatalog } : {}),
  });
  const catalog = createCatalogService(loadedCatalog, {
    defaultFeedbackDays: config.catalog.feedbackDays,
  });
  const db = await openDatabase({ dir: dirs.db, migrations: MIGRATIONS, log, now });
  const session = createSessionService();
  const missCutoff = new Date(now().getTime() - config.retention.logDays * 86_400_000);
  if (db.read((d) => countSearchMissesBefore(d, missCutoff)) > 0)
    await db
      .write((d) => purgeSearchMisses(d, missCutoff))
      .catch((e: unknown) => log.warn('catalog.miss_purge_failed', { error: String(e) }));

  const services: Services = {
    shell: opts.shell,
    appVersion: opts.appVersion,
    dirs,
    config,
    configProblems: problems,
    log,
    db,
    session,
    now,
    catalog,
  };
  const handlers = createHandlers(services);
  const dispatch = createDispatch({
    handlers,
    log,
    hasAccess: (needed) => session.hasAccess(needed),
    canWrite: () => db.health().inService,
  });
  // A failed disk is retried in the background; the kiosk comes back by itself once it can write.
  const retryTimer = setInterval(() => {
    if (!db.health().inService) void db.retry();
  }, 15_000);
  retryTimer.unref();

  log.info('kiosk.started', {
    shell: opts.shell,
    version: opts.appVersion,
    kioskId: config.kioskId,
    catalog: `${loadedCatalog.version} ${loadedCatalog.hash.slice(0, 12)} ${loadedCatalog.source}`,
  });
  return {
    ...services,
    dispatch,
    async close() {
      clearInterval(retryTimer);
      await db.close();
      log.info('kiosk.stopped', {});
    },
  };
}
