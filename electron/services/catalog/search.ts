// Search over the catalog: Chinese substring, full pinyin, pinyin initials and any mix of the two
// ("qykb", "qiyekaiban", "qiye kb", "qǐ yè kāi bàn" all find 企业开办). Pinyin is computed once, when
// the index is built; a query only compares strings.
//
// Text is reduced to its letters and digits (spaces and punctuation are transparent, so
// "地信企业开办" finds "“地信+”企业开办"), each kept character remembering where it stood, so that
// matches map back to ranges of the original string for highlighting.
//
// A character matches a run of query letters when that run is a prefix of one of its readings:
// the whole syllable (full pinyin), its first letter(s) (initials), or for Latin letters and digits
// the character itself. Every reading of a polyphone counts (银行 is "yinhang" and also "yinxing").
import { pinyin } from 'pinyin-pro';
import type {
  BoardId,
  Catalog,
  MatchRange,
  SearchHit,
  SearchHitKind,
  SearchResult,
} from '../../domain/catalog';

interface IndexedText {
  raw: string;
  /** Kept characters, lower-cased (letters and digits only). */
  chars: string[];
  /** Start and end (UTF-16) of each kept character in `raw`. */
  starts: number[];
  ends: number[];
  /** Latin readings of each kept character: pinyin syllables for Han, the character otherwise. */
  readings: string[][];
  /** The kept characters joined (each is one UTF-16 unit): character search is one indexOf. */
  flat: string;
  /** Per kept character, a bit per letter a–z that one of its readings starts with. */
  firstLetters: Int32Array;
}

interface Entry {
  kind: SearchHitKind;
  key: string;
  target: SearchHit['target'];
  name: IndexedText | null;
  text: IndexedText | null;
  context: string;
  order: number;
}

export interface SearchIndex {
  entries: Entry[];
  /** Scratch space reused by every query (the index is used from one thread). */
  memo: { stamp: Int32Array; value: Int32Array; generation: number };
}

const KIND_ORDER: Record<SearchHitKind, number> = {
  bundle: 0,
  board: 1,
  service: 2,
  station: 3,
  measure: 4,
};

const KEEP = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;

const readingCache = new Map<string, string[]>();

function allReadings(ch: string): string[] {
  let r = readingCache.get(ch);
  if (!r) {
    r = (pinyin(ch, { type: 'array', toneType: 'none', multiple: true, v: true }) as string[])
      .map((s) => s.toLowerCase())
      .filter((s) => /^[a-z]+$/.test(s));
    readingCache.set(ch, r);
  }
  return r;
}

export function indexText(raw: string): IndexedText {
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let pos = 0;
  for (const cp of raw) {
    const folded = cp.normalize('NFKC').toLowerCase();
    if (folded.length === 1 && KEEP.test(folded)) {
      chars.push(folded);
      starts.push(pos);
      ends.push(pos + cp.length);
    }
    pos += cp.length;
  }
  const joined = chars.join('');
  const contextual = joined
    ? (pinyin(joined, { type: 'array', toneType: 'none', v: true }) as string[])
    : [];
  const aligned = contextual.length === chars.length;
  const readings = chars.map((ch, i) => {
    if (!HAN.test(ch)) return [ch];
    const first = aligned ? (contextual[i] as string).toLowerCase() : '';
    const rest = allReadings(ch);
    const list = /^[a-z]+$/.test(first) ? [first, ...rest.filter((r) => r !== first)] : rest;
    return list.length ? list : [ch];
  });
  const firstLetters = new Int32Array(chars.length);
  readings.forEach((list, i) => {
    for (const r of list) firstLetters[i] = (firstLetters[i] as number) | letterBit(r);
  });
  return { raw, chars, starts, ends, readings, flat: joined, firstLetters };
}

function letterBit(s: string): number {
  const code = s.charCodeAt(0) - 97;
  return code >= 0 && code < 26 ? 1 << code : 0;
}

export interface NormalizedQuery {
  /** What was searched for, as kept characters (letters and digits, lower-case, no tones). */
  chars: string[];
  mode: 'characters' | 'pinyin';
}

/** Lower-case, tone marks and spaces removed, ü → v, tone numbers dropped from pinyin. */
export function normalizeQuery(query: string): NormalizedQuery {
  let s = query
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/\p{M}/gu, '')
    .normalize('NFC');
  const chars = [...s].filter((c) => KEEP.test(c));
  if (chars.some((c) => HAN.test(c))) return { chars, mode: 'characters' };
  s = chars.join('');
  // "qi3ye4" → "qiye"; digits alone ("2023") stay.
  if (/^[a-z1-5]+$/.test(s) && /[a-z][1-5]/.test(s)) s = s.replace(/[1-5]/g, '');
  return { chars: [...s], mode: 'pinyin' };
}

