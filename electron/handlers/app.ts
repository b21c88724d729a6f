import type { Handlers } from '../contract';
import type { Services } from '../services/kiosk-services';
import { hoursText } from '../services/hours-text';

export function appHandlers(
  s: Services,
): Pick<Handlers, 'appInfo' | 'appStatus' | 'logClientError'> {
  return {
    appInfo: () => ({
      appVersion: s.appVersion,
      kioskId: s.config.kioskId,
      centerName: s.config.centerName,
      locationName: s.config.locationName,
      defaultLocale: s.config.language,
      hoursText: hoursText(s.config.hours.weekly),
      timeouts: {
        idleSeconds: s.config.timeouts.idleSeconds,
        receiptIdleSeconds: s.config.timeouts.receiptIdleSeconds,
        countdownSeconds: s.config.timeouts.countdownSeconds,
        guideIdleSeconds: s.config.timeouts.guideIdleSeconds,
      },
      shell: s.shell,
      personalDataDays: s.config.retention.personalDataDays,
      help: { hotline: s.config.help.hotline },
      sound: { ...s.config.sound, timeZone: s.config.hours.timeZone },
    }),
    appStatus: () => {
      const h = s.db.health();
      const hours = s.hours.status(s.now());
      return {
        inService: h.inService,
        reason: h.reason,
        staffed: { open: hours.open, nextOpening: hours.nextOpening },
      };
    },
    logClientError: ({ where, message }) => {
      s.log.warn('renderer.error', { where, message });
      return { logged: true as const };
    },
  };
}
