// Signed content updates on the kiosk: a bundle (catalog, holiday calendars, whitelisted config
// keys) arrives from the back office's feed or from `kioskctl content apply`, is verified and
// checked whole (content-check.ts), and only then replaces the bundle in force — one durable file
// (content-store.ts) — and the catalog, calendar and config the running kiosk uses. A bad,
// unsigned or older bundle is refused: logged (`content.refused`), recorded for guide mode and
// the heartbeat, and the kiosk keeps running on what it had.
import fs from 'node:fs';
import { CONTENT_CONFIG_KEYS } from '../../protocol/content-bundle';
import { payloadOf, readContentEnvelope } from '../../protocol/content-bundle';
import {
  loadHolidayCalendar,
  type LoadedCalendar,
  type SwitchableCalendar,
} from '../calendar/holiday-calendar';
import type { CatalogService } from '../catalog/catalog-service';
import { loadCatalog } from '../catalog/load';
import type { RawCatalogFiles } from '../catalog/validate';
import { overlayConfigKeys, type KioskConfig } from '../config';
import type { DataDir } from '../data-dir';
import { withFileLock } from '../file-lock';
import type { Logger } from '../logger';
import { checkContent, ContentRefusedError, type CheckedContent } from './content-check';
import {
  bundleFile,
  readContentStatus,
  readStoredBundle,
  writeContentStatus,
  writeStoredBundle,
  type ContentRefusalRecord,
  type ContentStatusFile,
} from './content-store';

export type ApplyOutcome =
  | { ok: true; version: number; unchanged: boolean; checked: CheckedContent }
  | { ok: false; refusal: ContentRefusalRecord };

/** The stored bundle's version without verifying it (ordering only); null when none or unreadable. */
function storedVersion(text: string | null): number | null {
  if (text === null) return null;
  try {
    return payloadOf(readContentEnvelope(text)).version;
  } catch {
    return null;
  }
}

/**
 * Verifies, checks and stores a bundle as the one in force (no running kiosk needed: kioskctl
 * calls this too). Never goes back to a lower version; the same version again is accepted only
 * with the same bytes (nothing to do). Records the outcome in status.json.
 */
export function applyContentBundle(opts: {
  dir: string;
  text: string;
  trustedKeys: Readonly<Record<string, string>>;
  source: string;
  now: () => Date;
  builtin?: RawCatalogFiles;
}): ApplyOutcome {
  const at = opts.now().toISOString();
  fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  return withFileLock(bundleFile(opts.dir), (): ApplyOutcome => {
    const status = readContentStatus(opts.dir);
    try {
      const checked = checkContent(opts.text, opts.trustedKeys, opts.builtin);
      const stored = readStoredBundle(opts.dir);
      const current = storedVersion(stored);
      const version = checked.payload.version;
      if (current !== null && version === current && stored === opts.text)
        return { ok: true, version, unchanged: true, checked };
      if (current !== null && version <= current)
        throw new ContentRefusedError(
          'older-version',
          `version ${version} is not newer than version ${current} in force`,
          version,
        );
      writeStoredBundle(opts.dir, opts.text);
      writeContentStatus(opts.dir, {
        applied: { version, at, source: opts.source },
        lastRefusal: status.lastRefusal,
      });
      return { ok: true, version, unchanged: false, checked };
    } catch (e) {
      if (!(e instanceof ContentRefusedError)) throw e;
      const refusal: ContentRefusalRecord = {
        version: e.version,
        reason: e.reason,
        message: e.message.slice(0, 1000),
        at,
        source: opts.source,
      };
      writeContentStatus(opts.dir, { applied: status.applied, lastRefusal: refusal });
      return { ok: false, refusal };
    }
  });
}

/**
 * The bundle in force as the kiosk starts: verified again (keys may have changed since). A stored
 * bundle that no longer passes is set aside in memory (the built-in content is used), logged and
 * recorded; the file stays for the operator to look at.
 */
export function loadStoredContent(opts: {
  dir: string;
  trustedKeys: Readonly<Record<string, string>>;
  log: Logger;
  now: () => Date;
  builtin?: RawCatalogFiles;
}): CheckedContent | null {
  const text = readStoredBundle(opts.dir);
  if (text === null) return null;
  try {
    return checkContent(text, opts.trustedKeys, opts.builtin);
  } catch (e) {
    if (!(e instanceof ContentRefusedError)) throw e;
    opts.log.error('content.stored_refused', { reason: e.reason, message: e.message });
    try {
      const status = readContentStatus(opts.dir);
      writeContentStatus(opts.dir, {
        ...status,
        lastRefusal: {
          version: e.version,
          reason: e.reason,
          message: e.message.slice(0, 1000),
          at: opts.now().toISOString(),
          source: 'stored',
        },
      });
    } catch (w) {
      opts.log.warn('content.status_unwritable', { error: (w as Error).message });
    }
    return null;
  }
}

export interface ContentState {
  /** The bundle in force, or null (built-in content). */
  active: {
    version: number;
    keyId: string;
    createdAt: string;
    note: string | null;
    parts: { catalog: string[]; calendars: string[]; config: string[] };
  } | null;
  applied: ContentStatusFile['applied'];
  lastRefusal: ContentRefusalRecord | null;
}

