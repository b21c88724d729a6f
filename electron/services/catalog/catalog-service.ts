// The catalog as the handlers and kioskctl see it: loaded and validated at start, then only read,
// until a signed content bundle replaces it whole (`replace`: the next call sees the new one; a
// call under way finishes on the one it started with). Views are built here so the handlers stay
// thin.
import { Refusal } from '../../refusal';
import type {
  BoardDetail,
  BoardId,
  BoardSummary,
  BundleDetail,
  BundleGroup,
  CatalogCounts,
  CatalogInfo,
  MeasureView,
  SearchResult,
  StationSummary,
  StationView,
  TaskOverview,
} from '../../domain/catalog';
import { BREADY_TOPICS, bundleSummary } from '../../domain/catalog';
import type { LoadedCatalog } from './load';
import { buildSearchIndex, searchCatalog, type SearchIndex } from './search';

export interface MeasureFilter {
  board?: BoardId | 'none';
  task?: number;
  keyWork?: number;
}

export interface CatalogService {
  loaded: LoadedCatalog;
  info(): CatalogInfo;
  counts(): CatalogCounts;
  bundleGroups(by: 'topic' | 'board'): BundleGroup[];
  bundle(id: string): BundleDetail | null;
  /** The bundle, or a NOT_FOUND refusal. */
  requireBundle(id: string): BundleDetail;
  boards(): BoardDetail[];
  tasks(): TaskOverview[];
  measures(filter: MeasureFilter): MeasureView[];
  stations(): StationSummary[];
  station(id: string): StationView | null;
  /** The station, or a NOT_FOUND refusal. */
  requireStation(id: string): StationView;
  search(query: string, limit?: number): SearchResult;
  /** Puts a newly validated catalog in force (a content bundle applied). */
  replace(next: LoadedCatalog): void;
}

export interface CatalogServiceOptions {
  /** The center's default feedback time in working days (config `catalog.feedbackDays`). */
  defaultFeedbackDays: number;
}

export function createCatalogService(
  loaded: LoadedCatalog,
  opts: CatalogServiceOptions,
): CatalogService {
  let current = catalogView(loaded, opts);
  return {
    get loaded() {
      return current.loaded;
    },
    info: () => current.info(),
    counts: () => current.counts(),
    bundleGroups: (by) => current.bundleGroups(by),
    bundle: (id) => current.bundle(id),
    requireBundle: (id) => current.requireBundle(id),
    boards: () => current.boards(),
    tasks: () => current.tasks(),
    measures: (filter) => current.measures(filter),
    stations: () => current.stations(),
    station: (id) => current.station(id),
    requireStation: (id) => current.requireStation(id),
    search: (query, limit) => current.search(query, limit),
    replace(next) {
      current = catalogView(next, opts);
    },
  };
}

