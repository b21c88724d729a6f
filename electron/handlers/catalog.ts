import type { Handlers } from '../contract';
import { CallError } from '../domain/call';
import { insertSearchMiss, recordableQuery } from '../services/catalog/search-miss-repository';
import type { Services } from '../services/kiosk-services';

export function catalogHandlers(
  s: Services,
): Pick<
  Handlers,
  | 'catalogInfo'
  | 'catalogBundles'
  | 'catalogBundle'
  | 'catalogBoards'
  | 'catalogTasks'
  | 'catalogMeasures'
  | 'catalogStations'
  | 'catalogStation'
  | 'catalogSearch'
> {
  return {
    catalogInfo: () => s.catalog.info(),
    catalogBundles: ({ groupBy }) => s.catalog.bundleGroups(groupBy),
    catalogBundle: ({ id }) => {
      const b = s.catalog.bundle(id);
      if (!b) throw new CallError('NOT_FOUND', `no bundle ${id}`);
      return b;
    },
    catalogBoards: () => s.catalog.boards(),
    catalogTasks: () => s.catalog.tasks(),
    catalogMeasures: (filter) => s.catalog.measures(filter),
    catalogStations: () => s.catalog.stations(),
    catalogStation: ({ id }) => {
      const st = s.catalog.station(id);
      if (!st) throw new CallError('NOT_FOUND', `no station ${id}`);
      return st;
    },
    catalogSearch: async ({ query, limit, recordMiss }) => {
      const result = s.catalog.search(query, limit);
      if (recordMiss && result.total === 0) {
        const kept = recordableQuery(query);
        // Best effort: a search must work while storage is out of service.
        if (kept && s.db.health().inService) {
          await s.db
            .write((d) => insertSearchMiss(d, s.now(), kept))
            .catch((e: unknown) => s.log.warn('catalog.miss_not_recorded', { error: String(e) }));
        }
      }
      return result;
    },
  };
}
