// The built-in catalog: seeds/*.json, imported so that esbuild bundles them into dist/ (the kiosk
// never reads the source document or the repository at run time).
import boards from '../../../seeds/boards.json';
import bundles from '../../../seeds/bundles.json';
import manifest from '../../../seeds/catalog.json';
import measures from '../../../seeds/measures.json';
import stations from '../../../seeds/stations.json';
import type { CatalogFileName } from '../../domain/catalog';
import type { RawCatalogFiles } from './validate';

/** A fresh deep copy each call: callers (and tests breaking copies) cannot alter the original. */
export function builtinCatalogFiles(): RawCatalogFiles {
  return structuredClone({
    'catalog.json': manifest,
    'boards.json': boards,
    'measures.json': measures,
    'bundles.json': bundles,
    'stations.json': stations,
  } satisfies Record<CatalogFileName, unknown>);
}

export const BUILTIN_NAMES: Record<CatalogFileName, string> = {
  'catalog.json': 'seeds/catalog.json',
  'boards.json': 'seeds/boards.json',
  'measures.json': 'seeds/measures.json',
  'bundles.json': 'seeds/bundles.json',
  'stations.json': 'seeds/stations.json',
};
