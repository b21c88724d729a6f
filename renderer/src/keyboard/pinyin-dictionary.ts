// The pinyin dictionary, loaded once, on first use, from its own chunk (about 2.1 MB of text:
// it must not slow the kiosk's start).
import { parseDictionary, type PinyinDictionary } from './pinyin-engine';

let loading: Promise<PinyinDictionary> | null = null;

export function loadPinyinDictionary(): Promise<PinyinDictionary> {
  loading ??= import('virtual:pinyin-dict').then((m) => parseDictionary(m.default));
  // A failed load (a damaged install) may be retried the next time a field opens.
  loading.catch(() => (loading = null));
  return loading;
}
