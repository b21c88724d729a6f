// What guide mode shows. Node-free.
import type { Locale, OutOfServiceReason } from './app';
import type { StaffRole } from './signed-token';

export type DeviceState = 'ok' | 'unavailable' | 'denied' | 'fault' | 'unknown';

export interface HealthItem {
  /** Stable id, also the i18n key of its label (guide.health.<id>). */
  id: string;
  ok: boolean;
  /** A short machine-made value (numbers, names, dates); never personal data. */
  value: string;
  /** i18n key suffix of a note for staff (guide.notes.<note>), when there is something to say. */
  note?: string;
}

export interface KioskHealth {
  appVersion: string;
  shell: 'electron' | 'browser';
  kioskId: string;
  storage: {
    inService: boolean;
    reason: OutOfServiceReason | null;
    sizeBytes: number;
    freeBytes: number | null;
    generation: number;
  };
  items: HealthItem[];
  /** Config keys that were refused and fell back to their defaults. */
  configProblems: { key: string; problem: string }[];
  /** Set when promised dates may run past the loaded official holiday schedule. */
  calendar: { lastCoveredYear: number; updateDue: boolean; refusedFiles: string[] };
}

export interface HelpCallView {
  id: string;
  at: string;
  screen: string;
}

export interface AuditEntryView {
  seq: number;
  at: string;
  staffId: string;
  action: string;
  requestId: string | null;
  detail: string | null;
}

/** The settings a guide may change at the kiosk. */
export interface GuideSettings {
  receiptPrinter: string | null;
  checklistPrinter: string | null;
  idleSeconds: number;
  receiptIdleSeconds: number;
  language: Locale;
}

export type UnlockOutcome =
  | { unlocked: true; staffId: string; role: StaffRole }
  | { unlocked: false; reason: 'wrong-pin'; triesLeft: number }
  | { unlocked: false; reason: 'locked-out'; lockedUntil: string };
