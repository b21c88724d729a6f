// Guide mode's view of the back-office queue.
import type { Handlers } from '../contract';
import type { Services } from '../services/services';

export function syncHandlers(s: Services): Pick<Handlers, 'syncStatus' | 'syncRetry'> {
  return {
    syncStatus: () => s.sync.status(),
    syncRetry: async ({ id }) => {
      await s.sync.retry(id);
      return { id, state: 'pending' as const };
    },
  };
}
