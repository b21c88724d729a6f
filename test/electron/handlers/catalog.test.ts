// The catalog calls end to end through the dispatcher, over real services in a temp data dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleDetail, SearchResult } from '../../../electron/domain/catalog';
import { listSearchMisses } from '../../../electron/services/catalog/search-miss-repository';
import { createKioskServices, type KioskServices } from '../../../electron/compose';
import { createMemoryLogger } from '../../../electron/services/logger';

let k: KioskServices;
let dir: string;
const ctx = { transport: 'http' as const };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-catalog-calls-'));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ catalog: { feedbackDays: 4 } }));
  k = await createKioskServices({
    dataRoot: dir,
    shell: 'browser',
    appVersion: 'test',
    log: createMemoryLogger(),
  });
});
afterAll(async () => {
  await k.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function ok<T>(name: string, args: unknown): Promise<T> {
  const out = await k.dispatch(name, args, ctx);
  if (!out.ok) throw new Error(`${name}: ${out.error.code} ${out.error.message}`);
  return out.value as T;
}

describe('catalog calls', () => {
  it('catalogInfo gives version, hash and counts', async () => {
    const info = await ok<{ version: string; shortHash: string; source: string; counts: object }>(
      'catalogInfo',
      {},
    );
    expect(info.version).toBe('1.2.0');
    expect(info.shortHash).toMatch(/^[0-9a-f]{12}$/);
    expect(info.source).toBe('built-in');
    expect(info.counts).toMatchObject({ bundles: 30, measures: 175, stationServices: 66 });
  });

  it('catalogBundles groups by B-READY topic (featured last) and by board', async () => {
    const byTopic = await ok<{ key: string; bundles: { id: string }[] }[]>('catalogBundles', {
      groupBy: 'topic',
    });
    expect(byTopic.map((g) => g.key)).toEqual([
      'Business Entry',
      'Business Location',
      'Utility Services',
      'Labor',
      'Financial Services',
      'International Trade',
      'Taxation',
      'Dispute Resolution',
      'Market Competition',
      'Business Insolvency',
      'featured',
    ]);
    expect(byTopic.reduce((n, g) => n + g.bundles.length, 0)).toBe(30);
    const byBoard = await ok<{ key: string; bundles: unknown[] }[]>('catalogBundles', {
      groupBy: 'board',
    });
    expect(byBoard.reduce((n, g) => n + g.bundles.length, 0)).toBe(30);
    expect(byBoard.find((g) => g.key === 'finance')!.bundles).toHaveLength(4);
  });

  it('catalogBundle gives the page, with the center default feedback time', async () => {
    const b = await ok<BundleDetail>('catalogBundle', { id: 'business-startup' });
    expect(b.name).toBe('企业开办');
    expect(b.basicServices).toHaveLength(6);
    expect(b.board.name).toBe('项目服务');
    expect([b.feedbackDays, b.feedbackDaysFrom]).toEqual([4, 'center-default']);
    const missing = await k.dispatch('catalogBundle', { id: 'no-such-thing' }, ctx);
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const bad = await k.dispatch('catalogBundle', { id: '../x' }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_ARGS', fields: ['id'] } });
  });

  it('catalogMeasures filters by board, task and key work', async () => {
    const finance = await ok<{ no: number }[]>('catalogMeasures', { board: 'finance' });
    expect(finance.map((m) => m.no)).toContain(30);
    const none = await ok<{ no: number }[]>('catalogMeasures', { board: 'none' });
    expect(none.map((m) => m.no)).toEqual([130, 131, 132, 133, 134, 135, 136]);
    const task3 = await ok<unknown[]>('catalogMeasures', { task: 3 });
    expect(task3).toHaveLength(19);
    const kw = await ok<{ keyWorkName: string }[]>('catalogMeasures', { task: 5, keyWork: 31 });
    expect(kw).toHaveLength(11);
    expect(kw[0]!.keyWorkName).toBe('营造尊重民营经济创新创业的舆论环境');
    const all = await ok<unknown[]>('catalogMeasures', {});
    expect(all).toHaveLength(175);
  });

  it('catalogTasks, catalogBoards, catalogStations, catalogStation', async () => {
    const tasks = await ok<{ keyWorks: unknown[] }[]>('catalogTasks', {});
    expect(tasks.map((t) => t.keyWorks.length)).toEqual([7, 4, 5, 7, 9]);
    const boards = await ok<{ id: string; measureCount: number }[]>('catalogBoards', {});
    expect(boards.reduce((n, b) => n + b.measureCount, 0)).toBe(175 - 7);
    const stations = await ok<{ id: string; count: number }[]>('catalogStations', {});
    expect(stations).toEqual([{ id: 'dixin-town', name: '德清县地信小镇特色服务驿站', count: 66 }]);
    const st = await ok<{ types: { type: string }[] }>('catalogStation', { id: 'dixin-town' });
    expect(st.types.map((t) => t.type)).toEqual([
      '“地信+”产业特色服务',
      '车联网产业特色服务',
      '高层次人才特色服务',
    ]);
  });

  it('catalogSearch ranks and highlights; only a pressed Search that finds nothing is kept', async () => {
    const r = await ok<SearchResult>('catalogSearch', { query: 'qykb' });
    expect(r.hits[0]).toMatchObject({ title: '企业开办', titleRanges: [[0, 4]] });

    await ok('catalogSearch', { query: '火星签证' }); // typing: not kept
    await ok('catalogSearch', { query: 'qykb', recordMiss: true }); // found: not kept
    await ok('catalogSearch', {
      query: '  火星 签证办理流程和所需材料清单以及各类注意事项说明与常见问题的详细解答  ',
      recordMiss: true,
    });
    await ok('catalogSearch', { query: '13812345678', recordMiss: true }); // could be personal
    // However the number is typed: separators, full-width digits, Chinese numerals.
    for (const query of [
      '138-1234-5678',
      '138 1234 5678',
      '张三 １３８１２３４５６７８',
      '联系一三八一二三四五六七八',
      '幺三八·幺二三四',
      '壹叁捌壹贰叁肆伍陆',
      '(0572) 888-1234',
    ])
      await ok('catalogSearch', { query, recordMiss: true });
    const kept = k.db.read((d) => listSearchMisses(d));
    expect(kept.map((x) => x.query)).toEqual([
      '火星 签证办理流程和所需材料清单以及各类注意事项说明与常见问题的详细解答'.slice(0, 40),
    ]);
    expect(kept[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const long = await k.dispatch('catalogSearch', { query: 'x'.repeat(101) }, ctx);
    expect(long).toMatchObject({ ok: false, error: { code: 'BAD_ARGS', fields: ['query'] } });
  });
});