function buildEntries(catalog: Catalog): Entry[] {
  const entries: Entry[] = [];
  const push = (e: Omit<Entry, 'order'>) => entries.push({ ...e, order: entries.length });
  const boardName = new Map(catalog.boards.map((b) => [b.id, b.fullName]));
  for (const b of catalog.bundles) {
    push({
      kind: 'bundle',
      key: `bundle:${b.id}`,
      target: { bundleId: b.id },
      name: indexText(b.name),
      text: b.indicator ? indexText(b.indicator) : null,
      context: [b.indicator, boardName.get(b.guidance.routing.board)].filter(Boolean).join(' · '),
    });
  }
  for (const b of catalog.boards) {
    push({
      kind: 'board',
      key: `board:${b.id}`,
      target: { boardId: b.id as BoardId },
      name: indexText(b.fullName),
      text: indexText(b.description),
      context: b.leadDepartments.join('、') || (b.leadNote ?? ''),
    });
  }
  for (const b of catalog.bundles) {
    b.basicServices.forEach((s, i) =>
      push({
        kind: 'service',
        key: `service:${b.id}:basic:${i}`,
        target: { bundleId: b.id },
        name: indexText(s),
        text: null,
        context: `${b.name} · 基本服务事项`,
      }),
    );
    b.valueAddedServices.forEach((s, i) =>
      push({
        kind: 'service',
        key: `service:${b.id}:value:${i}`,
        target: { bundleId: b.id },
        name: indexText(s),
        text: null,
        context: `${b.name} · 增值服务事项`,
      }),
    );
  }
  for (const st of catalog.stations) {
    for (const s of st.services) {
      push({
        kind: 'station',
        key: `station:${st.id}:${s.no}`,
        target: { stationId: st.id, stationServiceNo: s.no },
        name: indexText(s.name),
        text: null,
        context: `${st.name} · ${s.category}`,
      });
    }
  }
  const kw = new Map(catalog.keyWorks.map((k) => [k.no, k]));
  for (const m of catalog.measures) {
    const k = kw.get(m.keyWork);
    push({
      kind: 'measure',
      key: `measure:${m.no}`,
      target: { measureNo: m.no, keyWork: m.keyWork },
      name: null,
      text: indexText(m.text),
      context: k ? `（${k.numeral}）${k.name}` : '',
    });
  }
  return entries;
}

export function buildSearchIndex(catalog: Catalog): SearchIndex {
  const entries = buildEntries(catalog);
  let longest = 0;
  for (const e of entries)
    longest = Math.max(longest, e.name?.chars.length ?? 0, e.text?.chars.length ?? 0);
  const size = (longest + 1) * (MAX_QUERY_CHARS + 1);
  return {
    entries,
    memo: { stamp: new Int32Array(size), value: new Int32Array(size), generation: 0 },
  };
}

/** Queries longer than this are cut (the kiosk's field allows 40 characters). */
export const MAX_QUERY_CHARS = 64;

interface Match {
  start: number;
  end: number;
}

const NONE: Match[] = [];

function findCharacters(t: IndexedText, q: string): Match[] {
  let at = t.flat.indexOf(q);
  if (at < 0) return NONE;
  const out: Match[] = [];
  while (at >= 0 && out.length < 20) {
    out.push({ start: at, end: at + q.length });
    at = t.flat.indexOf(q, at + q.length);
  }
  return out;
}

/**
 * Pinyin matching: returns the end (exclusive) of a match starting at char i consuming query
 * letters from qpos, or -1. Memoised per (i, qpos) for the current query.
 */
function matchFrom(
  t: IndexedText,
  q: string,
  i: number,
  qpos: number,
  memo: SearchIndex['memo'],
  width: number,
): number {
  if (qpos === q.length) return i;
  if (i >= t.chars.length) return -1;
  const slot = i * width + qpos;
  if (memo.stamp[slot] === memo.generation) return memo.value[slot] as number;
  let result = -1;
  const readings = t.readings[i] as string[];
  for (let r = 0; r < readings.length && result < 0; r++) {
    const reading = readings[r] as string;
    // How far the reading and the rest of the query agree; every shorter prefix agrees too.
    const most = Math.min(reading.length, q.length - qpos);
    let common = 0;
    while (common < most && reading.charCodeAt(common) === q.charCodeAt(qpos + common)) common++;
    // Longest first: a whole syllable before its initial.
    for (let k = common; k >= 1; k--) {
      const end = matchFrom(t, q, i + 1, qpos + k, memo, width);
      if (end >= 0) {
        result = end;
        break;
      }
    }
  }
  memo.stamp[slot] = memo.generation;
  memo.value[slot] = result;
  return result;
}

