// The pinyin engine over the real packaged dictionary (built as the renderer's chunk is).
import { beforeAll, describe, expect, it } from 'vitest';
import {
  candidatePage,
  candidatesFor,
  normalizeInput,
  parseDictionary,
  remainingInput,
  type PinyinDictionary,
} from '../../../renderer/src/keyboard/pinyin-engine';
import { buildPinyinDict, pinyinDictText, toneless } from '../../../scripts/pinyin-dict.mjs';

let dict: PinyinDictionary;
beforeAll(() => {
  dict = parseDictionary(pinyinDictText());
});

const texts = (q: string) => candidatesFor(dict, q).map((c) => c.text);

describe('the dictionary', () => {
  it('comes from the packages: hundreds of syllables, words and characters', () => {
    expect(dict.syllableCount).toBeGreaterThan(380);
    expect(dict.syllableCount).toBeLessThan(450);
    expect(dict.keyCount).toBeGreaterThan(50_000);
    expect(dict.isSyllable('tuo')).toBe(true);
    expect(dict.isSyllable('tuq')).toBe(false);
    // ü is typed v.
    expect(dict.isSyllable('lv')).toBe(true);
    expect(toneless('lǜ')).toBe('lv');
  });

  it('finds a character under each of its readings, its main one first', () => {
    expect(dict.lookup('hang').map((e) => e.word)).toContain('行');
    expect(dict.lookup('xing').map((e) => e.word)).toContain('行');
    const xing = dict.lookup('xing').find((e) => e.word === '行');
    const hang = dict.lookup('hang').find((e) => e.word === '行');
    expect(xing!.score).toBeLessThan(hang!.score);
  });

  it('keeps out rare words, traditional characters and anything not Han', () => {
    const small = parseDictionary(buildPinyinDict({ minWordCount: 1000 }).text);
    expect(small.lookup('tuo qian')).toEqual([]); // 253 occurrences
    expect(small.lookup('zheng ce').map((e) => e.word)).toContain('政策');
    expect(dict.lookup('ye').map((e) => e.word)).not.toContain('業');
    expect(dict.lookup('ye').map((e) => e.word)).toContain('业');
  }, 60_000);
});

describe('candidates', () => {
  it('offers 拖欠 for tuoqian, first, and 工程款 for gongchengkuan', () => {
    expect(texts('tuoqian')[0]).toBe('拖欠');
    expect(texts('gongchengkuan')[0]).toBe('工程款');
  });

  it('ranks by how much of the input is converted, then by frequency', () => {
    const list = candidatesFor(dict, 'tuoqian');
    const consumed = list.map((c) => c.consumed);
    expect(consumed).toEqual([...consumed].sort((a, b) => b - a));
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!];
      if (a.consumed === b.consumed) expect(a.score).toBeLessThanOrEqual(b.score);
    }
    // Single characters for the first syllable follow the words: 拖 and 托 among them.
    expect(texts('tuoqian')).toEqual(expect.arrayContaining(['拖', '托', '脱']));
  });

  it('orders single characters by frequency: 的 before 得 before 德 for de', () => {
    const de = texts('de');
    expect(de.indexOf('的')).toBeLessThan(de.indexOf('得'));
    expect(de.indexOf('得')).toBeLessThan(de.indexOf('德'));
  });

  it('accepts an unfinished last syllable and a boundary mark', () => {
    expect(texts('tuoq')).toContain('拖欠');
    expect(texts("xi'an")[0]).toBe('西安');
    expect(texts("xi'an")).not.toContain('先');
    expect(texts('xian').slice(0, 10)).toContain('先');
  });

  it('composes a phrase no single word covers, first', () => {
    const [first] = candidatesFor(dict, 'woyaotousu');
    expect(first).toMatchObject({ text: '我要投诉', composed: true, consumed: 10 });
  });

  it('leaves the rest of the input after a partial choice', () => {
    const gong = candidatesFor(dict, 'gongchengkuan').find((c) => c.text === '工程')!;
    expect(remainingInput('gongchengkuan', gong)).toBe('kuan');
    expect(texts(remainingInput('gongchengkuan', gong))).toContain('款');
    const xi = candidatesFor(dict, "xi'an").find((c) => c.text === '西')!;
    expect(remainingInput("xi'an", xi)).toBe('an');
  });

  it('gives nothing for nothing and ignores what is not a letter', () => {
    expect(candidatesFor(dict, '')).toEqual([]);
    expect(normalizeInput('Tuo-Qian 1')).toBe('tuoqian');
    expect(texts('vvv')).toEqual([]);
  });
});

describe('paging', () => {
  it('cuts the list into pages and clamps the index', () => {
    const list = candidatesFor(dict, 'shi');
    expect(list.length).toBeGreaterThan(20);
    const first = candidatePage(list, 0, 8);
    expect(first.items).toEqual(list.slice(0, 8));
    expect(first.pages).toBe(Math.ceil(list.length / 8));
    const second = candidatePage(list, 1, 8);
    expect(second.items[0]).toBe(list[8]);
    expect(candidatePage(list, 999, 8).index).toBe(first.pages - 1);
    expect(candidatePage(list, -3, 8).index).toBe(0);
    expect(candidatePage([], 0, 8)).toEqual({ items: [], index: 0, pages: 1 });
  });
});
