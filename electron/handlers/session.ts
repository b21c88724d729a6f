import crypto from 'node:crypto';
import type { Handlers } from '../contract';
import { insertHelpCall } from '../services/guide/help-call-repository';
import type { Services } from '../services/kiosk-services';

export function sessionHandlers(
  s: Services,
): Pick<Handlers, 'sessionEnd' | 'callGuide' | 'rendererHeartbeat' | 'reportDevices'> {
  return {
    sessionEnd: async ({ reason }) => {
      // A guide who walked away is locked out with an audit line, not just forgotten.
      if (s.session.state().staff)
        await s.guideAccess.lock(reason === 'timeout' ? 'idle' : 'guide');
      s.session.reset();
      s.log.info('session.ended', { reason });
      return { ended: true as const };
    },
    rendererHeartbeat: () => {
      s.rendererWatch.beat();
      // A nightly restart waits for a quiet screen: nobody identified, no guide at work.
      const quiet = s.session.state().audience === 'anonymous';
      const restartRequested = s.shell === 'browser' && quiet && s.rendererWatch.restartDue();
      if (restartRequested) {
        s.rendererWatch.restarted();
        s.log.info('kiosk.nightly_reload', {});
      }
      return { restartRequested };
    },
    reportDevices: ({ camera }) => {
      if (s.devices.camera !== camera) s.log.info('device.camera', { state: camera });
      s.devices.camera = camera;
      return { recorded: true as const };
    },
    callGuide: async ({ screen }) => {
      const call = { id: crypto.randomUUID(), at: s.now().toISOString(), screen };
      await s.db.write((db) => insertHelpCall(db, call));
      s.log.info('guide.called', { id: call.id, screen });
      return { id: call.id };
    },
  };
}
