// Content bundles on one site (docs/content-bundles.md):
//   content sign --key <file> --version <n> [--catalog <dir>] [--calendar <2027.json>]…
//                [--config <settings.json>] [--note <text>] --out <bundle.json>
//   content apply <bundle.json>     verify, check and store it as the bundle in force
//   content status                  the bundle in force and the last refusal
// A running kiosk takes in a bundle `content apply` stored within a minute; the back office hands
// the same files to a fleet (`npm run back-office -- content publish`).
import fs from 'node:fs';
import path from 'node:path';
import { CATALOG_FILES, type CatalogFileName } from '../../domain/catalog';
import { base64urlDecode } from '../../domain/signed-token';
import { signContentBundle, type ContentPayload } from '../../protocol/content-bundle';
import { loadConfigFile } from '../../services/config';
import {
  applyContentBundle,
  contentStateOf,
  loadStoredContent,
  type ContentState,
} from '../../services/content/content-service';
import { checkContent } from '../../services/content/content-check';
import type { ContentRefusalRecord } from '../../services/content/content-store';
import { dataDirLayout } from '../../services/data-dir';
import { createLogger } from '../../services/logger';
import { defineCommand } from '../define';
import { loadKey } from './identity';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

interface SignReport {
  out: string;
  version: number;
  keyId: string;
  bytes: number;
  catalog: string[];
  calendars: string[];
  config: string[];
}

export const contentSignCommand = defineCommand({
  name: 'content sign',
  summary:
    'make a signed content bundle (catalog files, holiday years, settings) with a content key',
  usage: [
    'Usage: kioskctl content sign --key <key file> --version <n> [--catalog <dir>]',
    '         [--calendar <year>.json]... [--config <settings.json>] [--note <text>] --out <bundle.json>',
    '  --key       a key pair made by `kioskctl keygen --for content --out <file>`',
    '  --version   a whole number higher than every bundle published before',
    '  --catalog   a folder holding any of catalog.json, boards.json, measures.json, bundles.json,',
    '              stations.json (the others stay built-in)',
    '  --calendar  one year\'s schedule, named by its year: {"holidays": {…}, "workdays": {…}}',
    '  --config    settings as dotted keys: {"help.hotline": "0572-…"} (whitelisted keys only)',
    'The bundle is checked as a kiosk will check it before it is written.',
  ].join('\n'),
  options: {
    key: { type: 'string' },
    version: { type: 'string' },
    catalog: { type: 'string' },
    calendar: { type: 'string', multiple: true },
    config: { type: 'string' },
    note: { type: 'string' },
    out: { type: 'string' },
  },
  async run({ values }) {
    const out = str(values.out);
    if (!out) throw new Error('--out <bundle.json>: where to write the bundle');
    const version = Number(str(values.version));
    if (!Number.isInteger(version) || version < 1)
      throw new Error('--version: a whole number from 1, higher than the last one published');
    const key = loadKey(str(values.key), 'content');
    const secretKey = base64urlDecode(key.secretKey);
    if (!secretKey) throw new Error('the key file holds no valid secret key');

    const payload: ContentPayload = { version, createdAt: new Date().toISOString() };
    const note = str(values.note);
    if (note) payload.note = note;
    const catalogDir = str(values.catalog);
    if (catalogDir) {
      const files: Partial<Record<CatalogFileName, unknown>> = {};
      for (const name of CATALOG_FILES) {
        const file = path.join(catalogDir, name);
        if (fs.existsSync(file)) files[name] = readJson(file);
      }
      if (Object.keys(files).length === 0)
        throw new Error(`--catalog ${catalogDir}: holds none of ${CATALOG_FILES.join(', ')}`);
      payload.catalog = files;
    }
    const calendars: Record<string, unknown> = {};
    for (const file of list(values.calendar)) {
      const year = /^(20\d\d)(?:\.[\w-]+)?\.json$/.exec(path.basename(file))?.[1];
      if (!year) throw new Error(`--calendar ${file}: name the file by its year, e.g. 2027.json`);
      calendars[year] = readJson(file);
    }
    if (Object.keys(calendars).length) payload.calendars = calendars;
    const configFile = str(values.config);
    if (configFile) payload.config = readJson(configFile) as ContentPayload['config'];

    const text = signContentBundle(payload, { kid: key.kid, secretKey });
    // Refused here rather than by every kiosk: the same checks, against this build's catalog.
    checkContent(text, { [key.kid]: key.publicKey });
    fs.writeFileSync(path.resolve(out), text, { flag: 'wx' });
    const report: SignReport = {
      out: path.resolve(out),
      version,
      keyId: key.kid,
      bytes: Buffer.byteLength(text),
      catalog: Object.keys(payload.catalog ?? {}),
      calendars: Object.keys(payload.calendars ?? {}),
      config: Object.keys(payload.config ?? {}),
    };
    return { data: report };
  },
  text: (r) =>
    [
      `signed content bundle v${r.version} with key ${r.keyId}: ${r.out} (${r.bytes} bytes)`,
      `  catalog    ${r.catalog.join(', ') || '(built-in)'}`,
      `  calendars  ${r.calendars.join(', ') || '(built-in)'}`,
      `  settings   ${r.config.join(', ') || '(none)'}`,
    ].join('\n'),
});

