import type { Handlers } from '../contract';
import type { Services } from '../services/services';

export function appHandlers(
  s: Services,
): Pick<
  Handlers,
  'appInfo' | 'appStatus' | 'logClientError' | 'sessionEnd' | 'rendererHeartbeat' | 'reportDevices'
> {
  return {
    appInfo: () => s.app.info(),
    appStatus: () => s.app.status(),
    logClientError: ({ where, message }) => {
      s.app.logClientError(where, message);
      return { logged: true as const };
    },
    sessionEnd: async ({ reason }) => ({
      ended: true as const,
      ...(await s.app.endSession(reason)),
    }),
    rendererHeartbeat: ({ active }) => s.app.heartbeat(active),
    reportDevices: ({ camera }) => {
      s.app.reportDevices(camera);
      return { recorded: true as const };
    },
  };
}
