// Loads the catalog the kiosk runs on: the built-in one (seeds/), with the seed files of the
// signed content bundle in force in place of the built-in ones, and then, when <data>/catalog/
// holds any of the seed files, those in place of both after the same validation (the operator on
// site has the last word). A bad built-in catalog stops the kiosk (CatalogError names file,
// record and field); a bundle's catalog or an override that does not validate (against a newer
// built-in catalog, say) is refused, logged, and what lies below it stays.
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
  source: 'built-in' | 'content' | 'override';
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
  /** The seed files of the signed content bundle in force (already verified), if any. */
  content?: Partial<RawCatalogFiles> | null;
  /** The content bundle's version, named in the catalog's version. */
  contentVersion?: number | null;
}

/** The name a content bundle's seed file goes by in problems and logs. */
export function contentFileName(name: CatalogFileName, version: number | null): string {
  return `content bundle${version === null ? '' : ` v${version}`} › ${name}`;
}

/**
 * Validates the built-in files with a content bundle's files in their place; throws CatalogError.
 * Also what the content service checks a bundle with before it replaces anything.
 */
export function validateWithContent(
  builtinRaw: RawCatalogFiles,
  content: Partial<RawCatalogFiles>,
  version: number | null,
): { merged: RawCatalogFiles; names: Record<CatalogFileName, string> } & ReturnType<
  typeof validateCatalog
> {
  const names = { ...BUILTIN_NAMES };
  for (const name of Object.keys(content) as CatalogFileName[])
    names[name] = contentFileName(name, version);
  const merged = { ...builtinRaw, ...content } as RawCatalogFiles;
  return { merged, names, ...validateCatalog(merged, names, 'content bundle') };
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
  let base: LoadedCatalog = {
    catalog: builtin.catalog,
    hash: builtin.hash,
    version: builtin.catalog.manifest.version,
    source: 'built-in',
    overrideRefused: null,
    overrideProblems: [],
  };
  let belowRaw = builtinRaw;
  let belowNames = BUILTIN_NAMES;
  if (opts.content && Object.keys(opts.content).length > 0) {
    const cv = opts.contentVersion ?? null;
    try {
      const v = validateWithContent(builtinRaw, opts.content, cv);
      base = {
        ...base,
        catalog: v.catalog,
        hash: v.hash,
        version: opts.content['catalog.json']
          ? v.catalog.manifest.version
          : `${v.catalog.manifest.version}+content${cv === null ? '' : `.${cv}`}`,
        source: 'content',
      };
      belowRaw = v.merged;
      belowNames = v.names;
    } catch (e) {
      if (!(e instanceof CatalogError)) throw e;
      opts.log?.error('catalog.content_refused', {
        version: cv,
        problems: e.problems.slice(0, 20).map(problemText),
      });
    }
  }
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

  const names = { ...belowNames };
  for (const name of present) names[name] = path.join(dir, name);
  try {
    const merged = { ...belowRaw, ...files } as RawCatalogFiles;
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
