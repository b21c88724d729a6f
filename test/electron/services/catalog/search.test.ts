// Search: characters, full pinyin, initials, tolerance of tones and spaces, ranking, highlighting.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../../electron/domain/catalog';
import {
  createCatalogService,
  type CatalogService,
} from '../../../../electron/services/catalog/catalog-service';
import { loadCatalog } from '../../../../electron/services/catalog/load';
import { indexText, normalizeQuery, snippetOf } from '../../../../electron/services/catalog/search';

let cat: CatalogService;
beforeAll(() => {
  cat = createCatalogService(loadCatalog(), { defaultFeedbackDays: 3 });
});

/** The highlighted parts of a hit, as text. */
function marked(h: SearchHit): string[] {
  const [text, ranges] =
    h.field === 'name' ? [h.title ?? '', h.titleRanges] : [h.snippet ?? '', h.snippetRanges];
  return ranges.map(([a, b]) => text.slice(a, b));
}

const top = (q: string) => cat.search(q).hits[0]!;

describe('finding 企业开办', () => {
  it.each([
    ['企业开办', 'characters'],
    ['qykb', 'pinyin'],
    ['QYKB', 'pinyin'],
    ['qiyekaiban', 'pinyin'],
    ['qi ye kai ban', 'pinyin'],
    ['qǐ yè kāi bàn', 'pinyin'],
    ['qi3 ye4 kai1 ban4', 'pinyin'],
    ['qiyekb', 'pinyin'],
    ['ｑｙｋｂ', 'pinyin'],
  ])('%s finds the bundle first, whole name highlighted', (q, by) => {
    const h = top(q);
    expect(h.kind).toBe('bundle');
    expect(h.title).toBe('企业开办');
    expect(h.target).toEqual({ bundleId: 'business-startup' });
    expect(h.matchedBy).toBe(by);
    expect(marked(h)).toEqual(['企业开办']);
  });
});

describe('ranking', () => {
  it('name hits come before text hits; exact and prefix names before inner ones', () => {
    const r = cat.search('金融', 100);
    const fields = r.hits.map((h) => h.field);
    const firstText = fields.indexOf('text');
    expect(firstText).toBeGreaterThan(0);
    expect(fields.slice(firstText).every((f) => f === 'text')).toBe(true);
    expect(r.hits[0]!.title).toBe('金融服务板块');
    const names = r.hits.filter((h) => h.field === 'name').map((h) => h.title ?? '');
    const prefixEnd = names.findIndex((n) => !n.startsWith('金融'));
    expect(names.slice(prefixEnd).every((n) => !n.startsWith('金融'))).toBe(true);
    // Measures have only text: they follow every name hit.
    expect(r.hits.filter((h) => h.kind === 'measure').every((h) => h.field === 'text')).toBe(true);
  });

  it('a bundle outranks services of the same name quality', () => {
    const r = cat.search('zscq');
    expect(r.hits[0]).toMatchObject({ kind: 'bundle', title: '知识产权' });
    expect(r.hits[1]!.kind).toBe('service');
  });

  it('finds measures by their text, with a highlighted snippet', () => {
    const r = cat.search('凤凰行动');
    expect(r.total).toBe(1);
    const h = r.hits[0]!;
    expect(h).toMatchObject({
      kind: 'measure',
      field: 'text',
      target: { measureNo: 26, keyWork: 5 },
    });
    expect(h.context).toBe('（五）强化金融保障');
    expect(marked(h)).toEqual(['凤凰行动']);
    expect(h.snippet!.length).toBeLessThanOrEqual(92);
  });

  it('finds station services and boards', () => {
    expect(cat.search('运动场馆').hits[0]).toMatchObject({
      kind: 'station',
      target: { stationId: 'dixin-town', stationServiceNo: 66 },
    });
    expect(cat.search('shujufuwu').hits[0]).toMatchObject({
      kind: 'board',
      target: { boardId: 'data' },
    });
  });

  it('limits the list but reports the total', () => {
    const r = cat.search('fw', 5);
    expect(r.hits).toHaveLength(5);
    expect(r.total).toBeGreaterThan(5);
  });
});

describe('tolerance', () => {
  it('spaces and punctuation in the catalog text do not block a match', () => {
    const h = top('地信企业开办');
    expect(h.title).toBe('地信+企业开办');
    expect(marked(h)).toEqual(['地信+企业开办']);
    expect(top('dxqykb').title).toBe('地信+企业开办');
  });

  it('polyphones match by any reading; Latin and digits match as written', () => {
    const yinhang = cat.search('yinhang', 100).hits.map((h) => h.title ?? '');
    expect(yinhang).toContain('银行预约开户，提供银行开户专人对接、预约办理服务');
    expect(marked(cat.search('OBU').hits[0]!)).toEqual(['OBU']);
    expect(cat.search('reits').hits[0]).toMatchObject({
      kind: 'measure',
      target: { measureNo: 55 },
    });
    expect(cat.search('2023').total).toBeGreaterThan(0);
  });

  it('ü can be typed as v or with its marks', () => {
    expect(normalizeQuery('lǜ').chars.join('')).toBe('lv');
    expect(normalizeQuery('LÜSE').chars.join('')).toBe('lvse');
    expect(cat.search('lvse').hits.some((h) => marked(h).includes('绿色'))).toBe(true);
  });

  it('nothing found is an empty, well-formed result', () => {
    expect(cat.search('zzzzzzzz')).toEqual({ query: 'zzzzzzzz', total: 0, hits: [] });
    expect(cat.search('  ，。 ')).toEqual({ query: '  ，。 ', total: 0, hits: [] });
    expect(cat.search('火星签证').total).toBe(0);
  });
});

describe('building blocks', () => {
  it('indexText keeps letters and digits and where they stood', () => {
    const t = indexText('“地信+”企业 A1');
    expect(t.chars).toEqual(['地', '信', '企', '业', 'a', '1']);
    expect(t.starts).toEqual([1, 2, 5, 6, 8, 9]);
    expect(t.readings[0]).toEqual(['di', 'de']); // contextual reading first, then the others
    expect(t.readings[4]).toEqual(['a']);
  });

  it('snippetOf cuts long text around the first match and shifts its ranges', () => {
    const raw = 'x'.repeat(100) + '目标' + 'y'.repeat(100);
    const s = snippetOf(raw, [[100, 102]], 40, 10);
    expect(s.snippet.startsWith('…')).toBe(true);
    expect(s.snippet.endsWith('…')).toBe(true);
    const [a, b] = s.ranges[0]!;
    expect(s.snippet.slice(a, b)).toBe('目标');
    expect(snippetOf('短', [[0, 1]])).toEqual({ snippet: '短', ranges: [[0, 1]] });
  });
});