function catalogView(
  loaded: LoadedCatalog,
  opts: CatalogServiceOptions,
): Omit<CatalogService, 'replace'> {
  const c = loaded.catalog;
  // Built on the first search, not at start: pinyin indexing is the largest part of start-up.
  let index: SearchIndex | null = null;
  const boardById = new Map(c.boards.map((b) => [b.id, b]));
  const keyWorkByNo = new Map(c.keyWorks.map((k) => [k.no, k]));

  const countsValue: CatalogCounts = {
    bundles: c.bundles.length,
    commonBundles: c.bundles.filter((b) => b.kind === 'common').length,
    featuredBundles: c.bundles.filter((b) => b.kind === 'featured').length,
    basicServices: c.bundles.reduce((n, b) => n + b.basicServices.length, 0),
    valueAddedServices: c.bundles.reduce((n, b) => n + b.valueAddedServices.length, 0),
    measures: c.measures.length,
    tasks: c.tasks.length,
    keyWorks: c.keyWorks.length,
    boards: c.boards.length,
    stations: c.stations.length,
    stationServices: c.stations.reduce((n, s) => n + s.services.length, 0),
  };

  const boardSummary = (id: BoardId): BoardSummary => {
    const b = boardById.get(id);
    if (!b) throw new Error(`unknown board ${id}`); // validation guarantees every reference
    return {
      id: b.id,
      name: b.name,
      fullName: b.fullName,
      en: b.en,
      leadDepartments: b.leadDepartments,
      leadNote: b.leadNote ?? null,
      measureCount: c.measures.filter((m) => m.board === b.id).length,
      bundleCount: c.bundles.filter((x) => x.guidance.routing.board === b.id).length,
    };
  };

  const measureView = (m: (typeof c.measures)[number]): MeasureView => {
    const k = keyWorkByNo.get(m.keyWork);
    return {
      ...m,
      keyWorkNumeral: k?.numeral ?? '',
      keyWorkName: k?.name ?? '',
      boardName: m.board ? (boardById.get(m.board)?.name ?? null) : null,
    };
  };

  const service: Omit<CatalogService, 'replace'> = {
    loaded,
    counts: () => countsValue,
    info: () => ({
      version: loaded.version,
      hash: loaded.hash,
      shortHash: loaded.hash.slice(0, 12),
      source: loaded.source,
      overrideRefused: loaded.overrideRefused,
      title: c.manifest.title,
      counts: countsValue,
    }),

    bundleGroups(by) {
      if (by === 'board') {
        return c.boards
          .map((b) => ({
            key: b.id,
            title: b.fullName,
            titleEn: b.en,
            bundles: c.bundles.filter((x) => x.guidance.routing.board === b.id).map(bundleSummary),
          }))
          .filter((g) => g.bundles.length > 0);
      }
      const groups: BundleGroup[] = [];
      for (const topic of BREADY_TOPICS) {
        const bundles = c.bundles.filter((b) => b.breadyTopic === topic);
        if (bundles.length === 0) continue;
        const indicators = [...new Set(bundles.map((b) => b.indicator).filter(Boolean))];
        groups.push({
          key: topic,
          title: indicators.join('、'),
          titleEn: topic,
          bundles: bundles.map(bundleSummary),
        });
      }
      const featured = c.bundles.filter((b) => b.breadyTopic === null);
      if (featured.length)
        groups.push({
          key: 'featured',
          title: null,
          titleEn: null,
          bundles: featured.map(bundleSummary),
        });
      return groups;
    },

    bundle(id) {
      const b = c.bundles.find((x) => x.id === id);
      if (!b) return null;
      const own = b.guidance.feedbackDays;
      return {
        ...b,
        board: boardSummary(b.guidance.routing.board),
        feedbackDays: own ?? opts.defaultFeedbackDays,
        feedbackDaysFrom: own === null ? 'center-default' : 'bundle',
      };
    },

    boards: () =>
      c.boards.map((b) => ({
        ...boardSummary(b.id),
        description: b.description,
        modules: b.modules,
        keyWorks: b.keyWorks,
      })),

    tasks: () =>
      c.tasks.map((t) => {
        const kws = c.keyWorks.filter((k) => k.task === t.name);
        return {
          no: t.no,
          numeral: t.numeral,
          name: t.name,
          measureCount: c.measures.filter((m) => m.task === t.name).length,
          keyWorks: kws.map((k) => ({
            no: k.no,
            numeral: k.numeral,
            name: k.name,
            measureCount: c.measures.filter((m) => m.keyWork === k.no).length,
          })),
        };
      }),

    measures(filter) {
      const taskName =
        filter.task === undefined ? undefined : c.tasks.find((t) => t.no === filter.task)?.name;
      if (filter.task !== undefined && taskName === undefined) return [];
      return c.measures
        .filter(
          (m) =>
            (filter.board === undefined ||
              (filter.board === 'none' ? m.board === null : m.board === filter.board)) &&
            (taskName === undefined || m.task === taskName) &&
            (filter.keyWork === undefined || m.keyWork === filter.keyWork),
        )
        .map(measureView);
    },

    stations: () => c.stations.map((s) => ({ id: s.id, name: s.name, count: s.services.length })),

    station(id) {
      const s = c.stations.find((x) => x.id === id);
      if (!s) return null;
      const types: StationView['types'] = [];
      for (const svc of s.services) {
        let t = types.find((x) => x.type === svc.type);
        if (!t) types.push((t = { type: svc.type, categories: [] }));
        let cat = t.categories.find((x) => x.category === svc.category);
        if (!cat) t.categories.push((cat = { category: svc.category, services: [] }));
        cat.services.push(svc);
      }
      return { id: s.id, name: s.name, source: s.source, count: s.services.length, types };
    },

    search: (query, limit = 30) => searchCatalog((index ??= buildSearchIndex(c)), query, limit),
    requireBundle(id) {
      const b = service.bundle(id);
      if (!b) throw new Refusal('NOT_FOUND', `no bundle ${id}`);
      return b;
    },
    requireStation(id) {
      const st = service.station(id);
      if (!st) throw new Refusal('NOT_FOUND', `no station ${id}`);
      return st;
    },
  };
  return service;
}
