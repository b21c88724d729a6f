// Guide mode's view of the back-office queue (issue 7).
import type { Handlers } from '../contract';
import { CallError } from '../domain/call';
import type { Services } from '../services/kiosk-services';
import { SyncRetryError } from '../services/sync/sync-service';

export function syncHandlers(s: Services): Pick<Handlers, 'syncStatus' | 'syncRetry'> {
  return {
    syncStatus: () => s.sync.status(),
    syncRetry: async ({ id }) => {
      try {
        await s.sync.retry(id);
      } catch (e) {
        if (e instanceof SyncRetryError) throw new CallError(e.code, e.message);
        throw e;
      }
      return { id, state: 'pending' as const };
    },
  };
}
