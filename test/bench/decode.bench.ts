// `npm run bench -- decode [--reps N]`: decode time per camera frame for html5-qrcode's engine
// (ZXing-js) and zxing-wasm (zxing-cpp), side by side, on the same generated frames — sizes,
// rotations, blur, low contrast; two real payloads (a gsxt licence URL and a signed 企业码).
// Both run in the same headless Chromium page (Debian's chromium), under the kiosk's own CSP, so
// the wasm engine is measured as it runs in the kiosk: loaded from the packaged .wasm.
// A handful of frames without any code (an idle camera's usual frame) are timed apart, so what
// a retry on failure costs on them stays visible; they do not count in the decode rate.
// `--verbose` lists the frames each engine failed; `--engine <name>` runs one engine only (a
// quick look while tuning; the side-by-side run is the benchmark).
// Last line: JSON for the engine the kiosk uses (config camera.engine default).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { SECURITY_HEADERS } from '../../electron/hosts/csp';
import { defaultConfig } from '../../electron/services/config';
import { generateKeyPair, signToken } from '../../electron/services/identity/tokens';
import { CHROMIUM_FLAGS, chromiumPath } from '../e2e/chromium';
import type { DecodeSample, FrameSpec } from './decode-types';
import { median, percentile, printSummary, round } from './lib';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '2' },
    limit: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    engine: { type: 'string' },
  },
});
const reps = Math.max(1, Number(values.reps) || 2);
const root = process.cwd();

const key = generateKeyPair('bench');
const payloads = {
  licence: 'http://www.gsxt.gov.cn/index.html?uniscid=91330521DQ0000018A',
  token: signToken({
    kid: 'bench',
    secretKey: key.secretKey,
    subject: { kind: 'enterprise', uscc: '91330521DQ0000018A' },
  }).token,
};

const frames: FrameSpec[] = [];
// What the kiosk decodes: a 640×480 camera as is, a 1280×720 one downscaled to 960×540
// (renderer/src/scanner/camera.ts, MAX_DECODE_WIDTH); the QR near, mid-distance and far.
const sizes = [
  { width: 640, height: 480, qrPx: 160 },
  { width: 640, height: 480, qrPx: 240 },
  { width: 640, height: 480, qrPx: 360 },
  { width: 960, height: 540, qrPx: 200 },
  { width: 960, height: 540, qrPx: 400 },
];
for (const [pname, payload] of Object.entries(payloads))
  for (const s of sizes)
    for (const rotation of [0, 15, 45])
      for (const blur of [0, 1, 2])
        for (const contrast of ['normal', 'low'] as const)
          frames.push({
            id: `${pname}/${s.width}x${s.height}/qr${s.qrPx}/r${rotation}/b${blur}/${contrast}`,
            payload,
            ...s,
            rotation,
            blur,
            contrast,
          });

// --limit N: every k-th frame only, for a quick look (the full set is the benchmark).
if (values.limit) {
  const n = Math.max(1, Number(values.limit));
  const step = Math.max(1, Math.floor(frames.length / n));
  frames.splice(0, frames.length, ...frames.filter((_, i) => i % step === 0).slice(0, n));
}
// Frames without a code: both decode sizes × three plain scenes.
for (const s of [sizes[0], sizes[3]].filter((x) => x !== undefined))
  for (const scene of ['gradient', 'counter', 'noise'] as const)
    frames.push({
      id: `none/${s.width}x${s.height}/${scene}`,
      payload: null,
      width: s.width,
      height: s.height,
      qrPx: 0,
      rotation: 0,
      blur: 0,
      contrast: 'normal',
      scene,
    });
const allEngines = ['html5-qrcode', 'zxing-wasm'] as const;
const engines = values.engine ? allEngines.filter((e) => e === values.engine) : [...allEngines];
if (engines.length === 0) {
  process.stderr.write(`decode bench: --engine is one of ${allEngines.join(', ')}\n`);
  process.exit(2);
}

const bundle = await build({
  entryPoints: [path.join(root, 'test/renderer/bench/decode-page.ts')],
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
  write: false,
  logLevel: 'error',
  absWorkingDir: root,
});
const pageJs = bundle.outputFiles[0]?.text ?? '';
const wasm = fs.readFileSync(
  path.join(root, 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm'),
);

const exe = chromiumPath();
if (!exe) {
  process.stderr.write('decode bench: Chromium not found (set CHROMIUM_PATH); nothing measured\n');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_FLAGS });
let samples: DecodeSample[] = [];
let userAgent = '';
try {
  const page = await browser.newPage();
  const origin = 'http://bench.localhost';
  const csp: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') csp.push(m.text());
    else if (m.text().startsWith('decode bench:')) process.stderr.write(m.text() + '\n');
  });
  page.on('crash', () => process.stderr.write('decode bench: the page crashed\n'));
  await page.route(`${origin}/**`, (route) => {
    const url = new URL(route.request().url());
    const files: Record<string, [string, string | Buffer]> = {
      '/': ['text/html', '<!doctype html><meta charset="utf-8"><script src="/page.js"></script>'],
      '/page.js': ['text/javascript', pageJs],
      '/zxing_reader.wasm': ['application/wasm', wasm],
    };
    const f = files[url.pathname];
    if (!f) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': f[0] },
      body: f[1],
    });
  });
  await page.goto(`${origin}/`);
  const out = await page.evaluate(
    (opts) =>
      (
        globalThis as unknown as {
          runDecodeBench(
            o: typeof opts,
          ): Promise<{ samples: DecodeSample[]; versions: Record<string, string> }>;
        }
      ).runDecodeBench(opts),
    { frames, reps, wasmUrl: `${origin}/zxing_reader.wasm`, progress: true, engines },
  );
  samples = out.samples;
  userAgent = out.versions.userAgent ?? '';
  if (csp.length) process.stderr.write(`page errors: ${csp.join(' | ')}\n`);
} finally {
  await browser.close();
}

