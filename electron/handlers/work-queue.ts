// The single-site console (issue 7): guide mode lists the kiosk's queue and sets statuses.
import type { Handlers } from '../contract';
import { CallError } from '../domain/call';
import type { Services } from '../services/kiosk-services';
import { WorkQueueError } from '../services/work-queue/work-queue-service';

export function workQueueHandlers(
  s: Services,
): Pick<Handlers, 'guideWorkQueue' | 'guideWorkStatus'> {
  return {
    guideWorkQueue: ({ scope, board, department, due }) =>
      s.workQueue.list({ scope, board, department, due }),
    guideWorkStatus: async ({ requestId, status, note }) => {
      try {
        return await s.workQueue.setStatus({ requestId, status, note });
      } catch (e) {
        if (e instanceof WorkQueueError) {
          if (e.code === 'NOTE_REQUIRED') throw new CallError('BAD_ARGS', e.message, ['note']);
          throw new CallError(e.code, e.message);
        }
        throw e;
      }
    },
  };
}
