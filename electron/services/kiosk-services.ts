// Builds every service the kiosk runs on, for either shell. Knows nothing of Electron or HTTP:
// both hosts call this and hand the resulting `dispatch` to their transport.
import { createHandlers } from '../handlers/index';
import { createCatalogService, type CatalogService } from './catalog/catalog-service';
import { loadCatalog } from './catalog/load';
import { countSearchMissesBefore, purgeSearchMisses } from './catalog/search-miss-repository';
import type { RawCatalogFiles } from './catalog/validate';
import { createDispatch, type Dispatch } from '../hosts/dispatch';
import { createCenterHours, type CenterHours } from './calendar/center-hours';
import {
  createSwitchableCalendar,
  loadHolidayCalendar,
  type HolidayCalendar,
  type LoadedCalendar,
} from './calendar/holiday-calendar';
import { contentFeed } from './content/content-feed';
import {
  createContentService,
  loadStoredContent,
  overlayContentConfig,
  type ContentService,
} from './content/content-service';
import { loadConfigFile, type ConfigProblem, type KioskConfig } from './config';
import { ensureDataDir, type DataDir } from './data-dir';
import { createEnterpriseService, type EnterpriseService } from './enterprises/enterprise-service';
import { createIdentityService, type IdentityService } from './identity/identity-service';
import { createLogger, type Logger } from './logger';
import { createPolicyService, type PolicyService } from './policies/policy-service';
import type { DeviceState } from '../domain/guide';
import { createGuideAccess, type GuideAccess } from './guide/guide-access';
import { createRendererWatch, type RendererWatch } from './renderer-watch';
import { createPrintService, type PrintService } from './printing/print-service';
import { printerHealth } from './printing/printer-health';
import { createRequestService, type RequestService } from './requests/request-service';
import { createSessionService, type SessionService } from './session';
import { openDatabase, type KioskDatabase } from './storage/database';
import { MIGRATIONS } from './storage/migrations/index';
import { systemClock } from './sync/clock';
import { createSyncService, type SyncService, type SyncServiceOptions } from './sync/sync-service';
import { createWorkQueue, type WorkQueue } from './work-queue/work-queue-service';
import { createVoiceService, type VoiceService } from './voice/voice-service';
import { createDashboardService, type DashboardService } from './dashboard/dashboard-service';

export interface KioskServicesOptions {
  dataRoot: string;
  shell: 'electron' | 'browser';
  appVersion: string;
  now?: () => Date;
  /** Echo log lines to stderr as well as the log file. */
  logEcho?: boolean;
  log?: Logger;
  /** How often the disk is probed (default 10 s). */
  storageProbeMs?: number;
  /** How the shell closes the kiosk when an admin asks (guide mode "exit"). */
  requestExit?: () => void;
  /** Test seam: the built-in catalog files to validate instead of seeds/. */
  builtinCatalog?: RawCatalogFiles;
  /** The back-office sync: the shell's network stack (transportFactory); clock, transport: tests. */
  sync?: Partial<
    Pick<
      SyncServiceOptions,
      'clock' | 'transport' | 'transportFactory' | 'random' | 'pollMs' | 'timeoutMs'
    >
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
  /** Official working days (holidays, 调休) and the center's staffed hours. */
  calendar: HolidayCalendar;
  calendarProblems: LoadedCalendar['problems'];
  hours: CenterHours;
  guideAccess: GuideAccess;
  rendererWatch: RendererWatch;
  /** What the renderer last reported about its devices. */
  devices: { camera: DeviceState };
  requestExit: () => void;
  /** The back-office queue: enqueue submissions inside db.write; see sync/sync-service.ts. */
  sync: SyncService;
  enterprises: EnterpriseService;
  identity: IdentityService;
  now: () => Date;
  catalog: CatalogService;
  /** 政策找企业: matching profiles against the catalog's facets (issue 8). */
  policies: PolicyService;
  /** 一类事 requests and consultations: submit, receipt, tracking, statuses, retention. */
  requests: RequestService;
  /** Receipt and checklist printing; the shell plugs in its renderer (and on Windows its printers). */
  printing: PrintService;
  /** The single-site console: guide mode works the kiosk's queue (read-only with a back office). */
  workQueue: WorkQueue;
  /** 诉求 categories, 好差评 ratings, follow-up items and 回访 (issue 10). */
  voice: VoiceService;
  /** 一屏总览 (issue 9): the dashboard's figures and the periodic health sampler. */
  dashboard: DashboardService;
  /** Signed content bundles: catalog, holiday calendars and fleet-wide config keys. */
  content: ContentService;
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
  // The signed content bundle in force, verified again: its catalog, calendar years and config
  // keys are layered over the built-in ones below (a bundle that no longer verifies is ignored).
  const baseConfig = structuredClone(config);
  const content = loadStoredContent({
    dir: dirs.content,
    trustedKeys: config.content.publicKeys,
    log,
    now,
    ...(opts.builtinCatalog ? { builtin: opts.builtinCatalog } : {}),
  });
  if (content) overlayContentConfig(config, baseConfig, content.config);
  // Before anything else opens: a broken built-in catalog stops the kiosk here (CatalogError
  // names file, record and field); a broken override in <data>/catalog is refused and logged.
  const loadedCatalog = loadCatalog({
    dataRoot: dirs.root,
    log,
    content: content?.catalog ?? null,
    contentVersion: content?.payload.version ?? null,
    ...(opts.builtinCatalog ? { builtin: opts.builtinCatalog } : {}),
  });
  const catalog = createCatalogService(loadedCatalog, {
    defaultFeedbackDays: config.catalog.feedbackDays,
  });
  const db = await openDatabase({ dir: dirs.db, migrations: MIGRATIONS, log, now });
  const session = createSessionService({
    now,
    staffIdleMs: config.timeouts.guideIdleSeconds * 1000,
    onStaffLapsed: (staffId) => log.info('guide.locked_idle', { staffId }),
  });
  const loadedCalendar = loadHolidayCalendar(dirs.calendar, log, content?.calendars ?? []);
  const calendar = createSwitchableCalendar(loadedCalendar.calendar);
  const calendarProblems = loadedCalendar.problems;
  const hours = createCenterHours(calendar, config.hours);
  const guideAccess = createGuideAccess({ db, session, log, now, pinFile: dirs.staffPins });
  const rendererWatch = createRendererWatch({
    now,
    nightlyRestart: config.nightlyRestart,
    timeZone: config.hours.timeZone,
  });
  const missCutoff = new Date(now().getTime() - config.retention.logDays * 86_400_000);
  if (db.read((d) => countSearchMissesBefore(d, missCutoff)) > 0)
    await db
      .write((d) => purgeSearchMisses(d, missCutoff))
      .catch((e: unknown) => log.warn('catalog.miss_purge_failed', { error: String(e) }));
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
  const enterprises = createEnterpriseService({
    db,
    demoData: config.demoData,
    log,
    dataRoot: dirs.root,
    now,
  });
  try {
    await enterprises.syncDemo();
  } catch (e) {
    // A full or read-only disk must not stop the kiosk from starting: it runs on what is stored.
    log.error('enterprises.demo_sync_failed', { error: (e as Error).message });
  }
  // Before sync.start(): profiles from the back office go to the enterprise service, and the
  // heartbeat reports the version held.
  sync.provideProfiles(enterprises);
  sync.provideHealth('profilesVersion', () => enterprises.profilesVersion());
  enterprises.start();
  const identity = createIdentityService({
    db,
    session,
    enterprises,
    config,
    log,
    now,
    unlockStaff: (staffId, role) => guideAccess.unlockWithBadge(staffId, role),
  });

