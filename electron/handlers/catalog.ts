import type { Handlers } from '../contract';
import type { Services } from '../services/services';

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
    catalogBundle: ({ id }) => s.catalog.requireBundle(id),
    catalogBoards: () => s.catalog.boards(),
    catalogTasks: () => s.catalog.tasks(),
    catalogMeasures: (filter) => s.catalog.measures(filter),
    catalogStations: () => s.catalog.stations(),
    catalogStation: ({ id }) => s.catalog.requireStation(id),
    catalogSearch: ({ query, limit, recordMiss }) => s.search.search(query, limit, recordMiss),
  };
}
