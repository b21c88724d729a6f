// The composition root: builds every service the kiosk runs on, for either shell, and the one
// dispatch that serves the contract's calls from them. It sits above the layers (services,
// handlers, hosts) and knows nothing of Electron or HTTP: both shells call this and hand the
// resulting `dispatch` to their transport.
import type { DeviceState } from './domain/guide';
import { createHandlers } from './handlers/index';
import { createDispatch, type Dispatch } from './hosts/dispatch';
import { createAppService } from './services/app/app-service';
import { createCenterHours, type CenterHours } from './services/calendar/center-hours';
import {
  createSwitchableCalendar,
  loadHolidayCalendar,
  type HolidayCalendar,
  type LoadedCalendar,
} from './services/calendar/holiday-calendar';
import { createCatalogService } from './services/catalog/catalog-service';
import { loadCatalog } from './services/catalog/load';
import { createSearchService } from './services/catalog/search-service';
import type { RawCatalogFiles } from './services/catalog/validate';
import { loadConfigFile, type ConfigProblem, type KioskConfig } from './services/config';
import { contentFeed } from './services/content/content-feed';
import {
  createContentService,
  loadStoredContent,
  overlayContentConfig,
  type ContentService,
} from './services/content/content-service';
import { createDashboardService } from './services/dashboard/dashboard-service';
import { ensureDataDir, type DataDir } from './services/data-dir';
import {
  createEnterpriseService,
  type EnterpriseService,
} from './services/enterprises/enterprise-service';
import { createGuideAccess, type GuideAccess } from './services/guide/guide-access';
import { createGuideService } from './services/guide/guide-service';
import { createIdentityService } from './services/identity/identity-service';
import { createLogger, type Logger } from './services/logger';
import { createMatchingService } from './services/policies/matching-service';
import { createPolicyService, type PolicyService } from './services/policies/policy-service';
import { createPrintService, type PrintService } from './services/printing/print-service';
import { printerHealth } from './services/printing/printer-health';
import { createRendererWatch, type RendererWatch } from './services/renderer-watch';
import { createRequestService } from './services/requests/request-service';
import type { Services } from './services/services';
import { createSessionService, type SessionService } from './services/session';
import { openDatabase, type KioskDatabase } from './services/storage/database';
import { MIGRATIONS } from './services/storage/migrations/index';
import { systemClock } from './services/sync/clock';
import { createSyncService, type SyncServiceOptions } from './services/sync/sync-service';
import { createVoiceService } from './services/voice/voice-service';
import { createWorkQueue } from './services/work-queue/work-queue-service';

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

/**
 * What the composition root built: the services, the parts they are made of (storage, config,
 * logger, session, clock: for the shells, kioskctl and tests, never for handlers), the dispatch
 * and how to stop it all.
 */
export interface KioskServices extends Services {
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
  enterprises: EnterpriseService;
  /** 政策找企业: matching profiles against the catalog's facets. */
  policies: PolicyService;
  /** Receipt and checklist printing; the shell plugs in its renderer (and on Windows its printers). */
  printing: PrintService;
  /** Signed content bundles: catalog, holiday calendars and fleet-wide config keys. */
  content: ContentService;
  now: () => Date;
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
  const search = createSearchService({ catalog, db, log, now, logDays: config.retention.logDays });
  await search.purgeOld();
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
  const printing = createPrintService({ config, db, log, now });

  // Before sync.start(): the request service registers its status sink.
  const requests = createRequestService({
    db,
    session,
    catalog,
    hours,
    enterprises,
    sync,
    printing,
    config,
    log,
    now,
    archive: { dir: dirs.archive, migrations: MIGRATIONS },
  });
  await requests
    .purgePersonalData()
    .catch((e: unknown) => log.warn('request.purge_failed', { error: (e as Error).message }));
  // Also before sync.start(): it registers the ratings' delivery sink.
  const voice = createVoiceService({ db, session, catalog, requests, sync, config, log, now });
  // The heartbeat's health: the printer as CUPS and the last print see it; the catalog and
  // holiday data in use beside the built-in versions; the screen and the camera.
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
  const app = createAppService({
    shell: opts.shell,
    appVersion: opts.appVersion,
    config,
    db,
    hours,
    session,
    guideAccess,
    rendererWatch,
    log,
    now,
  });
  const guide = createGuideService({
    appVersion: opts.appVersion,
    shell: opts.shell,
    dirs,
    config,
    configProblems: problems,
    calendar,
    calendarProblems,
    hours,
    db,
    session,
    access: guideAccess,
    printing,
    rendererWatch,
    sync,
    content: contentService,
    devices: () => app.devices(),
    requestExit: opts.requestExit ?? (() => log.warn('kiosk.exit_unsupported', {})),
    log,
    now,
  });
  const policies = createPolicyService({ catalog, timeZone: config.hours.timeZone });
  const services: Services = {
    app,
    guide,
    catalog,
    search,
    sync,
    identity,
    matching: createMatchingService({
      policies,
      session,
      enterprises,
      catalog,
      printing,
      centerName: config.centerName,
      log,
      now,
    }),
    requests,
    workQueue: createWorkQueue({ db, requests, session, config, log, now }),
    voice,
    dashboard: createDashboardService({
      db,
      catalog,
      config,
      log,
      now,
      sync,
      printer: () => printerHealth({ config, printing }),
      archive: { dir: dirs.archive, migrations: MIGRATIONS },
    }),
  };
  sync.provideHealth('devices', () => ({
    camera: app.devices().camera,
    screen: rendererWatch.stalled(60_000) ? 'stalled' : 'ok',
    lastScreenBeatAt: rendererWatch.lastBeatAt(),
  }));
  sync.provideHealth('config', () => ({ invalidKeys: problems.map((p) => p.key) }));
  // Today's searches that found nothing, only those asked often enough to name no one (the
  // dashboard's threshold, texts already cleared of personal data): the back office's reports
  // add up each kiosk's last figures of each day.
  sync.provideHealth('figures', () => ({
    searchMisses: services.dashboard.searchMisses('today'),
  }));
  const dispatch = createDispatch({
    handlers: createHandlers(services),
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
  // The archive after the purge above, in the background: the kiosk serves meanwhile (one month
  // at a time, the event loop free between them), and closing waits for the month under way.
  void requests.maintain({ purge: false });

  log.info('kiosk.started', {
    shell: opts.shell,
    version: opts.appVersion,
    kioskId: config.kioskId,
    catalog: `${loadedCatalog.version} ${loadedCatalog.hash.slice(0, 12)} ${loadedCatalog.source}`,
  });
  return {
    ...services,
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
    get devices() {
      return app.devices();
    },
    enterprises,
    policies,
    printing,
    content: contentService,
    now,
    dispatch,
    async close() {
      clearInterval(retryTimer);
      enterprises.close();
      contentService.close();
      services.dashboard.close();
      await requests.close();
      await sync.close();
      await db.close();
      log.info('kiosk.stopped', {});
    },
  };
}
