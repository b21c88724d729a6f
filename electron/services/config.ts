// The kiosk's one configuration file, <data>/config.json. Every key has a documented default
// (README, "Configuration"); a file that is missing, unreadable or partly wrong never stops the
// kiosk: each wrong key falls back to its default and is reported by its exact path.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from './durable-file';
import { withFileLock } from './file-lock';

const localized = (zh: string, en: string) =>
  z
    .object({ 'zh-CN': z.string().min(1).max(80), en: z.string().min(1).max(120) })
    .default({ 'zh-CN': zh, en });
/** Ed25519 public keys (base64url, 32 bytes) by key id; empty by default. */
const trustedKeys = () =>
  z
    .record(
      z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, 'key id: 1–16 of A–Z a–z 0–9 _ -'),
      z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'base64url Ed25519 public key (43 characters)'),
    )
    .default({});
/**
 * A server the kiosk calls, or null when there is none: https, since it carries secrets and
 * signed content; plain http only to this machine, for a local test service.
 */
const optionalServerUrl = () =>
  z
    .url()
    .refine(
      (u) =>
        u.startsWith('https://') ||
        /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(u + '/'),
      'https, or http only to loopback',
    )
    .nullable()
    .default(null);
const timeRange = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'HH:MM-HH:MM');

/** Leaves are zod schemas with defaults; plain objects are sections. */
export const CONFIG_SHAPE = {
  kioskId: z
    .string()
    .regex(/^[A-Z0-9]{2,12}$/, '2–12 capital letters or digits')
    .default('DQ01'),
  centerName: localized('德清县企业综合服务中心', 'Deqing County Enterprise Service Center'),
  locationName: localized(
    '县政务服务中心 7×24 小时自助区',
    '24-hour self-service area, County Government Service Center',
  ),
  language: z.enum(['zh-CN', 'en']).default('zh-CN'),
  timeouts: {
    idleSeconds: z.number().int().min(30).max(900).default(90),
    receiptIdleSeconds: z.number().int().min(15).max(300).default(30),
    /** WCAG 2.2.1 asks for at least 20 s to extend. */
    countdownSeconds: z.number().int().min(20).max(120).default(20),
    guideIdleSeconds: z.number().int().min(30).max(900).default(120),
  },
  printer: {
    enabled: z.boolean().default(true),
    /** Printer queue name for 80 mm receipts; null = the system default printer. */
    receiptPrinter: z.string().max(200).nullable().default(null),
    /** Printer queue name for A4 checklists; null = the system default printer. */
    checklistPrinter: z.string().max(200).nullable().default(null),
  },
  camera: {
    /** MediaDeviceInfo.deviceId of the scanning camera; null = the first camera. */
    deviceId: z.string().max(300).nullable().default(null),
    /**
     * QR decoding engine behind the scan screen: zxing-wasm (zxing-cpp as WebAssembly, packaged
     * with the app) or html5-qrcode's ZXing-js. `npm run bench -- decode` compares them.
     */
    engine: z.enum(['zxing-wasm', 'html5-qrcode']).default('zxing-wasm'),
    /** Frames decoded per second while the camera runs (more rarely helps; fewer saves CPU). */
    decodesPerSecond: z.number().int().min(1).max(30).default(10),
  },
  identity: {
    /**
     * Ed25519 public keys (base64url, 32 bytes) trusted to sign dynamic 企业码, by key id
     * (`kioskctl keygen` makes a pair). Empty: signed enterprise codes are refused.
     */
    enterpriseKeys: trustedKeys(),
    /** Public keys trusted to sign staff badges (kept apart: a code key cannot make badges). */
    staffKeys: trustedKeys(),
    /** Clock difference tolerated between the issuer and the kiosk, in seconds. */
    clockSkewSeconds: z.number().int().min(0).max(600).default(30),
    /** Longest lifetime (expiry − issue time) a signed token may have, in seconds. */
    maxTokenLifetimeSeconds: z.number().int().min(60).max(86_400).default(3_600),
  },
  hours: {
    /** The center's time zone: opening hours and promised dates are local time there. */
    timeZone: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'an IANA time zone such as Asia/Shanghai')
      .default('Asia/Shanghai'),
    /** The center's 5+X week: ISO weekday (1 = Monday) → opening ranges. */
    weekly: z
      .record(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(timeRange).max(4))
      .default({
        '1': ['08:30-17:00'],
        '2': ['08:30-17:00'],
        '3': ['08:30-17:00'],
        '4': ['08:30-17:00'],
        '5': ['08:30-17:00'],
        '6': ['09:00-12:00'],
        '7': [],
      }),
  },
  backOffice: {
    /** https URL of the central back office; null = single site (guide mode is the console). */
    endpoint: optionalServerUrl(),
    /** Shared secret for signing calls to the back office. Never logged or shown. */
    kioskSecret: z.string().min(32).max(256).nullable().default(null),
    /**
     * A PEM file (one CA certificate or a bundle) trusted for the back office in addition to the
     * system's authorities: for a back office signed by a government or intranet CA.
     */
    caCertificate: z
      .string()
      .min(1)
      .max(1000)
      .refine((p) => path.isAbsolute(p), 'an absolute path to a PEM file')
      .nullable()
      .default(null),
    /** Seconds one call to the back office may take before it is retried. */
    requestTimeoutSeconds: z.number().int().min(2).max(120).default(15),
    /** How often status changes are pulled from the back office, in seconds. */
    pullIntervalSeconds: z.number().int().min(10).max(3600).default(60),
    /** How often the kiosk reports its health (printer, disk, backlog, versions), in seconds. */
    heartbeatIntervalSeconds: z.number().int().min(30).max(3600).default(300),
  },
  retention: {
    personalDataDays: z.number().int().min(1).max(365).default(30),
    logDays: z.number().int().min(7).max(365).default(90),
    /**
     * Days after closing (and after its personal data was purged) a request leaves the hot
     * database for the archive files, in the maintenance run; it stays readable there (kioskctl,
     * the dashboard's sums, tracking by status). What the database holds in memory is bounded by
     * the requests of this period plus those still open.
     */
    archiveAfterDays: z.number().int().min(30).max(3650).default(90),
    /** Days after closing an archived request is deleted from the archive for good. */
    archiveKeepDays: z.number().int().min(90).max(7300).default(1095),
  },
  catalog: {
    /**
     * The center's promised feedback time for a 一类事 request, in working days, where the
     * catalog sets none for the bundle. A service promise of the center (前台综合受理…限时办结反馈),
     * never a statutory time limit; the source document names no number.
     */
    feedbackDays: z.number().int().min(1).max(30).default(3),
  },
  voice: {
    /**
     * The center's promised response time for a 诉求 (兜底办), in working days: a service
     * promise ("问题反映—限期解决—督查回访"), not a statutory limit.
     */
    responseDays: z.number().int().min(1).max(30).default(3),
  },
  help: {
    /**
     * The center's 7×24 助企服务热线 (measure 170 of the source document: answered 7×24, a reply
     * within 48 hours), shown wherever help is offered. The document names no number: null shows
     * none.
     */
    hotline: z
      .string()
      .regex(/^[0-9+][0-9 ()-]{2,24}$/, 'a phone number: digits, spaces, + ( ) -')
      .nullable()
      .default(null),
    /**
     * A guide counts as on duty only if one signed in to guide mode on this kiosk within this many
     * minutes (and it is within staffed hours); null: staffed hours alone decide.
     */
    guideWindowMinutes: z.number().int().min(15).max(1440).nullable().default(480),
    /**
     * How long a guide usually takes to come, in minutes, said during staffed hours until at least
     * five help calls answered in staffed hours over the last 30 days give a measured figure;
     * null: no figure until then.
     */
    responseMinutes: z.number().int().min(1).max(120).nullable().default(null),
  },
  sound: {
    /** Short tones for a read code, a refused code and the idle countdown; false: silent. */
    enabled: z.boolean().default(true),
    /** Loudness of the tones, 0–100 (of the system's volume). */
    volume: z.number().int().min(0).max(100).default(60),
    /** Local times (HH:MM-HH:MM, may run past midnight) when the kiosk stays silent; null: none. */
    quietHours: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM-HH:MM')
      .nullable()
      .default(null),
  },
  dashboard: {
    /** 一屏总览: how often the kiosk's health is sampled for the dashboard, in minutes. */
    healthSampleMinutes: z.number().int().min(1).max(60).default(10),
    /** How long health samples are kept, in days. */
    healthSampleDays: z.number().int().min(7).max(400).default(90),
    /**
     * A search text that found nothing is shown only once at least this many searches typed it:
     * a rare text may be something personal someone typed (texts with 5+ digits never show).
     */
    searchMissMinCount: z.number().int().min(1).max(100).default(2),
  },
  updates: {
    /**
     * The intranet update channel: an https folder holding `latest.yml` (Windows) or
     * `latest-linux.yml` (AppImage), its `.sig` and the installers. null = no automatic updates.
     */
    channelUrl: optionalServerUrl(),
    /** Ed25519 public keys (base64url) trusted to sign the channel's manifest, by key id. */
    publicKeys: trustedKeys(),
    /** How often the channel is asked for a new version, in minutes. */
    checkIntervalMinutes: z.number().int().min(5).max(1440).default(60),
    /** A new version must reach the attract screen within this many seconds, else it is rolled back. */
    startConfirmSeconds: z.number().int().min(30).max(900).default(180),
    /**
     * Windows: the code-signing certificate's subject name the installer must carry
     * (Authenticode, checked before it runs); null = not checked (the signed manifest still is).
     */
    windowsPublisher: z.string().min(1).max(200).nullable().default(null),
  },
  enterprises: {
    /** A profile whose content is older than this many days says when it was last updated. */
    staleAfterDays: z.number().int().min(1).max(3650).default(180),
    /**
     * Back office only: hand each kiosk enrolled with a town only that town's profiles (a kiosk
     * without a town gets all). false: every kiosk gets every profile.
     */
    byTown: z.boolean().default(false),
  },
  content: {
    /**
     * Ed25519 public keys (base64url) trusted to sign content bundles (catalog, holiday
     * calendars, fleet-wide config keys), by key id (`kioskctl keygen --for content`). Empty:
     * every bundle is refused.
     */
    publicKeys: trustedKeys(),
    /** How often the back office is asked for a newer bundle, in minutes. */
    checkIntervalMinutes: z.number().int().min(1).max(1440).default(15),
  },
  /**
   * Seed and show the fictional demo enterprises (marked as demo data); false removes them. They
   * are removed anyway once a real profile is stored: never shown beside real ones.
   */
  demoData: z.boolean().default(true),
  /** Local time of the nightly restart (HH:MM), or null for none. */
  nightlyRestart: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .nullable()
    .default('03:30'),
} as const;

