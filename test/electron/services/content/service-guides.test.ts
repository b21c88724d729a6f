// 办事指南 as content: the catalog schema takes an optional guide per basic service (checked like
// the rest of the catalog), a signed bundle carries them in, and a request's receipt then carries
// the guides of its basic services for the A4 checklist.
import fs from 'node:fs';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceGuide } from '../../../../electron/domain/catalog';
import type { ReceiptView } from '../../../../electron/domain/request';
import { printableOf } from '../../../../electron/domain/printing';
import { base64urlEncode } from '../../../../electron/domain/signed-token';
import { signContentBundle } from '../../../../electron/protocol/content-bundle';
import { builtinCatalogFiles } from '../../../../electron/services/catalog/builtin';
import { BUILTIN_NAMES } from '../../../../electron/services/catalog/builtin';
import {
  CatalogError,
  validateCatalog,
  type RawCatalogFiles,
} from '../../../../electron/services/catalog/validate';
import { parseYearFile } from '../../../../electron/services/calendar/holiday-calendar';
import { defaultConfig, overlayConfigKeys } from '../../../../electron/services/config';
import { startHarness, startupArgs, type Harness } from '../requests/harness';

/** Test text, not a real department's guide. */
const guide: ServiceGuide = {
  materials: ['测试材料一', '测试材料二'],
  promisedLimit: '测试承诺时限',
  window: '测试窗口',
  source: '测试来源',
  checkedOn: '2026-12-01',
};

function withGuides(guides: Record<string, unknown>): RawCatalogFiles {
  const files = builtinCatalogFiles();
  const bundles = files['bundles.json'] as { id: string; guides?: unknown }[];
  (bundles.find((b) => b.id === 'business-startup') as { guides?: unknown }).guides = guides;
  return files;
}

function problems(files: RawCatalogFiles): string[] {
  try {
    validateCatalog(files, BUILTIN_NAMES, 'test');
    return [];
  } catch (e) {
    if (!(e instanceof CatalogError)) throw e;
    return e.problems.map((p) => `${p.field}: ${p.message}`);
  }
}

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('service guides in the catalog', () => {
  it('the built-in catalog has none: no guide text is made up', () => {
    const bundles = builtinCatalogFiles()['bundles.json'] as { guides?: unknown }[];
    expect(bundles.filter((b) => b.guides !== undefined)).toEqual([]);
  });

  it('accepts a guide for a basic service; refuses one for another name or with nothing in it', () => {
    expect(problems(withGuides({ 公司设立登记: guide }))).toEqual([]);
    expect(problems(withGuides({ 不存在的事项: guide }))).toEqual([
      'guides.不存在的事项: "不存在的事项" is not a basic service of this bundle',
    ]);
    const empty = problems(
      withGuides({ 公司设立登记: { source: '测试来源', checkedOn: '2026-12-01' } }),
    );
    expect(empty.join('\n')).toMatch(/at least one of materials/);
    expect(problems(withGuides({ 公司设立登记: { ...guide, checkedOn: '1 Dec' } }))).toHaveLength(
      1,
    );
  });

  it('the documented example has the format the schema takes', () => {
    const example = JSON.parse(
      fs.readFileSync(
        path.join(__dirname, '../../../../docs/examples/service-guides.example.json'),
        'utf8',
      ),
    ) as Record<string, unknown>;
    expect(problems(withGuides(example))).toEqual([]);
    const settings = JSON.parse(
      fs.readFileSync(
        path.join(__dirname, '../../../../docs/examples/settings.example.json'),
        'utf8',
      ),
    ) as Record<string, unknown>;
    expect(overlayConfigKeys(defaultConfig(), settings)).toEqual([]);
    const year = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../../../../docs/examples/2027.example.json'), 'utf8'),
    ) as unknown;
    expect(() => parseYearFile('2027', year)).not.toThrow();
  });

  it('a signed bundle brings guides in; the receipt and the checklist carry them', async () => {
    const { secretKey, publicKey } = ed25519.keygen();
    h = await startHarness({
      config: { content: { publicKeys: { c1: base64urlEncode(publicKey) } } },
    });
    const files = withGuides({ 公司设立登记: guide });
    const out = h.k.content.apply(
      signContentBundle(
        {
          version: 1,
          createdAt: '2026-12-01T00:00:00Z',
          catalog: { 'bundles.json': files['bundles.json'] },
        },
        { kid: 'c1', secretKey },
      ),
      'test',
    );
    expect(out.ok).toBe(true);
    expect(h.k.catalog.bundle('business-startup')?.guides?.['公司设立登记']).toEqual(guide);

    const r = await h.call<ReceiptView>('requestSubmit', startupArgs());
    expect(r.services.find((s) => s.name === '公司设立登记')).toBeDefined();
    expect(r.guides).toEqual([{ service: '公司设立登记', guide }]);
    expect(printableOf(r).guides).toEqual([{ service: '公司设立登记', guide }]);
    expect(fs.existsSync(path.join(h.dir, 'content', 'bundle.json'))).toBe(true);
  });
});
