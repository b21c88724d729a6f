// `kioskctl catalog stats` and `kioskctl catalog search <query>`: the catalog this kiosk would run
// on (the built-in one, or a valid override in <data>/catalog), read-only.
import type { CatalogCounts, SearchHit } from '../../domain/catalog';
import { createCatalogService } from '../../services/catalog/catalog-service';
import { loadCatalog, overrideDir } from '../../services/catalog/load';
import { problemText } from '../../services/catalog/validate';
import { loadConfigFile } from '../../services/config';
import { dataDirLayout } from '../../services/data-dir';
import { defineCommand } from '../define';

function open(dataRoot: string) {
  const loaded = loadCatalog({ dataRoot });
  const { config } = loadConfigFile(dataDirLayout(dataRoot).config);
  return createCatalogService(loaded, { defaultFeedbackDays: config.catalog.feedbackDays });
}

interface StatsReport {
  version: string;
  hash: string;
  source: 'built-in' | 'content' | 'override';
  overrideDir: string;
  overrideProblems: string[];
  counts: CatalogCounts;
  bundles: {
    id: string;
    name: string;
    kind: string;
    basicServices: number;
    valueAddedServices: number;
  }[];
  measuresPerTask: Record<string, number>;
  measuresPerBoard: Record<string, number>;
}

export const catalogStatsCommand = defineCommand({
  name: 'catalog stats',
  summary: 'count what the catalog holds (bundles, services, measures, boards, station services)',
  async run({ dataRoot }) {
    const cat = open(dataRoot);
    const c = cat.loaded.catalog;
    const perBoard: Record<string, number> = {};
    for (const m of c.measures)
      perBoard[m.board ?? 'none'] = (perBoard[m.board ?? 'none'] ?? 0) + 1;
    const report: StatsReport = {
      version: cat.loaded.version,
      hash: cat.loaded.hash,
      source: cat.loaded.source,
      overrideDir: overrideDir(dataRoot),
      overrideProblems: cat.loaded.overrideProblems.map(problemText),
      counts: cat.counts(),
      bundles: c.bundles.map((b) => ({
        id: b.id,
        name: b.name,
        kind: b.kind,
        basicServices: b.basicServices.length,
        valueAddedServices: b.valueAddedServices.length,
      })),
      measuresPerTask: Object.fromEntries(
        c.tasks.map((t) => [t.name, c.measures.filter((m) => m.task === t.name).length]),
      ),
      measuresPerBoard: perBoard,
    };
    return { data: report };
  },
  text(r) {
    const n = r.counts;
    return [
      `catalog ${r.version} (${r.hash.slice(0, 12)}) ${r.source}`,
      ...r.overrideProblems.map((p) => `  override refused: ${p}`),
      `bundles          ${n.bundles} (${n.commonBundles} common, ${n.featuredBundles} featured)`,
      `basic services   ${n.basicServices}`,
      `value-added      ${n.valueAddedServices}`,
      `measures         ${n.measures} under ${n.tasks} tasks and ${n.keyWorks} key works`,
      `boards           ${n.boards}`,
      `station services ${n.stationServices} in ${n.stations} station(s)`,
      '',
      ...r.bundles.map(
        (b) =>
          `  ${b.name.padEnd(12, '　')} ${String(b.basicServices).padStart(3)} basic ${String(b.valueAddedServices).padStart(3)} value-added  (${b.id})`,
      ),
    ].join('\n');
  },
});

function showRanges(text: string, ranges: readonly (readonly [number, number])[]): string {
  let out = '';
  let pos = 0;
  for (const [a, b] of ranges) {
    out += `${text.slice(pos, a)}[${text.slice(a, b)}]`;
    pos = b;
  }
  return out + text.slice(pos);
}

export const catalogSearchCommand = defineCommand({
  name: 'catalog search',
  summary: 'search the catalog as the kiosk does (characters, pinyin, initials), ranked',
  usage: 'Usage: kioskctl catalog search <query> [--limit N] [--json]',
  options: { limit: { type: 'string' } },
  async run({ dataRoot, args, values }) {
    const query = args.join(' ');
    const limit = Math.min(100, Math.max(1, Number(values.limit ?? 20) || 20));
    const result = open(dataRoot).search(query, limit);
    return { data: result, ok: query.trim().length > 0 };
  },
  text(r) {
    if (r.total === 0) return `no hits for "${r.query}"`;
    const line = (h: SearchHit, i: number) => {
      const what =
        h.field === 'name'
          ? showRanges(h.title ?? '', h.titleRanges)
          : showRanges(h.snippet ?? '', h.snippetRanges);
      const where =
        h.kind === 'measure' ? `measure ${h.target.measureNo} · ${h.context}` : h.context;
      return `${String(i + 1).padStart(3)}. [${h.kind}] ${what}\n       ${where}`;
    };
    return [
      `${r.total} hit(s) for "${r.query}"${r.hits.length < r.total ? `, first ${r.hits.length}` : ''}:`,
      ...r.hits.map(line),
    ].join('\n');
  },
});
