export const DEFAULT_MIN_WORD_COUNT: number;
export function toneless(reading: string): string;
export function buildPinyinDict(opts?: { minWordCount?: number }): {
  text: string;
  words: number;
  chars: number;
  keys: number;
};
export function pinyinDictText(opts?: { minWordCount?: number }): string;
