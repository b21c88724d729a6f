// Guide mode (帮办): unlock, kiosk health, help calls, audit log, settings, exit.
import fs from 'node:fs';
import type { Handlers } from '../contract';
import type { GuideSettings, HealthItem, KioskHealth } from '../domain/guide';
import { GUIDE_SETTING_KEYS, saveConfigFile } from '../services/config';
import { appendAudit, listAudit } from '../services/guide/audit-repository';
import { contentHealthItem } from '../services/content/content-health';
import { clockHealthItem } from '../services/guide/clock-health';
import { answerHelpCall, openHelpCalls } from '../services/guide/help-call-repository';
import type { Services } from '../services/kiosk-services';
import { printerHealthItem } from '../services/printing/printer-health';

/** Promised dates reach this far ahead at most; warn when the holiday schedule ends sooner. */
const CALENDAR_LOOKAHEAD_MS = 45 * 86_400_000;

function freeBytes(dir: string): number | null {
  try {
    const st = fs.statfsSync(dir);
    return st.bavail * st.bsize;
  } catch {
    return null;
  }
}

const settingsOf = (s: Services): GuideSettings => ({
  receiptPrinter: s.config.printer.receiptPrinter,
  checklistPrinter: s.config.printer.checklistPrinter,
  idleSeconds: s.config.timeouts.idleSeconds,
  receiptIdleSeconds: s.config.timeouts.receiptIdleSeconds,
  language: s.config.language,
});

export async function collectHealth(s: Services): Promise<KioskHealth> {
  const storage = s.db.health();
  const free = freeBytes(s.dirs.root);
  const items: HealthItem[] = [
    await printerHealthItem(s.config, s.printing),
    { id: 'camera', ok: s.devices.camera === 'ok', value: s.devices.camera },
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
      ok: !s.rendererWatch.stalled(60_000),
      value: s.rendererWatch.lastBeatAt() ?? '-',
    },
    { id: 'nightlyRestart', ok: true, value: s.rendererWatch.nextRestartAt() ?? '-' },
    clockHealthItem(s.sync.clockOffset()),
    contentHealthItem(s.content.state()),
  ];
  const horizonYear = new Date(s.now().getTime() + CALENDAR_LOOKAHEAD_MS).getUTCFullYear();
  return {
    appVersion: s.appVersion,
    shell: s.shell,
    kioskId: s.config.kioskId,
    storage: {
      inService: storage.inService,
      reason: storage.reason,
      sizeBytes: storage.sizeBytes,
      freeBytes: free,
      generation: storage.generation,
    },
    items,
    configProblems: s.configProblems,
    calendar: {
      lastCoveredYear: s.calendar.lastCoveredYear,
      updateDue: horizonYear > s.calendar.lastCoveredYear,
      refusedFiles: s.calendarProblems.map((p) => p.file),
    },
  };
}

export function guideHandlers(
  s: Services,
): Pick<
  Handlers,
  | 'guideUnlockPin'
  | 'guideLock'
  | 'guideHealth'
  | 'guideHelpCalls'
  | 'guideAnswerHelpCall'
  | 'guideAudit'
  | 'guideSettings'
  | 'guideUpdateSettings'
  | 'guideExit'
> {
  const staffId = () => s.session.state().staff?.id ?? 'unknown';
  const audit = (action: string, detail: string | null = null, requestId: string | null = null) =>
    s.db.write((d) =>
      appendAudit(d, { at: s.now().toISOString(), staffId: staffId(), action, requestId, detail }),
    );

  return {
    guideUnlockPin: ({ staffId: id, pin }) => s.guideAccess.unlockWithPin(id, pin),
    guideLock: async () => {
      await s.guideAccess.lock('guide');
      return { locked: true as const };
    },
    guideHealth: () => collectHealth(s),
    guideHelpCalls: () =>
      s.db.read((d) => openHelpCalls(d)).map(({ id, at, screen }) => ({ id, at, screen })),
    guideAnswerHelpCall: async ({ id }) => {
      const at = s.now().toISOString();
      const answered = await s.db.write((d) => {
        const ok = answerHelpCall(d, id, at, staffId());
        if (ok)
          appendAudit(d, {
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
    guideAudit: ({ limit }) => s.db.read((d) => listAudit(d, { limit })),
    guideSettings: () => settingsOf(s),
    guideUpdateSettings: async (changes) => {
      const before = settingsOf(s);
      if (changes.receiptPrinter !== undefined)
        s.config.printer.receiptPrinter = changes.receiptPrinter;
      if (changes.checklistPrinter !== undefined)
        s.config.printer.checklistPrinter = changes.checklistPrinter;
      if (changes.idleSeconds !== undefined) s.config.timeouts.idleSeconds = changes.idleSeconds;
      if (changes.receiptIdleSeconds !== undefined)
        s.config.timeouts.receiptIdleSeconds = changes.receiptIdleSeconds;
      if (changes.language !== undefined) s.config.language = changes.language;
      // Only the keys changed here: what kioskctl wrote meanwhile stays.
      const keys = Object.keys(changes) as (keyof typeof GUIDE_SETTING_KEYS)[];
      saveConfigFile(
        s.dirs.config,
        s.config,
        keys.map((k) => GUIDE_SETTING_KEYS[k]),
      );
      const after = settingsOf(s);
      const changed = (Object.keys(after) as (keyof GuideSettings)[]).filter(
        (k) => after[k] !== before[k],
      );
      await audit(
        'change-settings',
        changed.map((k) => `${k}: ${String(before[k])} → ${String(after[k])}`).join('; ') ||
          'no change',
      );
      return after;
    },
    guideExit: async () => {
      await audit('exit-kiosk');
      // Answer first; the shell closes the kiosk right after.
      setTimeout(() => s.requestExit(), 200);
      return { exiting: true as const };
    },
  };
}