type Shape = { readonly [k: string]: z.ZodType | Shape };
type ConfigOf<S> = {
  -readonly [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : ConfigOf<S[K]>;
};
export type KioskConfig = ConfigOf<typeof CONFIG_SHAPE>;

export interface ConfigProblem {
  /** Dotted path of the key, e.g. `timeouts.idleSeconds`; `(file)` for the file as a whole. */
  key: string;
  problem: string;
}

export interface LoadedConfig {
  config: KioskConfig;
  problems: ConfigProblem[];
}

function isSchema(v: unknown): v is z.ZodType {
  return v instanceof z.ZodType;
}

function resolve(
  shape: Shape,
  raw: unknown,
  prefix: string,
  problems: ConfigProblem[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const given =
    raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  if (raw !== undefined && given !== raw)
    problems.push({ key: prefix.slice(0, -1) || '(file)', problem: 'must be an object' });
  for (const [key, entry] of Object.entries(shape)) {
    const value = given[key];
    if (isSchema(entry)) {
      const parsed = entry.safeParse(value);
      if (parsed.success) out[key] = parsed.data;
      else {
        problems.push({
          key: prefix + key,
          problem: parsed.error.issues.map((i) => i.message).join('; '),
        });
        out[key] = entry.parse(undefined);
      }
    } else {
      out[key] = resolve(entry, value, `${prefix}${key}.`, problems);
    }
  }
  for (const key of Object.keys(given)) {
    if (!(key in shape)) problems.push({ key: prefix + key, problem: 'unknown key (ignored)' });
  }
  return out;
}

/** Defaults for every key: what a kiosk runs on with no config file at all. */
export function defaultConfig(): KioskConfig {
  return resolve(CONFIG_SHAPE, {}, '', []) as KioskConfig;
}

export function parseConfig(raw: unknown): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const config = resolve(CONFIG_SHAPE, raw, '', problems) as KioskConfig;
  keepKeyUsesApart(config, problems);
  return { config, problems };
}

/**
 * One key signs one kind of token: a public key trusted for enterprise codes is not also trusted
 * for staff badges (whoever can sign codes could otherwise open guide mode). Such a staff key is
 * dropped and reported; the enterprise codes it signs keep working.
 */
function keepKeyUsesApart(config: KioskConfig, problems: ConfigProblem[]): void {
  const codeKeys = new Set(Object.values(config.identity.enterpriseKeys));
  for (const [kid, key] of Object.entries(config.identity.staffKeys)) {
    if (!codeKeys.has(key)) continue;
    delete config.identity.staffKeys[kid];
    problems.push({
      key: `identity.staffKeys.${kid}`,
      problem: 'the same key is trusted for enterprise codes: a key signs one kind of token only',
    });
  }
}

export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { config: defaultConfig(), problems: [] };
    return {
      config: defaultConfig(),
      problems: [{ key: '(file)', problem: `cannot be read: ${(e as Error).message}` }],
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return {
      config: defaultConfig(),
      problems: [{ key: '(file)', problem: `is not valid JSON: ${(e as Error).message}` }],
    };
  }
  return parseConfig(raw);
}

