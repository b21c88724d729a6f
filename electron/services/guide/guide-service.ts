// Guide mode (帮办): unlock and lock, the kiosk's health, help calls from visitors, the audit log,
// the settings a guide may change, and closing the kiosk. Every audit line guide mode writes is
// written here.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { ParsedArgsOf } from '../../contract';
import type {
  AuditEntryView,
  DeviceState,
  GuideSettings,
  HealthItem,
  HelpCallView,
  KioskHealth,
  UnlockOutcome,
} from '../../domain/guide';
import type { GuideDuty } from '../../domain/help';
import type { CenterHours } from '../calendar/center-hours';
import type { HolidayCalendar, LoadedCalendar } from '../calendar/holiday-calendar';
import {
  GUIDE_SETTING_KEYS,
  saveConfigFile,
  type ConfigProblem,
  type KioskConfig,
} from '../config';
import type { DataDir } from '../data-dir';
import type { Logger } from '../logger';
import type { PrintService } from '../printing/print-service';
import { printerHealthItem } from '../printing/printer-health';
import type { RendererWatch } from '../renderer-watch';
import type { SessionService } from '../session';
import type { KioskDatabase } from '../storage/database';
import type { SyncService } from '../sync/sync-service';
import { appendAudit, listAudit } from './audit-repository';
import type { ContentService } from '../content/content-service';
import { contentHealthItem } from '../content/content-health';
import { clockHealthItem } from './clock-health';
import { currentDuty } from './duty';
import type { GuideAccess } from './guide-access';
import { answerHelpCall, insertHelpCall, openHelpCalls } from './help-call-repository';
import { helpCallWireBody } from './help-call-wire';

/** Promised dates reach this far ahead at most; warn when the holiday schedule ends sooner. */
const CALENDAR_LOOKAHEAD_MS = 45 * 86_400_000;

export type SettingsChanges = ParsedArgsOf<'guideUpdateSettings'>;

export interface GuideService {
  unlockWithPin(staffId: string, pin: string): Promise<UnlockOutcome>;
  lock(): Promise<void>;
  health(): Promise<KioskHealth>;
  helpCalls(): HelpCallView[];
  answerHelpCall(id: string): Promise<{ answered: boolean }>;
  audit(limit: number): AuditEntryView[];
  settings(): GuideSettings;
  /** Applies and saves only the keys changed here: what kioskctl wrote meanwhile stays. */
  updateSettings(changes: SettingsChanges): Promise<GuideSettings>;
  /** Audits the exit, then asks the shell to close the kiosk shortly after the answer. */
  exit(): Promise<void>;
  /** A visitor asks for a guide: recorded (and queued for the back office when there is one). */
  callGuide(screen: string): Promise<{ id: string; duty: GuideDuty }>;
  /** An audit line for the guide signed in now (or 'unknown'), in its own durable write. */
  record(action: string, detail?: string | null, requestId?: string | null): Promise<void>;
}

export interface GuideServiceDeps {
  appVersion: string;
  shell: 'electron' | 'browser';
  dirs: DataDir;
  config: KioskConfig;
  configProblems: ConfigProblem[];
  calendar: HolidayCalendar;
  calendarProblems: LoadedCalendar['problems'];
  hours: CenterHours;
  db: KioskDatabase;
  session: SessionService;
  access: GuideAccess;
  printing: PrintService;
  rendererWatch: RendererWatch;
  sync: SyncService;
  content: ContentService;
  devices: () => { camera: DeviceState };
  requestExit: () => void;
  log: Logger;
  now: () => Date;
}

function freeBytes(dir: string): number | null {
  try {
    const st = fs.statfsSync(dir);
    return st.bavail * st.bsize;
  } catch {
    return null;
  }
}

