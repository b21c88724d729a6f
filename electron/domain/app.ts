// What the renderer learns about the kiosk itself. Node-free.
import type { HelpInfo, SoundSettings } from './help';

export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export interface AppInfo {
  appVersion: string;
  kioskId: string;
  centerName: LocalizedText;
  locationName: LocalizedText;
  defaultLocale: Locale;
  /** Opening hours as shown on the attract screen, one line per locale. */
  hoursText: LocalizedText;
  timeouts: {
    idleSeconds: number;
    receiptIdleSeconds: number;
    countdownSeconds: number;
    guideIdleSeconds: number;
  };
  /** 'electron' inside the Electron shell, 'browser' through the loopback host. */
  shell: 'electron' | 'browser';
  /** Days personal data is kept after a request is closed (the privacy notice says so). */
  personalDataDays: number;
  help: HelpInfo;
  sound: SoundSettings;
}

/** Why the kiosk is not taking requests. */
export type OutOfServiceReason = 'storage-full' | 'storage-read-only' | 'storage-failed';

export interface AppStatus {
  inService: boolean;
  reason: OutOfServiceReason | null;
  /** Whether staff are at the counters now, and if not, when they next are (ISO instants). */
  staffed: { open: boolean; nextOpening: string | null };
}
