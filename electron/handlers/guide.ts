// Guide mode (帮办): unlock, kiosk health, help calls, audit log, settings, exit.
import type { Handlers } from '../contract';
import type { Services } from '../services/services';

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
  | 'callGuide'
> {
  return {
    guideUnlockPin: ({ staffId, pin }) => s.guide.unlockWithPin(staffId, pin),
    guideLock: async () => {
      await s.guide.lock();
      return { locked: true as const };
    },
    guideHealth: () => s.guide.health(),
    guideHelpCalls: () => s.guide.helpCalls(),
    guideAnswerHelpCall: ({ id }) => s.guide.answerHelpCall(id),
    guideAudit: ({ limit }) => s.guide.audit(limit),
    guideSettings: () => s.guide.settings(),
    guideUpdateSettings: (changes) => s.guide.updateSettings(changes),
    guideExit: async () => {
      await s.guide.exit();
      return { exiting: true as const };
    },
    callGuide: ({ screen }) => s.guide.callGuide(screen),
  };
}