/** Where each setting guide mode may change lives in the config file. */
export const GUIDE_SETTING_KEYS = {
  receiptPrinter: 'printer.receiptPrinter',
  checklistPrinter: 'printer.checklistPrinter',
  idleSeconds: 'timeouts.idleSeconds',
  receiptIdleSeconds: 'timeouts.receiptIdleSeconds',
  language: 'language',
} as const;

/** The value at a dotted path (`printer.receiptPrinter`) of an object, or undefined. */
function valueAt(obj: unknown, keyPath: string): unknown {
  let at: unknown = obj;
  for (const part of keyPath.split('.')) {
    if (!at || typeof at !== 'object' || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function setAt(obj: Record<string, unknown>, keyPath: string, value: unknown): void {
  const parts = keyPath.split('.');
  let at = obj;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (!next || typeof next !== 'object' || Array.isArray(next)) at[part] = {};
    at = at[part] as Record<string, unknown>;
  }
  at[parts.at(-1) as string] = value;
}

/**
 * Writes the given keys (dotted paths, e.g. `printer.receiptPrinter` or `identity.staffKeys.k1`)
 * of `config` into the file and leaves every other key as the file has it now: a key another
 * writer (kioskctl) added while the kiosk ran survives, and keys this writer did not change are
 * not turned into its in-memory defaults. Durable (temp file, fsync, rename, fsync of the
 * directory) and readable by the kiosk's user only: it may hold the back-office secret. A file
 * that is not JSON is kept aside (`config.json.unreadable`) and the keys are written afresh.
 */
export function saveConfigFile(file: string, config: KioskConfig, keys: readonly string[]): void {
  // Under the file's lock: kioskctl may be merging its own keys into the same file right now.
  withFileLock(file, () => {
    let onDisk: Record<string, unknown> = {};
    let text: string | null = null;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (text !== null) {
      let raw: unknown = null;
      try {
        raw = JSON.parse(text);
      } catch {
        raw = null;
      }
      if (raw && typeof raw === 'object' && !Array.isArray(raw))
        onDisk = raw as Record<string, unknown>;
      else writeFileDurably(`${file}.unreadable`, text);
    }
    for (const key of keys) setAt(onDisk, key, structuredClone(valueAt(config, key)));
    writeFileDurably(file, JSON.stringify(onDisk, null, 2) + '\n');
  });
}

/** The schema of one leaf key (dotted path), or null when the path names no leaf. */
export function configLeafSchema(keyPath: string): z.ZodType | null {
  let at: Shape | z.ZodType = CONFIG_SHAPE;
  for (const part of keyPath.split('.')) {
    if (isSchema(at) || !Object.hasOwn(at, part)) return null;
    at = (at as Shape)[part] as Shape | z.ZodType;
  }
  return isSchema(at) ? at : null;
}

/**
 * Sets the given keys (dotted paths) of a config, each checked against its own schema; returns
 * the keys refused with why (and leaves those as they were). Used for the keys a signed content
 * bundle carries.
 */
export function overlayConfigKeys(
  config: KioskConfig,
  entries: Record<string, unknown>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(entries)) {
    const schema = configLeafSchema(key);
    if (!schema) {
      problems.push({ key, problem: 'not a config key' });
      continue;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      problems.push({ key, problem: parsed.error.issues.map((i) => i.message).join('; ') });
      continue;
    }
    setAt(config as unknown as Record<string, unknown>, key, parsed.data);
  }
  return problems;
}
