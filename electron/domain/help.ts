// Whether a visitor's help call will bring a guide now: the kiosk says so honestly, and after hours
// points to the center's hotline and to raising a 诉求 instead.

export type GuideDuty =
  | {
      onDuty: true;
      /** How long a guide usually takes to come, in minutes; null when nothing says. */
      usualMinutes: number | null;
      /** Measured from answered help calls, or the center's configured figure. */
      usualFrom: 'measured' | 'configured' | null;
    }
  | {
      onDuty: false;
      /** Outside staffed hours, or within them but no guide signed in lately. */
      reason: 'after-hours' | 'no-guide';
      /** When staff are next at the counters (after hours only; ISO instant). */
      nextOpening: string | null;
    };

export interface HelpInfo {
  /** The center's 7×24 助企服务热线, or null when none is configured. */
  hotline: string | null;
}

/** Sound settings the screen plays tones by. */
export interface SoundSettings {
  enabled: boolean;
  /** 0–100. */
  volume: number;
  /** Local `HH:MM-HH:MM` in the center's time zone, or null. */
  quietHours: string | null;
  timeZone: string;
}
