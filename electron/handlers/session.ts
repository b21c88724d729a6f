import crypto from 'node:crypto';
import type { Handlers } from '../contract';
import { insertHelpCall } from '../services/guide/help-call-repository';
import type { Services } from '../services/kiosk-services';

export function sessionHandlers(s: Services): Pick<Handlers, 'sessionEnd' | 'callGuide'> {
  return {
    sessionEnd: ({ reason }) => {
      s.session.reset();
      s.log.info('session.ended', { reason });
      return { ended: true as const };
    },
    callGuide: async ({ screen }) => {
      const call = { id: crypto.randomUUID(), at: s.now().toISOString(), screen };
      await s.db.write((db) => insertHelpCall(db, call));
      s.log.info('guide.called', { id: call.id, screen });
      return { id: call.id };
    },
  };
}