export function contentStateOf(checked: CheckedContent | null, dir: string): ContentState {
  const status = readContentStatus(dir);
  return {
    active: checked
      ? {
          version: checked.payload.version,
          keyId: checked.keyId,
          createdAt: checked.payload.createdAt,
          note: checked.payload.note ?? null,
          parts: {
            catalog: Object.keys(checked.catalog ?? {}),
            calendars: checked.calendars.map((c) => c.source.split(' › ')[1] ?? c.source),
            config: Object.keys(checked.config),
          },
        }
      : null,
    applied: status.applied,
    // A refusal older than the bundle applied since is history, not a problem.
    lastRefusal:
      status.lastRefusal && (!status.applied || status.lastRefusal.at >= status.applied.at)
        ? status.lastRefusal
        : null,
  };
}

export interface ContentService {
  /** The version in force (null: built-in content); what the feed asks `since`. */
  version(): number | null;
  state(): ContentState;
  /** Verifies, checks, stores and puts a bundle in force; a refusal is logged and recorded. */
  apply(text: string, source: string): ApplyOutcome;
  /** Takes in a bundle another process (kioskctl) stored since; true when one was put in force. */
  refresh(): boolean;
  start(): void;
  close(): void;
}

export interface ContentServiceOptions {
  dirs: DataDir;
  /** The live config: whitelisted keys of a bundle are set in it. */
  config: KioskConfig;
  /** The config as the file gives it, before any bundle: what a key no bundle sets returns to. */
  baseConfig: KioskConfig;
  log: Logger;
  now: () => Date;
  catalog: CatalogService;
  calendar: SwitchableCalendar;
  /** Replaced in place when the calendar is reloaded. */
  calendarProblems: LoadedCalendar['problems'];
  /** The bundle verified at start (loadStoredContent), if any. */
  initial: CheckedContent | null;
  builtinCatalog?: RawCatalogFiles;
  /** How often <data>/content is looked at for a bundle kioskctl stored (default 60 s). */
  refreshMs?: number;
}

function valueAt(obj: unknown, keyPath: string): unknown {
  let at: unknown = obj;
  for (const part of keyPath.split('.')) {
    if (!at || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** Sets the whitelisted keys: the bundle's value, else the file's own (a key dropped returns). */
export function overlayContentConfig(
  config: KioskConfig,
  base: KioskConfig,
  entries: Record<string, unknown>,
): void {
  const values: Record<string, unknown> = {};
  for (const key of CONTENT_CONFIG_KEYS)
    values[key] = Object.hasOwn(entries, key) ? entries[key] : structuredClone(valueAt(base, key));
  overlayConfigKeys(config, values);
}

export function createContentService(opts: ContentServiceOptions): ContentService {
  const { dirs, log } = opts;
  let active = opts.initial;
  let timer: NodeJS.Timeout | null = null;
  const keys = () => opts.config.content.publicKeys;

  function activate(checked: CheckedContent): void {
    const loaded = loadCatalog({
      dataRoot: dirs.root,
      log,
      content: checked.catalog,
      contentVersion: checked.payload.version,
      ...(opts.builtinCatalog ? { builtin: opts.builtinCatalog } : {}),
    });
    const cal = loadHolidayCalendar(dirs.calendar, log, checked.calendars);
    // Everything was checked before this point: the swaps below cannot fail half-way.
    opts.catalog.replace(loaded);
    opts.calendar.replace(cal.calendar);
    opts.calendarProblems.splice(0, opts.calendarProblems.length, ...cal.problems);
    overlayContentConfig(opts.config, opts.baseConfig, checked.config);
    active = checked;
    log.info('content.in_force', {
      version: checked.payload.version,
      catalog: `${loaded.version} ${loaded.hash.slice(0, 12)} ${loaded.source}`,
      holidaysThrough: cal.calendar.lastCoveredYear,
      configKeys: Object.keys(checked.config),
    });
  }

  const service: ContentService = {
    version: () => active?.payload.version ?? null,
    state: () => contentStateOf(active, dirs.content),

    apply(text, source) {
      const out = applyContentBundle({
        dir: dirs.content,
        text,
        trustedKeys: keys(),
        source,
        now: opts.now,
        ...(opts.builtinCatalog ? { builtin: opts.builtinCatalog } : {}),
      });
      if (!out.ok) {
        log.warn('content.refused', {
          source,
          version: out.refusal.version,
          reason: out.refusal.reason,
          message: out.refusal.message,
        });
        return out;
      }
      if (!out.unchanged || active?.payload.version !== out.version) activate(out.checked);
      if (!out.unchanged) log.info('content.applied', { source, version: out.version });
      return out;
    },

    refresh() {
      const text = readStoredBundle(dirs.content);
      const version = storedVersion(text);
      if (text === null || version === null || version === active?.payload.version) return false;
      const checked = loadStoredContent({
        dir: dirs.content,
        trustedKeys: keys(),
        log,
        now: opts.now,
        ...(opts.builtinCatalog ? { builtin: opts.builtinCatalog } : {}),
      });
      if (!checked || (active && checked.payload.version <= active.payload.version)) return false;
      activate(checked);
      return true;
    },

    start() {
      if (timer) return;
      timer = setInterval(() => {
        try {
          service.refresh();
        } catch (e) {
          log.warn('content.refresh_failed', { error: (e as Error).message });
        }
      }, opts.refreshMs ?? 60_000);
      timer.unref();
    },

    close() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return service;
}