function findPinyin(t: IndexedText, q: string, memo: SearchIndex['memo']): Match[] {
  let out = NONE;
  const bit = letterBit(q);
  const first = q[0] as string;
  const width = q.length + 1;
  let fresh = false;
  for (let i = 0; i < t.chars.length; i++) {
    // Letters: one of the character's readings starts with it; digits: the character itself.
    if (bit !== 0 ? ((t.firstLetters[i] as number) & bit) === 0 : t.chars[i] !== first) continue;
    if (!fresh) {
      // A new memo for this text (started only when some character could begin a match).
      fresh = true;
      memo.generation++;
      if (memo.generation >= 0x7fffffff) {
        memo.stamp.fill(0);
        memo.generation = 1;
      }
    }
    const end = matchFrom(t, q, i, 0, memo, width);
    if (end >= 0) {
      if (out === NONE) out = [];
      out.push({ start: i, end });
      i = end - 1;
      if (out.length >= 20) break;
    }
  }
  return out;
}

function toRanges(t: IndexedText, matches: Match[]): MatchRange[] {
  return matches.map((m) => [t.starts[m.start] as number, t.ends[m.end - 1] as number] as const);
}

/** A window of `raw` around the first range, with "…" where it was cut; ranges shifted to fit. */
export function snippetOf(
  raw: string,
  ranges: MatchRange[],
  width = 90,
  before = 24,
): { snippet: string; ranges: MatchRange[] } {
  if (raw.length <= width) return { snippet: raw, ranges };
  const first = ranges[0] ?? [0, 0];
  let start = Math.max(0, first[0] - before);
  const end = Math.min(raw.length, start + width);
  start = Math.max(0, end - width);
  const lead = start > 0 ? '…' : '';
  const tail = end < raw.length ? '…' : '';
  const shifted = ranges
    .filter(([a, b]) => a >= start && b <= end)
    .map(([a, b]) => [a - start + lead.length, b - start + lead.length] as const);
  return { snippet: lead + raw.slice(start, end) + tail, ranges: shifted };
}

interface Scored {
  entry: Entry;
  inName: boolean;
  nameMatches: Match[];
  textMatches: Match[];
  /** quality, kind, length, position, catalog order — packed into one number, smallest first. */
  rank: number;
}

export function searchCatalog(index: SearchIndex, query: string, limit = 30): SearchResult {
  const trimmed = query.slice(0, MAX_QUERY_CHARS);
  const q = normalizeQuery(trimmed);
  if (q.chars.length === 0) return { query: trimmed, total: 0, hits: [] };
  const qs = q.chars.join('');
  const find = (t: IndexedText): Match[] =>
    q.mode === 'characters' ? findCharacters(t, qs) : findPinyin(t, qs, index.memo);

  const scored: Scored[] = [];
  for (const e of index.entries) {
    const nameMatches = e.name ? find(e.name) : NONE;
    const textMatches = e.text ? find(e.text) : NONE;
    if (nameMatches.length === 0 && textMatches.length === 0) continue;
    const inName = nameMatches.length > 0;
    const first = (inName ? nameMatches[0] : textMatches[0]) as Match;
    const n = (inName ? e.name : e.text) as IndexedText;
    const quality = !inName
      ? 3
      : first.start === 0 && first.end === n.chars.length
        ? 0
        : first.start === 0
          ? 1
          : 2;
    scored.push({
      entry: e,
      inName,
      nameMatches,
      textMatches,
      rank:
        (((quality * 5 + KIND_ORDER[e.kind]) * 4096 + Math.min(n.chars.length, 4095)) * 4096 +
          Math.min(first.start, 4095)) *
          4096 +
        Math.min(e.order, 4095),
    });
  }
  scored.sort((a, b) => a.rank - b.rank);
  // Only the hits returned are built (ranges, snippets).
  const hits = scored.slice(0, limit).map(({ entry: e, inName, nameMatches, textMatches }) => {
    const snip =
      e.text && !inName && textMatches.length
        ? snippetOf(e.text.raw, toRanges(e.text, textMatches))
        : null;
    const hit: SearchHit = {
      kind: e.kind,
      key: e.key,
      target: e.target,
      title: e.name?.raw ?? null,
      titleRanges: e.name ? toRanges(e.name, nameMatches) : [],
      snippet: snip?.snippet ?? null,
      snippetRanges: snip?.ranges ?? [],
      context: e.context,
      field: inName ? 'name' : 'text',
      matchedBy: q.mode,
    };
    return hit;
  });
  return { query: trimmed, total: scored.length, hits };
}