  // Before sync.start(): the request service registers its status sink.
  const requests = createRequestService({
    db,
    session,
    catalog,
    hours,
    enterprises,
    sync,
    config,
    log,
    now,
  });
  await requests
    .purgePersonalData()
    .catch((e: unknown) => log.warn('request.purge_failed', { error: (e as Error).message }));
  // Also before sync.start(): it registers the ratings' delivery sink.
  const voice = createVoiceService({ db, session, catalog, requests, sync, config, log, now });
  const printing = createPrintService({ config, db, log, now });
  // The heartbeat's health (issue 7): the printer as CUPS and the last print see it; the
  // catalog and holiday data in use beside the built-in versions; the screen and the camera.
  sync.provideHealth('printer', () => printerHealth({ config, printing }));
  sync.provideHealth('versions', () => ({
    catalog: `${catalog.loaded.version} ${catalog.loaded.hash.slice(0, 12)}`,
    holidaysThrough: calendar.lastCoveredYear,
  }));
  const contentService = createContentService({
    dirs,
    config,
    baseConfig,
    log,
    now,
    catalog,
    calendar,
    calendarProblems,
    initial: content,
    ...(opts.builtinCatalog ? { builtinCatalog: opts.builtinCatalog } : {}),
  });
  sync.provideHealth('contentVersion', () => contentService.version());
  sync.provideHealth('content', () => {
    const st = contentService.state();
    return {
      version: st.active?.version ?? null,
      lastRefusal: st.lastRefusal,
    };
  });
  sync.addFeed(contentFeed(contentService, config, log));

  const services: Services = {
    shell: opts.shell,
    appVersion: opts.appVersion,
    dirs,
    config,
    configProblems: problems,
    log,
    db,
    session,
    calendar,
    calendarProblems,
    hours,
    guideAccess,
    rendererWatch,
    devices: { camera: 'unknown' },
    requestExit: opts.requestExit ?? (() => log.warn('kiosk.exit_unsupported', {})),
    sync,
    enterprises,
    identity,
    now,
    catalog,
    policies: createPolicyService({ catalog, timeZone: config.hours.timeZone }),
    requests,
    printing,
    workQueue: createWorkQueue({ db, requests, session, config, log, now }),
    voice,
    content: contentService,
    dashboard: createDashboardService({
      db,
      catalog,
      config,
      log,
      now,
      sync,
      printer: () => printerHealth({ config, printing }),
    }),
  };
  sync.provideHealth('devices', () => ({
    camera: services.devices.camera,
    screen: services.rendererWatch.stalled(60_000) ? 'stalled' : 'ok',
    lastScreenBeatAt: services.rendererWatch.lastBeatAt(),
  }));
  sync.provideHealth('config', () => ({ invalidKeys: problems.map((p) => p.key) }));
  const handlers = createHandlers(services);
  const dispatch = createDispatch({
    handlers,
    log,
    hasAccess: (needed) => session.hasAccess(needed),
    canWrite: () => db.health().inService,
  });
  // The disk is watched in the background: the kiosk goes out of service before a user's request
  // would fail to save, and comes back by itself once it can write again.
  let probing = false;
  const retryTimer = setInterval(() => {
    if (probing) return;
    probing = true;
    void db.probe().finally(() => (probing = false));
  }, opts.storageProbeMs ?? 10_000);
  retryTimer.unref();
  // Last, once every feature has had the chance to register its status sink.
  sync.start();
  services.dashboard.start();
  contentService.start();

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
      enterprises.close();
      contentService.close();
      services.dashboard.close();
      requests.close();
      await sync.close();
      await db.close();
      log.info('kiosk.stopped', {});
    },
  };
}
