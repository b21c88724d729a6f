// The single-site console: guide mode lists the kiosk's queue and sets statuses.
import type { Handlers } from '../contract';
import type { Services } from '../services/services';

export function workQueueHandlers(
  s: Services,
): Pick<Handlers, 'guideWorkQueue' | 'guideWorkStatus'> {
  return {
    guideWorkQueue: (filter) => s.workQueue.list(filter),
    guideWorkStatus: (input) => s.workQueue.setStatus(input),
  };
}
