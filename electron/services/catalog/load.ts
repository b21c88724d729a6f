// Loads the catalog the kiosk runs on: the built-in one (seeds/), or, when <data>/catalog/ holds
// any of the seed files, those files in place of the built-in ones after the same validation.
// A bad built-in catalog stops the kiosk (CatalogError names file, record and field); a bad
// override is refused, logged, and the built-in catalog stays.
import fs from 'node:fs';
import path from 'node:path';
import { CATALOG_FILES, type Catalog, type CatalogFileName } from '../../domain/catalog';
import type { Logger } from '../logger';
import { BUILTIN_NAMES, builtinCatalogFiles } from './builtin';
import {
  CatalogError,
  problemText,
  validateCatalog,
  type CatalogProblem,
  type RawCatalogFiles,
} from './validate';

export interface LoadedCatalog {
  catalog: Catalog;
  hash: string;
  /** The human version: the manifest's, with "+local" when an override brings no manifest. */
  version: string;
  source: 'built-in' | 'override';
  /** The override's problems when it was refused (first few, as text). */
  overrideRefused: string | null;
  overrideProblems: CatalogProblem[];
}

export interface LoadCatalogOptions {
  /** The kiosk's data directory; its catalog/ subdirectory may override the built-in files. */
  dataRoot?: string;
  log?: Logger;
  /** Test seam: the built-in files to use instead of seeds/. */
  builtin?: RawCatalogFiles;
}

export function overrideDir(dataRoot: string): string {
  return path.join(path.resolve(dataRoot), 'catalog');
}

/** Reads whichever seed files the override directory holds; JSON errors become problems. */
function readOverride(dir: string): {
  files: Partial<RawCatalogFiles>;
  problems: CatalogProblem[];
} {
  const files: Partial<RawCatalogFiles> = {};
  const problems: CatalogProblem[] = [];
  for (const name of CATALOG_FILES) {
    const file = path.join(dir, name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      problems.push({
        file,
        record: '(file)',
        field: '(file)',
        message: `cannot be read: ${(e as Error).message}`,
      });
      continue;
    }
    try {
      files[name] = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    } catch (e) {
      problems.push({
        file,
        record: '(file)',
        field: '(json)',
        message: `is not valid JSON: ${(e as Error).message}`,
      });
    }
  }
  return { files, problems };
}

export function loadCatalog(opts: LoadCatalogOptions = {}): LoadedCatalog {
  const builtinRaw = opts.builtin ?? builtinCatalogFiles();
  // Throws CatalogError: the kiosk must not start on a broken built-in catalog.
  const builtin = validateCatalog(builtinRaw, BUILTIN_NAMES, 'built-in');
  const base: LoadedCatalog = {
    catalog: builtin.catalog,
    hash: builtin.hash,
    version: builtin.catalog.manifest.version,
    source: 'built-in',
    overrideRefused: null,
    overrideProblems: [],
  };
  if (!opts.dataRoot) return base;

  const dir = overrideDir(opts.dataRoot);
  if (!fs.existsSync(dir)) return base;
  const { files, problems } = readOverride(dir);
  const present = Object.keys(files) as CatalogFileName[];
  if (present.length === 0 && problems.length === 0) return base;

  const refuse = (list: CatalogProblem[]): LoadedCatalog => {
    const text = list.slice(0, 5).map(problemText).join('; ');
    opts.log?.error('catalog.override_refused', {
      dir,
      problems: list.slice(0, 20).map(problemText),
    });
    return { ...base, overrideRefused: text, overrideProblems: list };
  };
  if (problems.length) return refuse(problems);

  const names = { ...BUILTIN_NAMES };
  for (const name of present) names[name] = path.join(dir, name);
  try {
    const merged = { ...builtinRaw, ...files } as RawCatalogFiles;
    const v = validateCatalog(merged, names, 'override');
    const version = files['catalog.json']
      ? v.catalog.manifest.version
      : `${v.catalog.manifest.version}+local`;
    opts.log?.info('catalog.override_used', { dir, files: present, version, hash: v.hash });
    return {
      catalog: v.catalog,
      hash: v.hash,
      version,
      source: 'override',
      overrideRefused: null,
      overrideProblems: [],
    };
  } catch (e) {
    if (e instanceof CatalogError) return refuse(e.problems);
    throw e;
  }
}
