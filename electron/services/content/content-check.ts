// Everything a content bundle must pass before it replaces anything: its signature against the
// keys the kiosk trusts (content.publicKeys), the payload's schema, then each part against the
// rules the kiosk loads it by — the catalog files with the built-in ones around them (schemas and
// cross-references), each year's holiday schedule, each config key against its own schema.
import { z } from 'zod';
import type { CatalogFileName } from '../../domain/catalog';
import {
  ContentBundleError,
  openContentBundle,
  type ContentPayload,
  type ContentRefusal,
} from '../../protocol/content-bundle';
import { parseYearFile, type HolidayFile } from '../calendar/holiday-calendar';
import { builtinCatalogFiles } from '../catalog/builtin';
import { validateWithContent } from '../catalog/load';
import { CatalogError, problemText, type RawCatalogFiles } from '../catalog/validate';
import { defaultConfig, overlayConfigKeys } from '../config';

/** Why a bundle is refused: the envelope's reasons, or what the kiosk's own checks found. */
export type ContentRefusalReason = ContentRefusal | 'invalid-content' | 'older-version';

export class ContentRefusedError extends Error {
  constructor(
    readonly reason: ContentRefusalReason,
    message: string,
    readonly version: number | null = null,
  ) {
    super(message);
    this.name = 'ContentRefusedError';
  }
}

export interface CheckedContent {
  payload: ContentPayload;
  keyId: string;
  /** The bundle's seed files (null: the built-in catalog). */
  catalog: Partial<RawCatalogFiles> | null;
  calendars: { source: string; data: HolidayFile }[];
  config: Record<string, unknown>;
}

/** The calendar files a payload carries, checked (throws with the year named). */
export function calendarsOf(payload: ContentPayload): CheckedContent['calendars'] {
  return Object.entries(payload.calendars ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([year, raw]) => {
      try {
        return { source: `content v${payload.version} › ${year}`, data: parseYearFile(year, raw) };
      } catch (e) {
        const text =
          e instanceof z.ZodError
            ? e.issues
                .slice(0, 5)
                .map((i) => `${i.path.join('.')}: ${i.message}`)
                .join('; ')
            : (e as Error).message;
        throw new Error(`calendars.${year}: ${text}`);
      }
    });
}

/**
 * Verifies and checks a bundle's text. Throws ContentRefusedError naming why; nothing is written.
 * `builtin`: the built-in seed files (a test seam; default seeds/).
 */
export function checkContent(
  text: string,
  trustedKeys: Readonly<Record<string, string>>,
  builtin: RawCatalogFiles = builtinCatalogFiles(),
): CheckedContent {
  let opened: ReturnType<typeof openContentBundle>;
  try {
    opened = openContentBundle(text, trustedKeys);
  } catch (e) {
    if (e instanceof ContentBundleError) throw new ContentRefusedError(e.reason, e.message);
    throw e;
  }
  const { payload, keyId } = opened;
  const invalid = (message: string) =>
    new ContentRefusedError('invalid-content', message, payload.version);

  const catalog =
    payload.catalog && Object.keys(payload.catalog).length > 0
      ? (payload.catalog as Partial<Record<CatalogFileName, unknown>>)
      : null;
  if (catalog) {
    try {
      validateWithContent(builtin, catalog, payload.version);
    } catch (e) {
      if (!(e instanceof CatalogError)) throw e;
      const shown = e.problems.slice(0, 5).map(problemText);
      const more = e.problems.length > 5 ? [`… and ${e.problems.length - 5} more`] : [];
      throw invalid(`catalog: ${[...shown, ...more].join('; ')}`);
    }
  }
  let calendars: CheckedContent['calendars'];
  try {
    calendars = calendarsOf(payload);
  } catch (e) {
    throw invalid((e as Error).message);
  }
  const config = (payload.config ?? {}) as Record<string, unknown>;
  const problems = overlayConfigKeys(defaultConfig(), config);
  if (problems.length)
    throw invalid(`config: ${problems.map((p) => `${p.key}: ${p.problem}`).join('; ')}`);
  return { payload, keyId, catalog, calendars, config };
}
