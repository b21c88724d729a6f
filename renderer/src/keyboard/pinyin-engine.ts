// Pinyin to Chinese candidates for the on-screen keyboard, over the packaged dictionary
// (scripts/pinyin-dict.mjs builds it from @pinyin-pro/data and pinyin-pro).
//
// What the input may be: letters a–z, with ' to force a syllable boundary (xi'an). The last
// syllable may be unfinished (tuoq → 拖欠). Candidates come in the order a person expects from a
// phone's input method:
//   1. the best composition of the whole input from several words, when no single word beats it
//      (woyaotousu → 我要投诉);
//   2. words covering the whole input, then words covering less of it, longest first;
//   3. within each length, by frequency.
// Choosing a candidate that covers only the start leaves the rest of the input to convert.
// Scores are −10·log10(frequency): smaller is more frequent, and adding them multiplies.

/** One entry of the dictionary: a word and its score. */
export interface DictEntry {
  word: string;
  score: number;
}

export interface PinyinDictionary {
  /** Entries of one toneless key (`tuo qian`), most frequent first. */
  lookup(key: string): readonly DictEntry[];
  /** Whether `s` is a complete syllable. */
  isSyllable(s: string): boolean;
  /** Complete syllables that begin with `prefix` (and are longer than it). */
  longerSyllables(prefix: string): readonly string[];
  readonly syllableCount: number;
  readonly keyCount: number;
}

export interface Candidate {
  text: string;
  /** How many characters of the input it converts (from the start). */
  consumed: number;
  score: number;
  /** A composition of several words rather than one dictionary word. */
  composed: boolean;
}

/** Unfinished last syllables rank as if ten times rarer than finished ones. */
const PARTIAL_PENALTY = 10;
/** Words longer than this many syllables are not looked for (compositions cover them). */
const MAX_WORD_SYLLABLES = 6;
/** At most this many candidates are offered for one input. */
export const MAX_CANDIDATES = 400;

const ENTRY = /(\D+?)(\d+)/gu;

/**
 * Parses the dictionary text: one `key=word score word score…` line per key, each ended by `|`,
 * keys in order and
 * front-coded (`3 qian` after `tuo` is `tuo qian`: the digits count the characters shared with
 * the key before).
 */
export function parseDictionary(text: string): PinyinDictionary {
  const raw = new Map<string, string>();
  const syllables = new Set<string>();
  let previous = '';
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('|', start);
    if (end < 0) end = text.length;
    const eq = text.indexOf('=', start);
    if (eq > start && eq < end) {
      let digits = start;
      while (text.charCodeAt(digits) >= 48 && text.charCodeAt(digits) <= 57) digits++;
      const shared = digits > start ? Number(text.slice(start, digits)) : 0;
      const key = previous.slice(0, shared) + text.slice(digits, eq);
      raw.set(key, text.slice(eq + 1, end));
      if (!key.includes(' ')) syllables.add(key);
      previous = key;
    }
    start = end + 1;
  }
  const parsed = new Map<string, DictEntry[]>();
  const longer = new Map<string, string[]>();
  const sortedSyllables = [...syllables].sort();
  return {
    lookup(key) {
      let entries = parsed.get(key);
      if (!entries) {
        entries = [];
        for (const m of (raw.get(key) ?? '').matchAll(ENTRY))
          entries.push({ word: m[1] as string, score: Number(m[2]) });
        parsed.set(key, entries);
      }
      return entries;
    },
    isSyllable: (s) => syllables.has(s),
    longerSyllables(prefix) {
      let list = longer.get(prefix);
      if (!list) {
        list = sortedSyllables.filter((s) => s.length > prefix.length && s.startsWith(prefix));
        longer.set(prefix, list);
      }
      return list;
    },
    syllableCount: syllables.size,
    keyCount: raw.size,
  };
}

