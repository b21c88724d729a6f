// Catalog search as the screen makes it: when the person pressed Search and nothing was found, the
// query is kept (text ≤ 40 characters and the time, nothing else) for the dashboard; such records
// are dropped after the log retention.
import type { SearchResult } from '../../domain/catalog';
import type { Logger } from '../logger';
import type { KioskDatabase } from '../storage/database';
import type { CatalogService } from './catalog-service';
import {
  countSearchMissesBefore,
  insertSearchMiss,
  purgeSearchMisses,
  recordableQuery,
} from './search-miss-repository';

export interface SearchService {
  search(query: string, limit: number, recordMiss: boolean): Promise<SearchResult>;
  /** Drops the misses older than the log retention (best effort). */
  purgeOld(): Promise<void>;
}

export function createSearchService(d: {
  catalog: CatalogService;
  db: KioskDatabase;
  log: Logger;
  now: () => Date;
  logDays: number;
}): SearchService {
  return {
    async search(query, limit, recordMiss) {
      const result = d.catalog.search(query, limit);
      if (recordMiss && result.total === 0) {
        const kept = recordableQuery(query);
        // Best effort: a search must work while storage is out of service.
        if (kept && d.db.health().inService) {
          await d.db
            .write((db) => insertSearchMiss(db, d.now(), kept))
            .catch((e: unknown) => d.log.warn('catalog.miss_not_recorded', { error: String(e) }));
        }
      }
      return result;
    },
    async purgeOld() {
      const cutoff = new Date(d.now().getTime() - d.logDays * 86_400_000);
      if (d.db.read((db) => countSearchMissesBefore(db, cutoff)) > 0)
        await d.db
          .write((db) => purgeSearchMisses(db, cutoff))
          .catch((e: unknown) => d.log.warn('catalog.miss_purge_failed', { error: String(e) }));
    },
  };
}