type ApplyReport =
  | { applied: true; version: number; unchanged: boolean }
  | { applied: false; refusal: ContentRefusalRecord };

export const contentApplyCommand = defineCommand({
  name: 'content apply',
  summary: 'verify a signed content bundle and put it in force on this kiosk (refused if bad)',
  usage: 'Usage: kioskctl content apply <bundle.json> [--json]',
  async run({ args, dataRoot }) {
    const file = args[0];
    if (!file || args.length !== 1) throw new Error('give exactly one bundle file');
    const dirs = dataDirLayout(dataRoot);
    const { config } = loadConfigFile(dirs.config);
    const out = applyContentBundle({
      dir: dirs.content,
      text: fs.readFileSync(file, 'utf8'),
      trustedKeys: config.content.publicKeys,
      source: 'kioskctl',
      now: () => new Date(),
    });
    const data: ApplyReport = out.ok
      ? { applied: true, version: out.version, unchanged: out.unchanged }
      : { applied: false, refusal: out.refusal };
    return { data, ok: out.ok };
  },
  text: (r) =>
    r.applied
      ? r.unchanged
        ? `content bundle v${r.version} is already in force`
        : `content bundle v${r.version} stored; a running kiosk puts it in force within a minute, any other at its start`
      : `REFUSED (${r.refusal.reason}): ${r.refusal.message}\nthe kiosk keeps the content it had`,
});

export const contentStatusCommand = defineCommand({
  name: 'content status',
  summary: 'the content bundle in force (version, key, parts) and the last refusal',
  usage: 'Usage: kioskctl content status [--json]',
  async run({ dataRoot }) {
    const dirs = dataDirLayout(dataRoot);
    const { config } = loadConfigFile(dirs.config);
    const checked = loadStoredContent({
      dir: dirs.content,
      trustedKeys: config.content.publicKeys,
      log: createLogger({ dir: null }),
      now: () => new Date(),
    });
    const state = contentStateOf(checked, dirs.content);
    return { data: state, ok: state.lastRefusal === null };
  },
  text: (s: ContentState) =>
    [
      s.active
        ? `in force   v${s.active.version} (key ${s.active.keyId}, made ${s.active.createdAt})${s.active.note ? ` — ${s.active.note}` : ''}`
        : 'in force   built-in content (no bundle applied)',
      ...(s.active
        ? [
            `  catalog    ${s.active.parts.catalog.join(', ') || '(built-in)'}`,
            `  calendars  ${s.active.parts.calendars.join(', ') || '(built-in)'}`,
            `  settings   ${s.active.parts.config.join(', ') || '(none)'}`,
          ]
        : []),
      s.applied
        ? `applied    v${s.applied.version} at ${s.applied.at} (${s.applied.source})`
        : null,
      s.lastRefusal
        ? `REFUSED    ${s.lastRefusal.version === null ? '?' : `v${s.lastRefusal.version}`} at ${s.lastRefusal.at} (${s.lastRefusal.source}): ${s.lastRefusal.reason} — ${s.lastRefusal.message}`
        : null,
    ]
      .filter(Boolean)
      .join('\n'),
});
