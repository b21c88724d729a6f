// Loading and validation: broken copies of the seeds are refused, naming file, record and field;
// an override in <data>/catalog replaces the built-in files only when it validates.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinCatalogFiles } from '../../../../electron/services/catalog/builtin';
import { loadCatalog } from '../../../../electron/services/catalog/load';
import { CatalogError, type RawCatalogFiles } from '../../../../electron/services/catalog/validate';
import { createKioskServices } from '../../../../electron/compose';
import { createMemoryLogger } from '../../../../electron/services/logger';

type Json = Record<string, unknown> & unknown[];

function broken(edit: (files: Record<string, Json>) => void): RawCatalogFiles {
  const files = builtinCatalogFiles() as unknown as Record<string, Json>;
  edit(files);
  return files as unknown as RawCatalogFiles;
}

function problemsOf(files: RawCatalogFiles) {
  try {
    loadCatalog({ builtin: files });
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogError);
    return (e as CatalogError).problems;
  }
  throw new Error('the broken catalog was accepted');
}

const dirs: string[] = [];
function tempData(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-catalog-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the built-in catalog', () => {
  it('validates, with a stable content hash and a human version', () => {
    const a = loadCatalog();
    const b = loadCatalog();
    expect(a.source).toBe('built-in');
    expect(a.version).toBe('1.2.0');
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
  });
});

