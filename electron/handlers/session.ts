import crypto from 'node:crypto';
import type { Handlers } from '../contract';
import { currentDuty } from '../services/guide/duty';
import { insertHelpCall } from '../services/guide/help-call-repository';
import { helpCallWireBody } from '../services/guide/help-call-wire';
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
      // With a back office configured the call goes there too, queued in the same transaction.
      // Single site: the kiosk's own guide mode is where it is answered; nothing is queued (a
      // call delivered days later, once an endpoint is set, would only mislead).
      const toBackOffice = s.config.backOffice.endpoint !== null;
      await s.db.write((db) => {
        insertHelpCall(db, call);
        if (toBackOffice)
          s.sync.enqueue(db, {
            id: call.id,
            kind: 'help-call',
            body: helpCallWireBody(call, s.config),
          });
      });
      // Recorded whoever is on duty: the next guide sees it. The visitor is told the truth.
      const duty = currentDuty({
        db: s.db,
        hours: s.hours,
        session: s.session,
        help: s.config.help,
        now: s.now(),
      });
      s.log.info('guide.called', {
        id: call.id,
        screen,
        queued: toBackOffice,
        onDuty: duty.onDuty,
      });
      return { id: call.id, duty };
    },
  };
}
