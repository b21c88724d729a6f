// The service catalog as the screens see it. The catalog does not change while the kiosk runs, so
// what has been fetched is kept; searches are not.
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import type { ArgsOf } from '../../../electron/contract';
import type {
  BoardDetail,
  BundleDetail,
  BundleGroup,
  CatalogInfo,
  MeasureView,
  SearchResult,
  StationSummary,
  StationView,
  TaskOverview,
} from '../../../electron/domain/catalog';
import { api } from '../api';
import { onSessionReset } from '../session/reset';

export type GroupBy = 'topic' | 'board';

export const useCatalogStore = defineStore('catalog', () => {
  const info = ref<CatalogInfo | null>(null);
  const groups = ref<Partial<Record<GroupBy, BundleGroup[]>>>({});
  const bundles = ref<Record<string, BundleDetail>>({});
  const boards = ref<BoardDetail[] | null>(null);
  const tasks = ref<TaskOverview[] | null>(null);
  const stations = ref<StationSummary[] | null>(null);
  const stationViews = ref<Record<string, StationView>>({});
  /** The search field's text, so "back" from a result returns to it; cleared at the attract screen. */
  const lastQuery = ref('');

  async function loadInfo(): Promise<CatalogInfo> {
    info.value ??= await api.catalogInfo();
    return info.value;
  }

  async function loadGroups(by: GroupBy): Promise<BundleGroup[]> {
    const cached = groups.value[by];
    if (cached) return cached;
    const got = await api.catalogBundles({ groupBy: by });
    groups.value = { ...groups.value, [by]: got };
    return got;
  }

  async function loadBundle(id: string): Promise<BundleDetail> {
    const cached = bundles.value[id];
    if (cached) return cached;
    const got = await api.catalogBundle({ id });
    bundles.value = { ...bundles.value, [id]: got };
    return got;
  }

  async function loadBoards(): Promise<BoardDetail[]> {
    boards.value ??= await api.catalogBoards();
    return boards.value;
  }

  async function loadTasks(): Promise<TaskOverview[]> {
    tasks.value ??= await api.catalogTasks();
    return tasks.value;
  }

  async function loadStations(): Promise<StationSummary[]> {
    stations.value ??= await api.catalogStations();
    return stations.value;
  }

  async function loadStation(id: string): Promise<StationView> {
    const cached = stationViews.value[id];
    if (cached) return cached;
    const got = await api.catalogStation({ id });
    stationViews.value = { ...stationViews.value, [id]: got };
    return got;
  }

  function measures(filter: ArgsOf<'catalogMeasures'>): Promise<MeasureView[]> {
    return api.catalogMeasures(filter);
  }

  function search(query: string, recordMiss = false): Promise<SearchResult> {
    lastQuery.value = query;
    return api.catalogSearch({ query, limit: 50, recordMiss });
  }

  // What the last visitor searched for is theirs: gone when the session ends.
  onSessionReset(() => clearSearch());

  /** Forgets what was typed: the next person must not see it. */
  function clearSearch(): void {
    lastQuery.value = '';
  }

  return {
    info: readonly(info),
    groups: readonly(groups),
    boards: readonly(boards),
    tasks: readonly(tasks),
    stations: readonly(stations),
    lastQuery: readonly(lastQuery),
    loadInfo,
    loadGroups,
    loadBundle,
    loadBoards,
    loadTasks,
    loadStations,
    loadStation,
    measures,
    search,
    clearSearch,
  };
});