export function createGuideService(d: GuideServiceDeps): GuideService {
  const staffId = () => d.session.state().staff?.id ?? 'unknown';
  const settingsOf = (): GuideSettings => ({
    receiptPrinter: d.config.printer.receiptPrinter,
    checklistPrinter: d.config.printer.checklistPrinter,
    idleSeconds: d.config.timeouts.idleSeconds,
    receiptIdleSeconds: d.config.timeouts.receiptIdleSeconds,
    language: d.config.language,
  });
  const record = (action: string, detail: string | null = null, requestId: string | null = null) =>
    d.db.write((db) =>
      appendAudit(db, { at: d.now().toISOString(), staffId: staffId(), action, requestId, detail }),
    );

  return {
    unlockWithPin: (id, pin) => d.access.unlockWithPin(id, pin),
    lock: () => d.access.lock('guide'),
    async health() {
      const storage = d.db.health();
      const free = freeBytes(d.dirs.root);
      const items: HealthItem[] = [
        await printerHealthItem(d.config, d.printing),
        { id: 'camera', ok: d.devices().camera === 'ok', value: d.devices().camera },
        {
          id: 'disk',
          ok: storage.inService,
          value: free === null ? '?' : `${Math.round(free / 1024 / 1024)} MB`,
        },
        {
          id: 'database',
          ok: storage.inService,
          value: `${(storage.sizeBytes / 1024 / 1024).toFixed(1)} MB`,
        },
        {
          id: 'renderer',
          ok: !d.rendererWatch.stalled(60_000),
          value: d.rendererWatch.lastBeatAt() ?? '-',
        },
        { id: 'nightlyRestart', ok: true, value: d.rendererWatch.nextRestartAt() ?? '-' },
        clockHealthItem(d.sync.clockOffset()),
        contentHealthItem(d.content.state()),
      ];
      const horizonYear = new Date(d.now().getTime() + CALENDAR_LOOKAHEAD_MS).getUTCFullYear();
      return {
        appVersion: d.appVersion,
        shell: d.shell,
        kioskId: d.config.kioskId,
        storage: {
          inService: storage.inService,
          reason: storage.reason,
          sizeBytes: storage.sizeBytes,
          freeBytes: free,
          generation: storage.generation,
        },
        items,
        configProblems: d.configProblems,
        calendar: {
          lastCoveredYear: d.calendar.lastCoveredYear,
          updateDue: horizonYear > d.calendar.lastCoveredYear,
          refusedFiles: d.calendarProblems.map((p) => p.file),
        },
      };
    },
    helpCalls: () =>
      d.db.read((db) => openHelpCalls(db)).map(({ id, at, screen }) => ({ id, at, screen })),
    async answerHelpCall(id) {
      const at = d.now().toISOString();
      const answered = await d.db.write((db) => {
        const ok = answerHelpCall(db, id, at, staffId());
        if (ok)
          appendAudit(db, {
            at,
            staffId: staffId(),
            action: 'answer-help-call',
            requestId: null,
            detail: id,
          });
        return ok;
      });
      return { answered };
    },
    audit: (limit) => d.db.read((db) => listAudit(db, { limit })),
    settings: settingsOf,
    async updateSettings(changes) {
      const before = settingsOf();
      if (changes.receiptPrinter !== undefined)
        d.config.printer.receiptPrinter = changes.receiptPrinter;
      if (changes.checklistPrinter !== undefined)
        d.config.printer.checklistPrinter = changes.checklistPrinter;
      if (changes.idleSeconds !== undefined) d.config.timeouts.idleSeconds = changes.idleSeconds;
      if (changes.receiptIdleSeconds !== undefined)
        d.config.timeouts.receiptIdleSeconds = changes.receiptIdleSeconds;
      if (changes.language !== undefined) d.config.language = changes.language;
      const keys = Object.keys(changes) as (keyof typeof GUIDE_SETTING_KEYS)[];
      saveConfigFile(
        d.dirs.config,
        d.config,
        keys.map((k) => GUIDE_SETTING_KEYS[k]),
      );
      const after = settingsOf();
      const changed = (Object.keys(after) as (keyof GuideSettings)[]).filter(
        (k) => after[k] !== before[k],
      );
      await record(
        'change-settings',
        changed.map((k) => `${k}: ${String(before[k])} → ${String(after[k])}`).join('; ') ||
          'no change',
      );
      return after;
    },
    async exit() {
      await record('exit-kiosk');
      // Answer first; the shell closes the kiosk right after.
      setTimeout(() => d.requestExit(), 200);
    },
    async callGuide(screen) {
      const call = { id: crypto.randomUUID(), at: d.now().toISOString(), screen };
      // With a back office configured the call goes there too, queued in the same transaction.
      // Single site: the kiosk's own guide mode is where it is answered; nothing is queued (a
      // call delivered days later, once an endpoint is set, would only mislead).
      const toBackOffice = d.config.backOffice.endpoint !== null;
      await d.db.write((db) => {
        insertHelpCall(db, call);
        if (toBackOffice)
          d.sync.enqueue(db, {
            id: call.id,
            kind: 'help-call',
            body: helpCallWireBody(call, d.config),
          });
      });
      // Recorded whoever is on duty: the next guide sees it. The visitor is told the truth.
      const duty = currentDuty({
        db: d.db,
        hours: d.hours,
        session: d.session,
        help: d.config.help,
        now: d.now(),
      });
      d.log.info('guide.called', {
        id: call.id,
        screen,
        queued: toBackOffice,
        onDuty: duty.onDuty,
      });
      return { id: call.id, duty };
    },
    record,
  };
}
