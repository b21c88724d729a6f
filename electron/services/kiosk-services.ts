// Builds every service the kiosk runs on, for either shell. Knows nothing of Electron or HTTP:
// both hosts call this and hand the resulting `dispatch` to their transport.
import { createHandlers } from '../handlers/index';
import { createDispatch, type Dispatch } from '../hosts/dispatch';
import { loadConfigFile, type ConfigProblem, type KioskConfig } from './config';
import { ensureDataDir, type DataDir } from './data-dir';
import { createLogger, type Logger } from './logger';
import { createSessionService, type SessionService } from './session';
import { openDatabase, type KioskDatabase } from './storage/database';
import { MIGRATIONS } from './storage/migrations/index';
import { systemClock } from './sync/clock';
import { createSyncService, type SyncService, type SyncServiceOptions } from './sync/sync-service';

export interface KioskServicesOptions {
  dataRoot: string;
  shell: 'electron' | 'browser';
  appVersion: string;
  now?: () => Date;
  /** Echo log lines to stderr as well as the log file. */
  logEcho?: boolean;
  log?: Logger;
  /** Overrides for the back-office sync (clock, transport): tests only. */
  sync?: Partial<
    Pick<SyncServiceOptions, 'clock' | 'transport' | 'random' | 'pollMs' | 'timeoutMs'>
  >;
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
  /** The back-office queue: enqueue submissions inside db.write; see sync/sync-service.ts. */
  sync: SyncService;
  now: () => Date;
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
  const db = await openDatabase({ dir: dirs.db, migrations: MIGRATIONS, log, now });
  const session = createSessionService();
  // Delivery runs only when a back office is configured; the outbox itself always exists, so
  // single-site requests wait in it and go out if an endpoint is configured later.
  const sync = createSyncService({
    db,
    log,
    config,
    appVersion: opts.appVersion,
    dataRoot: dirs.root,
    configFile: dirs.config,
    clock: systemClock(() => now().getTime()),
    ...opts.sync,
  });

  const services: Services = {
    shell: opts.shell,
    appVersion: opts.appVersion,
    dirs,
    config,
    configProblems: problems,
    log,
    db,
    session,
    sync,
    now,
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
  // Last, once every feature has had the chance to register its status sink.
  sync.start();

  log.info('kiosk.started', {
    shell: opts.shell,
    version: opts.appVersion,
    kioskId: config.kioskId,
  });
  return {
    ...services,
    dispatch,
    async close() {
      clearInterval(retryTimer);
      await sync.close();
      await db.close();
      log.info('kiosk.stopped', {});
    },
  };
}
