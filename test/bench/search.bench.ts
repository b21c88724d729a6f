// `npm run bench -- search`: 1,000 mixed queries (Chinese substrings, full pinyin with and without
// tone marks and spaces, pinyin initials, Latin tokens, misses) over the whole built-in catalog.
// Side by side in the same run: the catalog search, and a plain String.includes scan of the same
// texts (which finds only literal substrings: no pinyin, no ranking, no highlighting).
// Last line: {"median_ms", "p95_ms", "ratio", ...}; ratio = search median / includes median.
import { pinyin } from 'pinyin-pro';
import { createCatalogService } from '../../electron/services/catalog/catalog-service';
import { loadCatalog } from '../../electron/services/catalog/load';
import { seededRandom } from '../../electron/services/sync/backoff';
import { median, percentile, printSummary, round } from './lib';

const QUERIES = 1000;

const t0 = performance.now();
const loaded = loadCatalog();
const t1 = performance.now();
const catalog = createCatalogService(loaded, { defaultFeedbackDays: 3 });
const t2 = performance.now();
const c = loaded.catalog;

// Every searchable text, as the search indexes them.
const names = [
  ...c.bundles.map((b) => b.name),
  ...c.boards.map((b) => b.fullName),
  ...c.bundles.flatMap((b) => [...b.basicServices, ...b.valueAddedServices]),
  ...c.stations.flatMap((s) => s.services.map((x) => x.name)),
];
const texts = [
  ...names,
  ...c.bundles.map((b) => b.indicator ?? ''),
  ...c.boards.map((b) => b.description),
  ...c.measures.map((m) => m.text),
];

// Seeded, so every run searches the same queries.
const rand = seededRandom(20231031);
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const hanRun = (s: string, min: number, max: number): string => {
  const han = [...s].filter((ch) => /\p{Script=Han}/u.test(ch));
  const len = Math.min(han.length, min + Math.floor(rand() * (max - min + 1)));
  const start = Math.floor(rand() * Math.max(1, han.length - len + 1));
  return han.slice(start, start + len).join('');
};
const py = (s: string, tone: boolean) =>
  pinyin(s, { type: 'array', toneType: tone ? 'symbol' : 'none' }) as string[];

const kinds = ['chinese', 'pinyin', 'pinyin-tones', 'initials', 'mixed', 'latin', 'miss'] as const;
const queries: { kind: (typeof kinds)[number]; q: string }[] = [];
for (let i = 0; i < QUERIES; i++) {
  const kind = kinds[i % kinds.length] as (typeof kinds)[number];
  const source = rand() < 0.7 ? pick(names) : pick(texts);
  const run = hanRun(source, 2, 5) || '企业';
  let q: string;
  switch (kind) {
    case 'chinese':
      q = run;
      break;
    case 'pinyin':
      q = py(run, false).join(rand() < 0.3 ? ' ' : '');
      break;
    case 'pinyin-tones':
      q = py(run, true).join(' ');
      break;
    case 'initials':
      q = py(run, false)
        .map((s) => s[0])
        .join('');
      break;
    case 'mixed': {
      const syl = py(run, false);
      q = syl.map((s, j) => (j < syl.length / 2 ? s : s[0])).join('');
      break;
    }
    case 'latin':
      q = pick(['obu', 'REITs', 'AEO', 'APP', '2023', 'Ukey', 'B保', '5g']);
      break;
    case 'miss':
      q = pick(['xqzw', 'qqqq', '火星签证', 'zzzzz', 'vvv', '宇宙飞船']);
      break;
  }
  queries.push({ kind, q });
}

// Warm both paths the same way before measuring.
for (const { q } of queries.slice(0, 100)) {
  catalog.search(q);
  texts.some((t) => t.includes(q));
}

const searchMs: number[] = [];
const includesMs: number[] = [];
let found = 0;
let includesFound = 0;
for (const { q } of queries) {
  let a = performance.now();
  const r = catalog.search(q);
  searchMs.push(performance.now() - a);
  if (r.total > 0) found++;

  a = performance.now();
  const needle = q.toLowerCase();
  let n = 0;
  for (const t of texts) if (t.toLowerCase().includes(needle)) n++;
  includesMs.push(performance.now() - a);
  if (n > 0) includesFound++;
}

const byKind = kinds.map((k) => {
  const ms = searchMs.filter((_, i) => queries[i]?.kind === k);
  return `${k.padEnd(13)} median ${round(median(ms))} ms  p95 ${round(percentile(ms, 95))} ms`;
});
const med = median(searchMs);
const p95 = percentile(searchMs, 95);
const incMed = median(includesMs);
const incP95 = percentile(includesMs, 95);
process.stdout.write(
  [
    `catalog: ${loaded.version} (${loaded.hash.slice(0, 12)}), ${texts.length} texts, ` +
      `${texts.reduce((n, t) => n + t.length, 0)} characters`,
    `load + validate ${round(t1 - t0, 1)} ms, search index (pinyin) ${round(t2 - t1, 1)} ms`,
    `${QUERIES} queries: ${found} with hits (String.includes finds ${includesFound})`,
    `catalog search   median ${round(med)} ms  p95 ${round(p95)} ms`,
    `String.includes  median ${round(incMed)} ms  p95 ${round(incP95)} ms`,
    `ratio (search median / includes median) ${round(med / incMed, 2)}`,
    ...byKind,
    '',
  ].join('\n'),
);
printSummary({
  median_ms: round(med),
  p95_ms: round(p95),
  ratio: round(med / incMed, 2),
  includes_median_ms: round(incMed),
  includes_p95_ms: round(incP95),
  queries: QUERIES,
  with_hits: found,
  index_build_ms: round(t2 - t1, 1),
});