/** Keeps letters and boundary marks only, lower case. */
export function normalizeInput(input: string): string {
  return input.toLowerCase().replace(/[^a-z']/g, '');
}

interface Token {
  /** The syllables this piece of input may stand for (several for an unfinished one). */
  syllables: readonly string[];
  end: number;
  partial: boolean;
}

interface Match {
  word: string;
  end: number;
  score: number;
}

function tokenizer(dict: PinyinDictionary, input: string): (i: number) => Token[] {
  const cache = new Map<number, Token[]>();
  const n = input.length;
  return (from) => {
    let i = from;
    while (input[i] === "'") i++;
    const cached = cache.get(i);
    if (cached) return cached;
    const tokens: Token[] = [];
    let word = '';
    for (let j = i; j < n && input[j] !== "'" && j - i < 6; j++) {
      word += input[j];
      if (dict.isSyllable(word)) tokens.push({ syllables: [word], end: j + 1, partial: false });
    }
    // The end of the input may be a syllable still being typed.
    const rest = input.slice(i);
    if (rest && !rest.includes("'") && rest.length < 6) {
      const longer = dict.longerSyllables(rest);
      if (longer.length) tokens.push({ syllables: longer, end: n, partial: true });
    }
    cache.set(i, tokens);
    return tokens;
  };
}

/** Every dictionary word whose reading starts the input at `from`. */
function matchesFrom(
  dict: PinyinDictionary,
  tokensAt: (i: number) => Token[],
  from: number,
): Match[] {
  const out: Match[] = [];
  const walk = (i: number, keys: string[], depth: number, partial: boolean) => {
    for (const t of tokensAt(i)) {
      const next = keys.length
        ? keys.flatMap((k) => t.syllables.map((s) => `${k} ${s}`))
        : [...t.syllables];
      const isPartial = partial || t.partial;
      for (const key of next) {
        for (const e of dict.lookup(key))
          out.push({
            word: e.word,
            end: t.end,
            score: e.score + (isPartial ? PARTIAL_PENALTY : 0),
          });
      }
      // An unfinished syllable ends the input: nothing follows it.
      if (!t.partial && depth + 1 < MAX_WORD_SYLLABLES) walk(t.end, next, depth + 1, isPartial);
    }
  };
  walk(from, [], 0, false);
  return out;
}

/** All candidates for the input, in the order they are offered. */
export function candidatesFor(dict: PinyinDictionary, rawInput: string): Candidate[] {
  const input = normalizeInput(rawInput);
  const n = input.length;
  if (!n) return [];
  const tokensAt = tokenizer(dict, input);
  const memo = new Map<number, Match[]>();
  const from = (i: number) => {
    let m = memo.get(i);
    if (!m) memo.set(i, (m = matchesFrom(dict, tokensAt, i)));
    return m;
  };

  // Best composition of the whole input (fewest-score path through the words).
  const best: ({ score: number; words: string[] } | undefined)[] = [{ score: 0, words: [] }];
  for (let i = 0; i < n; i++) {
    const here = best[i];
    if (!here) continue;
    for (const m of from(i)) {
      const score = here.score + m.score;
      const there = best[m.end];
      if (!there || score < there.score) best[m.end] = { score, words: [...here.words, m.word] };
    }
  }

  const byText = new Map<string, Candidate>();
  const composition = best[n];
  if (composition && composition.words.length > 1) {
    const text = composition.words.join('');
    byText.set(text, { text, consumed: n, score: composition.score, composed: true });
  }
  const words = from(0).sort((a, b) => b.end - a.end || a.score - b.score);
  for (const m of words) {
    if (byText.size >= MAX_CANDIDATES) break;
    if (!byText.has(m.word))
      byText.set(m.word, { text: m.word, consumed: m.end, score: m.score, composed: false });
  }
  return [...byText.values()];
}

export interface CandidatePage {
  items: Candidate[];
  index: number;
  pages: number;
}

/** One page of candidates (index clamped to the pages there are). */
export function candidatePage(
  list: readonly Candidate[],
  index: number,
  size: number,
): CandidatePage {
  const pages = Math.max(1, Math.ceil(list.length / size));
  const i = Math.min(Math.max(0, index), pages - 1);
  return { items: list.slice(i * size, i * size + size), index: i, pages };
}

/** What is left to convert after choosing a candidate. */
export function remainingInput(rawInput: string, candidate: Candidate): string {
  return normalizeInput(rawInput).slice(candidate.consumed).replace(/^'+/, '');
}
