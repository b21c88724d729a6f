// kioskctl's catalog commands, run from the build (dist/) as an operator would: the seeds travel
// inside the bundle, and an override in the data directory is checked the same way as at start.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

function kioskctl(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/electron/kioskctl.mjs', ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let data: string;
test.beforeEach(() => {
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'kioskctl-catalog-'));
});
test.afterEach(() => fs.rmSync(data, { recursive: true, force: true }));

test('catalog stats --json prints the counts', () => {
  const r = kioskctl('catalog', 'stats', '--json', '--data', data);
  expect(r.code).toBe(0);
  const stats = JSON.parse(r.out) as {
    version: string;
    source: string;
    counts: Record<string, number>;
    bundles: { name: string; basicServices: number; valueAddedServices: number }[];
  };
  expect(stats.version).toBe('1.2.0');
  expect(stats.source).toBe('built-in');
  expect(stats.counts).toMatchObject({
    bundles: 30,
    commonBundles: 24,
    featuredBundles: 6,
    measures: 175,
    tasks: 5,
    keyWorks: 32,
    boards: 9,
    stationServices: 66,
  });
  expect(stats.bundles.find((b) => b.name === '跨境货物贸易')).toMatchObject({
    basicServices: 4,
    valueAddedServices: 28,
  });
});

test('catalog search prints ranked hits with the match marked', () => {
  const r = kioskctl('catalog', 'search', 'qykb', '--data', data);
  expect(r.code).toBe(0);
  const lines = r.out.split('\n');
  expect(lines[0]).toMatch(/^\d+ hit\(s\) for "qykb"/);
  expect(lines[1]).toBe('  1. [bundle] [企业开办]');
  const json = JSON.parse(kioskctl('catalog', 'search', 'zscq', '--json', '--data', data).out) as {
    hits: { title: string }[];
  };
  expect(json.hits[0]!.title).toBe('知识产权');
});

test('doctor shows the catalog version, and an override it refuses', () => {
  const ok = kioskctl('doctor', '--json', '--data', data);
  const report = JSON.parse(ok.out) as {
    catalog: { ok: boolean; version: string; source: string };
  };
  expect(report.catalog).toMatchObject({ ok: true, version: '1.2.0', source: 'built-in' });

  fs.mkdirSync(path.join(data, 'catalog'));
  fs.writeFileSync(path.join(data, 'catalog', 'boards.json'), '[]');
  const text = kioskctl('doctor', '--data', data).out;
  expect(text).toMatch(/catalog {4}1\.2\.0 \([0-9a-f]{12}\) built-in/);
  expect(text).toContain('override refused:');
  expect(text).toContain(path.join(data, 'catalog', 'boards.json'));
});
