// `npm run bench -- pinyin`: the on-screen keyboard's pinyin dictionary as the kiosk ships it.
// - size: the dictionary chunk built by Vite (raw and gzip) beside the app's entry chunk, which
//   must not contain it (the dictionary loads only when a Chinese field opens its keyboard);
// - load: parsing the chunk's text into the engine's index (median of 10);
// - lookup: typing 300 words and phrases from the catalog letter by letter, the candidates after
//   every keystroke (what the candidate bar waits for), beside a brute-force scan of every key for
//   the whole input (which finds only exact whole-word matches: no unfinished syllables, no
//   composition, no shorter words).
// Last line: {"chunk_bytes", "chunk_gzip_bytes", "entry_bytes", "parse_ms", "keystroke_p50_ms",
// "keystroke_p95_ms", "scan_p50_ms", "ratio", ...}; ratio = keystroke median / scan median.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { pinyin } from 'pinyin-pro';
import { loadCatalog } from '../../electron/services/catalog/load';
import { seededRandom } from '../../electron/services/sync/backoff';
import { candidatesFor, parseDictionary } from '../../renderer/src/keyboard/pinyin-engine';
import { median, percentile, printSummary, round } from './lib';

const WORDS = 300;
const assets = path.resolve('dist/renderer/assets');
const files = fs.readdirSync(assets);
const chunkFile = files.find((f) => /pinyin-dict.*\.js$/.test(f));
const entryFile = files.find((f) => /^index-.*\.js$/.test(f));
if (!chunkFile || !entryFile) throw new Error('build the renderer first (npm run build)');
const chunk = fs.readFileSync(path.join(assets, chunkFile));
const entry = fs.readFileSync(path.join(assets, entryFile), 'utf8');
const chunkGzip = zlib.gzipSync(chunk, { level: 9 }).length;

const { default: text } = (await import(pathToFileURL(path.join(assets, chunkFile)).href)) as {
  default: string;
};
// The entry chunk must not carry the dictionary: a line of it would be there verbatim.
const sample = text.slice(text.indexOf('|tuo qian=') + 1, text.indexOf('|tuo qian=') + 12);
const inEntry = entry.includes(sample);

const parses: number[] = [];
let dict = parseDictionary(text);
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  dict = parseDictionary(text);
  parses.push(performance.now() - t);
}

// What people type: runs of Han characters from the catalog's names, 2–6 characters long.
const c = loadCatalog().catalog;
const names = [
  ...c.bundles.map((b) => b.name),
  ...c.bundles.flatMap((b) => [...b.basicServices, ...b.valueAddedServices]),
  ...c.stations.flatMap((s) => s.services.map((x) => x.name)),
  ...c.measures.map((m) => m.text),
];
const rand = seededRandom(20261203);
const inputs: { han: string; typed: string }[] = [];
while (inputs.length < WORDS) {
  const han = [...(names[Math.floor(rand() * names.length)] ?? '')].filter((ch) =>
    /\p{Script=Han}/u.test(ch),
  );
  const len = 2 + Math.floor(rand() * 5);
  const start = Math.floor(rand() * Math.max(1, han.length - len + 1));
  const word = han.slice(start, start + len).join('');
  if ([...word].length < 2) continue;
  const typed = (pinyin(word, { type: 'array', toneType: 'none', v: true }) as string[]).join('');
  if (/^[a-z]+$/.test(typed)) inputs.push({ han: word, typed });
}

// Warm up both paths once (JIT), then measure.
for (const { typed } of inputs.slice(0, 20)) candidatesFor(dict, typed);
const keystrokes: number[] = [];
let firstHits = 0;
let anywhereHits = 0;
for (const { han, typed } of inputs) {
  let list: ReturnType<typeof candidatesFor> = [];
  for (let i = 1; i <= typed.length; i++) {
    const t = performance.now();
    list = candidatesFor(dict, typed.slice(0, i));
    keystrokes.push(performance.now() - t);
  }
  if (list[0]?.text === han) firstHits++;
  if (list.some((x) => x.text === han)) anywhereHits++;
}

// Brute force: every key compared with the whole input, spaces removed.
const keys: string[] = [];
for (const line of text.split('|')) {
  const eq = line.indexOf('=');
  if (eq > 0) keys.push(line.slice(0, eq));
}
let previous = '';
const fullKeys = keys.map((k) => {
  const digits = /^\d+/.exec(k)?.[0] ?? '';
  const key = previous.slice(0, Number(digits || 0)) + k.slice(digits.length);
  previous = key;
  return key.replace(/ /g, '');
});
const scans: number[] = [];
for (const { typed } of inputs.slice(0, 100)) {
  const t = performance.now();
  fullKeys.filter((k) => k === typed);
  scans.push(performance.now() - t);
}

const summary = {
  chunk_bytes: chunk.length,
  chunk_gzip_bytes: chunkGzip,
  entry_bytes: Buffer.byteLength(entry),
  dictionary_in_entry: inEntry,
  keys: dict.keyCount,
  syllables: dict.syllableCount,
  parse_ms: round(median(parses), 1),
  keystrokes: keystrokes.length,
  keystroke_p50_ms: round(median(keystrokes)),
  keystroke_p95_ms: round(percentile(keystrokes, 95)),
  keystroke_max_ms: round(Math.max(...keystrokes)),
  scan_p50_ms: round(median(scans)),
  ratio: round(median(keystrokes) / median(scans), 2),
  phrase_first: round(firstHits / inputs.length, 3),
  phrase_offered: round(anywhereHits / inputs.length, 3),
};
process.stdout.write(
  `dictionary chunk ${chunkFile}: ${(chunk.length / 1e6).toFixed(2)} MB (${(chunkGzip / 1e6).toFixed(2)} MB gzip), entry chunk ${(summary.entry_bytes / 1e3).toFixed(0)} kB, dictionary in entry: ${inEntry}\n` +
    `parse: ${summary.parse_ms} ms median of 10 (${summary.keys} keys, ${summary.syllables} syllables)\n` +
    `candidates per keystroke over ${summary.keystrokes} keystrokes: median ${summary.keystroke_p50_ms} ms, p95 ${summary.keystroke_p95_ms} ms, max ${summary.keystroke_max_ms} ms\n` +
    `brute-force scan of every key: median ${summary.scan_p50_ms} ms (ratio ${summary.ratio})\n` +
    `the typed phrase is the first candidate for ${(summary.phrase_first * 100).toFixed(1)}% of ${WORDS}, offered on the list for ${(summary.phrase_offered * 100).toFixed(1)}%\n`,
);
printSummary(summary);