interface EngineFigures {
  median_ms: number;
  p95_ms: number;
  decoded: number;
  median_ms_decoded: number;
}
const isCode = (s: DecodeSample) => !s.frame.startsWith('none/');
function figures(engine: string, filter: (s: DecodeSample) => boolean = () => true): EngineFigures {
  const mine = samples.filter((s) => s.engine === engine && isCode(s) && filter(s));
  const times = mine.map((s) => s.ms);
  // Decode rate per frame: decoded correctly in the first (unwarmed-by-repetition) pass.
  const first = mine.filter((s) => s.rep === 0);
  return {
    median_ms: round(median(times), 2),
    p95_ms: round(percentile(times, 95), 2),
    decoded: round(first.filter((s) => s.ok).length / Math.max(1, first.length), 3),
    median_ms_decoded: round(median(mine.filter((s) => s.ok).map((s) => s.ms)), 2),
  };
}
interface IdleFigures {
  median_ms: number;
  p95_ms: number;
  /** Frames without a code on which the engine still returned a text. */
  false_reads: number;
}
function idleFigures(engine: string): IdleFigures {
  const mine = samples.filter((s) => s.engine === engine && !isCode(s));
  const times = mine.map((s) => s.ms);
  return {
    median_ms: round(median(times), 2),
    p95_ms: round(percentile(times, 95), 2),
    false_reads: mine.filter((s) => s.rep === 0 && !s.ok).length,
  };
}

const all = Object.fromEntries(engines.map((e) => [e, figures(e)])) as Record<
  string,
  EngineFigures
>;
const idle = Object.fromEntries(engines.map((e) => [e, idleFigures(e)])) as Record<
  string,
  IdleFigures
>;
const line = (label: string, f: EngineFigures) =>
  `  ${label.padEnd(14)} median ${String(f.median_ms).padStart(7)} ms   p95 ${String(f.p95_ms).padStart(7)} ms   decoded ${(f.decoded * 100).toFixed(1).padStart(5)} %`;

const codeFrames = frames.filter((f) => f.payload !== null).length;
process.stdout.write(
  `decode bench: ${codeFrames} frames with a code + ${frames.length - codeFrames} without × ${reps} reps per engine, ${userAgent.replace(/.*(Chrome\/\S+).*/, '$1')}\n`,
);
process.stdout.write('all frames with a code\n');
for (const e of engines) process.stdout.write(line(e, all[e] as EngineFigures) + '\n');
const groups: [string, (s: DecodeSample) => boolean][] = [
  ['640x480', (s) => s.frame.includes('/640x480/')],
  ['960x540', (s) => s.frame.includes('/960x540/')],
  ['rotation 0', (s) => s.frame.includes('/r0/')],
  ['rotation 15', (s) => s.frame.includes('/r15/')],
  ['rotation 45', (s) => s.frame.includes('/r45/')],
  ['blur 0', (s) => s.frame.includes('/b0/')],
  ['blur 1', (s) => s.frame.includes('/b1/')],
  ['blur 2', (s) => s.frame.includes('/b2/')],
  ['low contrast', (s) => s.frame.endsWith('/low')],
  ['licence URL', (s) => s.frame.startsWith('licence/')],
  ['signed token', (s) => s.frame.startsWith('token/')],
];
for (const [label, filter] of groups) {
  if (!samples.some((s) => isCode(s) && filter(s))) continue;
  process.stdout.write(`${label}\n`);
  for (const e of engines) process.stdout.write(line(e, figures(e, filter)) + '\n');
}
process.stdout.write('frames without a code (an idle camera)\n');
for (const e of engines) {
  const f = idle[e] as IdleFigures;
  process.stdout.write(
    `  ${e.padEnd(14)} median ${String(f.median_ms).padStart(7)} ms   p95 ${String(f.p95_ms).padStart(7)} ms   false reads ${f.false_reads}\n`,
  );
}
for (const e of engines) {
  const failed = samples.filter((s) => s.engine === e && s.rep === 0 && isCode(s) && !s.ok);
  process.stdout.write(`${e}: ${failed.length} of ${codeFrames} frames with a code not decoded\n`);
  if (values.verbose) for (const s of failed) process.stdout.write(`  ${s.frame}\n`);
}
if (engines.length === 2) {
  const a = all['html5-qrcode'] as EngineFigures;
  const b = all['zxing-wasm'] as EngineFigures;
  process.stdout.write(
    `ratio html5-qrcode / zxing-wasm: median ${round(a.median_ms / b.median_ms, 2)}×, p95 ${round(a.p95_ms / b.p95_ms, 2)}×; decoded ${(a.decoded * 100).toFixed(1)} % vs ${(b.decoded * 100).toFixed(1)} %\n`,
  );
}
const used = engines.includes(defaultConfig().camera.engine)
  ? defaultConfig().camera.engine
  : (engines[0] as string);
const u = all[used] as EngineFigures;
const ui = idle[used] as IdleFigures;
process.stdout.write(
  `${used === defaultConfig().camera.engine ? 'the kiosk uses' : 'summary for'} ${used} (config camera.engine)\n`,
);
printSummary({
  engine: used,
  median_ms: u.median_ms,
  p95_ms: u.p95_ms,
  decoded: u.decoded,
  no_code_median_ms: ui.median_ms,
});
