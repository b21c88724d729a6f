// The eligibility facets in seeds/: every justifying phrase is in the words of the record (checked
// here independently of the loader), the loader refuses facets whose words are not there, and the
// calls the issue turns on (免申即享, internal work, who a measure is for) read as the document says.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Measure } from '../../../../electron/domain/catalog';
import { facetPhrases } from '../../../../electron/domain/facets';
import { builtinCatalogFiles } from '../../../../electron/services/catalog/builtin';
import { loadCatalog } from '../../../../electron/services/catalog/load';
import { CatalogError } from '../../../../electron/services/catalog/validate';
import { flatten, readSourceDocument } from './source-document';

let c: Catalog;
let doc: string;
beforeAll(() => {
  c = loadCatalog().catalog;
  doc = flatten(readSourceDocument());
});
const measure = (no: number) => c.measures.find((m) => m.no === no) as Measure;

describe('every facet is justified by the words of its record', () => {
  it('measures: each phrase is in the text, the key work or the service mode it names', () => {
    let phrases = 0;
    for (const m of c.measures) {
      const fields: Record<string, string> = {
        text: m.text,
        keyWork: c.keyWorks.find((k) => k.no === m.keyWork)?.name ?? '',
        serviceMode: m.serviceMode ?? '',
      };
      for (const p of facetPhrases(m.facets)) {
        phrases++;
        expect(fields[p.in ?? 'text'], `measure ${m.no} ${p.path}`).toContain(p.basis);
      }
    }
    // 175 measures, each with at least its delivery or its reason for not being offered.
    expect(phrases).toBeGreaterThanOrEqual(175);
  });

  it('station services: each phrase is in the name, category or type it names', () => {
    for (const s of c.stations)
      for (const x of s.services) {
        const fields: Record<string, string> = { name: x.name, category: x.category, type: x.type };
        for (const p of facetPhrases(x.facets))
          expect(fields[p.in ?? 'name'], `service ${x.no} ${p.path}`).toContain(p.basis);
      }
  });

  it('bundles: each phrase is in the name or the service lists it names', () => {
    const withFacets = c.bundles.filter((b) => b.facets);
    expect(withFacets.length).toBeGreaterThanOrEqual(6);
    for (const b of withFacets) {
      const fields: Record<string, string> = {
        name: b.name,
        basicServices: b.basicServices.join('\n'),
        valueAddedServices: b.valueAddedServices.join('\n'),
      };
      for (const p of facetPhrases(b.facets!))
        expect(fields[p.in ?? 'name'], `bundle ${b.id} ${p.path}`).toContain(p.basis);
    }
  });

  it('the justifying words are the document’s own: each occurs in the source document', () => {
    const all = [
      ...c.measures.flatMap((m) => facetPhrases(m.facets)),
      ...c.stations.flatMap((s) => s.services.flatMap((x) => facetPhrases(x.facets))),
    ];
    for (const p of all) expect(doc, p.basis).toContain(flatten(p.basis));
  });

  it('facets stay apart from the document’s fields, marked as the kiosk’s analysis', () => {
    for (const m of c.measures) expect(m.facets.source).toBe('kiosk-analysis');
    for (const x of c.stations[0]!.services) expect(x.facets.source).toBe('kiosk-analysis');
  });

  it('seeds match the derivation table (scripts/derive-facets.mjs --check)', () => {
    const r = spawnSync(process.execPath, ['scripts/derive-facets.mjs', '--check'], {
      cwd: path.resolve(__dirname, '../../../..'),
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('the loader refuses unjustified facets', () => {
  const broken = (edit: (files: ReturnType<typeof builtinCatalogFiles>) => void) => {
    const files = builtinCatalogFiles();
    edit(files);
    try {
      loadCatalog({ builtin: files });
    } catch (e) {
      if (e instanceof CatalogError) return e.problems;
      throw e;
    }
    throw new Error('the broken catalog was accepted');
  };
  type Files = { measures: { no: number; facets?: Record<string, unknown> }[] };

  it('a target whose words are not in the measure', () => {
    const problems = broken((f) => {
      const m = (f['measures.json'] as Files).measures[92]!; // no. 93
      (m.facets!.targets as { basis: string }[])[0]!.basis = '高新技术企业';
    });
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: 'seeds/measures.json',
        record: 'measures[92] (no 93)',
        field: 'facets.targets.[0].basis',
        message: '“高新技术企业” does not occur in text',
      }),
    );
  });

  it('words claimed from the wrong field', () => {
    const problems = broken((f) => {
      const m = (f['measures.json'] as Files).measures[58]!; // no. 59: 中小微企业 is in its key work
      (m.facets!.targets as { in?: string }[])[0]!.in = 'text';
    });
    expect(problems[0]).toMatchObject({ field: 'facets.targets.[0].basis' });
  });

  it('an offered measure without its delivery, or a not-offered one without its reason', () => {
    const problems = broken((f) => {
      const ms = (f['measures.json'] as Files).measures;
      ms[1]!.facets!.delivery = null; // no. 2
      delete ms[4]!.facets!.notOffered; // no. 5
    });
    expect(problems.map((p) => `${p.record} ${p.field}`)).toEqual(
      expect.arrayContaining([
        'measures[1] (no 2) facets.delivery',
        'measures[4] (no 5) facets.notOffered',
      ]),
    );
  });

  it('a measure with no facets at all', () => {
    const problems = broken((f) => {
      delete (f['measures.json'] as Files).measures[0]!.facets;
    });
    expect(problems[0]).toMatchObject({ record: 'measures[0] (no 1)', field: 'facets' });
  });
});

describe('what the facets say, read from the document', () => {
  it('免申即享: no. 2 says so (“免申即享”, 零审批); no. 35 is a cut in a statutory rate', () => {
    const free = c.measures.filter((m) => m.facets.delivery?.id === 'no-application');
    expect(free.map((m) => m.no)).toEqual([2, 35]);
    expect(measure(2).facets.delivery?.basis).toBe('免申即享');
  });

  it('internal work is not offered: inspections of departments, 干部考核, 审计, the center itself', () => {
    const kinds = (no: number) => measure(no).facets.notOffered?.kind;
    for (const no of [5, 60, 74, 153, 165, 168, 172, 175])
      expect(kinds(no), `no. ${no}`).toBe('internal');
    // The nine measures the document gives no board ("/") build the center and its platforms.
    for (const m of c.measures.filter((x) => x.board === null))
      expect(m.facets.offered, `no. ${m.no}`).toBe(false);
    expect(kinds(23)).toBe('enforcement'); // 节能监察执法
    expect(kinds(29)).toBe('other-party'); // 金融机构考核办法
  });

  it('个转企 (nos. 93–97) is for individual businesses', () => {
    for (const no of [93, 94, 95, 96, 97])
      expect(
        measure(no).facets.targets.map((t) => t.id),
        `no. ${no}`,
      ).toEqual(['individual']);
  });

  it('station services are for the industry their type names; quality supervision is not offered', () => {
    const s = c.stations[0]!.services;
    expect(
      new Set(
        s.filter((x) => x.type.includes('地信+')).map((x) => x.facets.targets[0]?.id ?? 'none'),
      ),
    ).toEqual(new Set(['geo', 'none']));
    expect(s.find((x) => x.name === '测绘成果质量监管')?.facets.offered).toBe(false);
    expect(
      s
        .filter((x) => x.type === '高层次人才特色服务')
        .every((x) => x.facets.targets[0]?.id === 'talent'),
    ).toBe(true);
  });

  it('the counts of the analysis', () => {
    const offered = c.measures.filter((m) => m.facets.offered);
    expect(offered).toHaveLength(126);
    expect(c.measures.length - offered.length).toBe(49);
  });
});
