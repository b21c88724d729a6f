// Builds every service the kiosk runs on, for either shell. Knows nothing of Electron or HTTP:
// both hosts call this and hand the resulting `dispatch` to their transport.
import { createHandlers } from '../handlers/index';
import { createDispatch, type Dispatch } from '../hosts/dispatch';
import { loadConfigFile, type ConfigProblem, type KioskConfig } from './config';
import { ensureDataDir, type DataDir } from './data-dir';
import { createEnterpriseService, type EnterpriseService } from './enterprises/enterprise-service';
import { createIdentityService, type IdentityService } from './identity/identity-service';
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
  enterprises: EnterpriseService;
  identity: IdentityService;
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
  const enterprises = createEnterpriseService({ db, demoData: config.demoData, log });
  try {
    await enterprises.syncDemo();
  } catch (e) {
    // A full or read-only disk must not stop the kiosk from starting: it runs on what is stored.
    log.error('enterprises.demo_sync_failed', { error: (e as Error).message });
  }
  const identity = createIdentityService({ db, session, enterprises, config, log, now });

  const services: Services = {
    shell: opts.shell,
    appVersion: opts.appVersion,
    dirs,
    config,
    configProblems: problems,
    log,
    db,
    session,
    enterprises,
    identity,
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
      await db.close();
      log.info('kiosk.stopped', {});
    },
  };
}
