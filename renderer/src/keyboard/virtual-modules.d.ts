declare module 'virtual:pinyin-dict' {
  /** One `key=word score…` line per toneless pinyin key, each ended by `|` (scripts/pinyin-dict.mjs). */
  const text: string;
  export default text;
}