describe('broken copies are refused, naming file, record and field', () => {
  it('a measure on a board that does not exist', () => {
    const p = problemsOf(
      broken((f) => {
        (f['measures.json'] as unknown as { measures: { board: string }[] }).measures[89]!.board =
          'nope';
      }),
    );
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({
      file: 'seeds/measures.json',
      record: 'measures[89] (no 90)',
      field: 'board',
    });
  });

  it('a measure under a key work that does not exist', () => {
    const p = problemsOf(
      broken((f) => {
        (
          f['measures.json'] as unknown as { measures: { keyWork: number }[] }
        ).measures[0]!.keyWork = 77;
      }),
    );
    expect(p[0]).toMatchObject({
      file: 'seeds/measures.json',
      record: 'measures[0] (no 1)',
      field: 'keyWork',
    });
    expect(p[0]!.message).toMatch(/no key work number 77/);
  });

  it('a measure whose task is not its key work’s task', () => {
    const p = problemsOf(
      broken((f) => {
        (f['measures.json'] as unknown as { measures: { task: string }[] }).measures[0]!.task =
          '拓市场促升级';
      }),
    );
    expect(p[0]).toMatchObject({ record: 'measures[0] (no 1)', field: 'task' });
  });

  it('a bundle routed to a board that does not exist, and a duplicate id', () => {
    const files = broken((f) => {
      const bundles = f['bundles.json'] as unknown as {
        id: string;
        guidance: { routing: { board: string } };
      }[];
      bundles[3]!.guidance.routing.board = 'market';
      bundles[5]!.id = bundles[4]!.id;
    });
    const p = problemsOf(files);
    expect(p.map((x) => `${x.file} ${x.record} ${x.field}`)).toEqual([
      'seeds/bundles.json [3] (id project-completion) guidance.routing.board',
    ]);
    // Schema problems come first; once fixed, the cross-reference check finds the duplicate.
    (
      files['bundles.json'] as { guidance: { routing: { board: string } } }[]
    )[3]!.guidance.routing.board = 'project';
    const q = problemsOf(files);
    expect(q.map((x) => `${x.file} ${x.record} ${x.field}`)).toEqual([
      'seeds/bundles.json [5] (id premises-lease) id',
    ]);
  });

  it('a missing field, an unknown field, and text from another source left unmarked', () => {
    const p = problemsOf(
      broken((f) => {
        const bundles = f['bundles.json'] as unknown as Record<string, unknown>[];
        delete bundles[0]!.basicServices;
        bundles[1]!.extra = 1;
        (bundles[2]!.guidance as { source: string }).source = 'document';
      }),
    );
    expect(p.map((x) => `${x.record} ${x.field}`)).toEqual([
      '[0] (id business-startup) basicServices',
      '[1] (id market-access-permits) (record)',
      '[2] (id project-construction-start) guidance.source',
    ]);
  });

  it('a model part that names a service the bundle does not list', () => {
    const p = problemsOf(
      broken((f) => {
        const b = (
          f['bundles.json'] as unknown as { model: { parts: { basicServices: string[] }[] } }[]
        )[0]!;
        b.model.parts[1]!.basicServices = ['营业执照办理'];
      }),
    );
    expect(p[0]).toMatchObject({
      record: '[0] (id business-startup)',
      field: 'model.parts.[1].basicServices.[0]',
    });
  });

  it('a manifest without a version, then a board missing from boards.json', () => {
    const files = broken((f) => {
      (f['boards.json'] as unknown as unknown[]).pop();
      delete (f['catalog.json'] as unknown as Record<string, unknown>).version;
    });
    expect(problemsOf(files)).toEqual([
      {
        file: 'seeds/catalog.json',
        record: '(file)',
        field: 'version',
        message: expect.any(String),
      },
    ]);
    (files['catalog.json'] as Record<string, unknown>).version = '9';
    const p = problemsOf(files);
    expect(p.map((x) => `${x.file} ${x.record} ${x.message}`)).toContain(
      'seeds/boards.json (file) board "other" is missing',
    );
    // Bundles routed to the missing board are named too.
    expect(
      p.some((x) => x.file === 'seeds/bundles.json' && x.field === 'guidance.routing.board'),
    ).toBe(true);
  });

  it('the kiosk refuses to start on a broken built-in catalog, and says where', async () => {
    const files = broken((f) => {
      (f['stations.json'] as unknown as { services: { name: string }[] }[])[0]!.services[4]!.name =
        '';
    });
    const err = await createKioskServices({
      dataRoot: tempData(),
      shell: 'browser',
      appVersion: 'test',
      log: createMemoryLogger(),
      builtinCatalog: files,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CatalogError);
    expect((err as Error).message).toContain(
      'seeds/stations.json › [0] (id dixin-town) › services.[4].name',
    );
  });
});

describe('an override in <data>/catalog', () => {
  it('replaces the built-in files after the same validation', () => {
    const data = tempData();
    fs.mkdirSync(path.join(data, 'catalog'));
    const bundles = builtinCatalogFiles()['bundles.json'] as { name: string }[];
    bundles[0]!.name = '企业开办（新版）';
    fs.writeFileSync(path.join(data, 'catalog', 'bundles.json'), JSON.stringify(bundles));
    const log = createMemoryLogger();
    const loaded = loadCatalog({ dataRoot: data, log });
    expect(loaded.source).toBe('override');
    expect(loaded.version).toBe('1.2.0+local');
    expect(loaded.catalog.bundles[0]!.name).toBe('企业开办（新版）');
    expect(loaded.hash).not.toBe(loadCatalog().hash);
    expect(log.lines.some((l) => l.event === 'catalog.override_used')).toBe(true);

    const manifest = builtinCatalogFiles()['catalog.json'] as { version: string };
    manifest.version = '2.0.0';
    fs.writeFileSync(path.join(data, 'catalog', 'catalog.json'), JSON.stringify(manifest));
    expect(loadCatalog({ dataRoot: data }).version).toBe('2.0.0');
  });

  it('is refused when invalid; the built-in catalog stays and the refusal is logged', () => {
    const data = tempData();
    fs.mkdirSync(path.join(data, 'catalog'));
    const m = builtinCatalogFiles()['measures.json'] as { measures: { board: string | null }[] };
    m.measures[29]!.board = '√';
    const file = path.join(data, 'catalog', 'measures.json');
    fs.writeFileSync(file, JSON.stringify(m));
    const log = createMemoryLogger();
    const loaded = loadCatalog({ dataRoot: data, log });
    expect(loaded.source).toBe('built-in');
    expect(loaded.hash).toBe(loadCatalog().hash);
    expect(loaded.overrideProblems[0]).toMatchObject({
      file,
      record: 'measures[29] (no 30)',
      field: 'board',
    });
    expect(loaded.overrideRefused).toContain(`${file} › measures[29] (no 30) › board`);
    expect(log.lines.filter((l) => l.event === 'catalog.override_refused')).toHaveLength(1);
  });

  it('is refused when a file is not JSON', () => {
    const data = tempData();
    fs.mkdirSync(path.join(data, 'catalog'));
    fs.writeFileSync(path.join(data, 'catalog', 'stations.json'), '[{"id": ');
    const loaded = loadCatalog({ dataRoot: data });
    expect(loaded.source).toBe('built-in');
    expect(loaded.overrideProblems[0]).toMatchObject({ record: '(file)', field: '(json)' });
  });

  it('an empty or absent directory changes nothing', () => {
    const data = tempData();
    expect(loadCatalog({ dataRoot: data }).source).toBe('built-in');
    fs.mkdirSync(path.join(data, 'catalog'));
    fs.writeFileSync(path.join(data, 'catalog', 'README.txt'), 'notes');
    expect(loadCatalog({ dataRoot: data }).source).toBe('built-in');
  });
});
