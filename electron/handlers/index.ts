// All handlers, one object typed `Handlers`: a call in the contract without a handler here is a
// type error. A handler translates one call into one service method: it reaches no storage,
// configuration or Node module (the lint configuration holds it to that).
import type { Handlers } from '../contract';
import type { Services } from '../services/services';
import { appHandlers } from './app';
import { guideHandlers } from './guide';
import { catalogHandlers } from './catalog';
import { syncHandlers } from './sync';
import { identityHandlers } from './identity';
import { policyHandlers } from './policies';
import { requestHandlers } from './requests';
import { workQueueHandlers } from './work-queue';
import { voiceHandlers } from './voice';
import { dashboardHandlers } from './dashboard';

export function createHandlers(s: Services): Handlers {
  return {
    ...appHandlers(s),
    ...guideHandlers(s),
    ...catalogHandlers(s),
    ...syncHandlers(s),
    ...identityHandlers(s),
    ...policyHandlers(s),
    ...requestHandlers(s),
    ...workQueueHandlers(s),
    ...voiceHandlers(s),
    ...dashboardHandlers(s),
  };
}
