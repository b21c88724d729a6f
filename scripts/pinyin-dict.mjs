// Builds the on-screen keyboard's pinyin dictionary from packaged data, at build time:
// - words and their readings with frequencies: @pinyin-pro/data `complete.json` (jieba's
//   dictionary of 349,000 words with their counts, each given its pinyin by pinyin-pro's author);
// - every reading of a single character: pinyin-pro (`multiple: true`), so 行 is found under
//   both xing and hang, while complete.json gives each character one reading only.
// The output is one text: a line per toneless syllable key, lines ended by `|` (no escaping in
// the module that carries it), `tuo qian=拖欠96拖腔117…` (the key
// front-coded, see below), each word followed by its score, round(−10·log10(frequency)) (smaller is more frequent), words in score
// order. Only words written entirely in Han characters are kept, and none with a traditional
// character the package maps to a simplified one (traditional.json): the kiosk writes simplified.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

const require = createRequire(import.meta.url);

/** Words of two or more characters seen fewer times than this in jieba's corpus are left out. */
export const DEFAULT_MIN_WORD_COUNT = 5;
/** A character's other readings rank below its main one: a tenth of its frequency. */
const SECONDARY_READING_FACTOR = 0.1;

const HAN = /^\p{Script=Han}+$/u;
const SYLLABLE = /^[a-z]+$/;

/** Toneless pinyin as typed on a keyboard: marks dropped, ü written v. */
export function toneless(reading) {
  return reading
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function buildPinyinDict({ minWordCount = DEFAULT_MIN_WORD_COUNT } = {}) {
  const complete = JSON.parse(
    fs.readFileSync(require.resolve('@pinyin-pro/data/complete.json'), 'utf8'),
  );
  const traditional = new Set(
    Object.keys(
      JSON.parse(fs.readFileSync(require.resolve('@pinyin-pro/data/traditional.json'), 'utf8')),
    ),
  );
  /** key → Map(word → frequency) */
  const byKey = new Map();
  const add = (key, word, freq) => {
    let m = byKey.get(key);
    if (!m) byKey.set(key, (m = new Map()));
    if ((m.get(word) ?? 0) < freq) m.set(word, freq);
  };
  let words = 0;
  let chars = 0;
  for (const [word, [reading, freq]] of Object.entries(complete)) {
    if (!HAN.test(word) || !(freq > 0) || [...word].some((c) => traditional.has(c))) continue;
    const length = [...word].length;
    if (length === 1) {
      const main = toneless(reading);
      const all = pinyin(word, { multiple: true, toneType: 'none', type: 'array', v: true });
      const readings = new Set([main, ...all].filter((r) => SYLLABLE.test(r)));
      for (const r of readings) add(r, word, r === main ? freq : freq * SECONDARY_READING_FACTOR);
      chars++;
      continue;
    }
    if (freq * 1e12 < minWordCount - 1e-6) continue;
    const syllables = toneless(reading).split(/\s+/);
    if (syllables.length !== length || !syllables.every((s) => SYLLABLE.test(s))) continue;
    add(syllables.join(' '), word, freq);
    words++;
  }
  // Keys in order, each written as the length of the prefix it shares with the one before and the
  // rest (`tuo qian` after `tuo` is `3 qian`): a fifth less text to ship and parse.
  const lines = [];
  let previous = '';
  for (const key of [...byKey.keys()].sort()) {
    const entries = [...byKey.get(key)].sort((a, b) => b[1] - a[1]);
    let shared = 0;
    while (shared < key.length && key[shared] === previous[shared]) shared++;
    const scored = entries.map(([w, f]) => w + Math.max(0, Math.round(-10 * Math.log10(f))));
    lines.push(`${shared || ''}${key.slice(shared)}=${scored.join('')}`);
    previous = key;
  }
  return { text: lines.join('|'), words, chars, keys: lines.length };
}

/**
 * The dictionary text, built once per version of its inputs and kept in node_modules/.cache
 * (building takes a few seconds: a JSON of 19 MB and every character's readings).
 */
export function pinyinDictText({ minWordCount = DEFAULT_MIN_WORD_COUNT } = {}) {
  const self = fileURLToPath(import.meta.url);
  // Their package.json files are not exported: read them beside the resolved entries.
  const version = (entry, up) =>
    JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve(entry)), up), 'utf8'))
      .version;
  const hash = crypto
    .createHash('sha256')
    .update(fs.readFileSync(self))
    .update(
      `${version('@pinyin-pro/data/complete.json', '../package.json')}|${version('pinyin-pro', '../package.json')}|${minWordCount}`,
    )
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(path.dirname(self), '..', 'node_modules', '.cache', 'pinyin-dict');
  const file = path.join(dir, `${hash}.txt`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    const { text } = buildPinyinDict({ minWordCount });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${file}.tmp`, text);
    fs.renameSync(`${file}.tmp`, file);
    return text;
  }
}
