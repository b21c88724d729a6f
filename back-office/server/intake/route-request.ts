// Puts a request in its queue: its board and lead departments recomputed from this back office's
// catalog (the routing code the kiosk uses), and its promised date recomputed by the same
// working-day calendar from the moment the kiosk took it. A bundle or category this catalog does
// not know (a kiosk on a newer catalog) keeps the kiosk's own routing and promised days, marked
// `routed_by = 'kiosk'`: the request is never refused for it.
import { CENTER_DEPARTMENT } from '../../../electron/domain/departments';
import {
  appealRouting,
  bundleRouting,
  consultationRouting,
  type RequestRouting,
} from '../../../electron/domain/request-routing';
import { appealCategory } from '../../../electron/domain/voice';
import type { FeedbackPromise } from '../../../electron/services/calendar/center-hours';
import type { CatalogService } from '../../../electron/services/catalog/catalog-service';
import type { RequestBody } from '../../../electron/protocol/wire';
import type { CenterRules } from './center-rules';

export interface RoutedRequest {
  routing: RequestRouting;
  routedBy: 'catalog' | 'kiosk';
  /** The queue's department: the first lead department, else the center. */
  department: string;
  promise: FeedbackPromise;
}

type Views = {
  boards: ReturnType<CatalogService['boards']>;
  bundles: Map<string, NonNullable<ReturnType<CatalogService['bundle']>>>;
};

/**
 * What routing reads of the catalog, kept per loaded catalog (a new one, if the catalog were
 * replaced, starts afresh): the catalog's views build these anew at every call, counting each
 * board's measures and bundles, which was a good part of routing a request. Only read here.
 */
const viewsOf = new WeakMap<object, Views>();

function views(catalog: CatalogService): Views {
  let v = viewsOf.get(catalog.loaded);
  if (!v) {
    v = { boards: catalog.boards(), bundles: new Map() };
    viewsOf.set(catalog.loaded, v);
  }
  return v;
}

/** The catalog's bundle; only bundles it has are kept, so what kiosks send cannot grow this. */
function bundleOf(catalog: CatalogService, id: string) {
  const { bundles } = views(catalog);
  let bundle = bundles.get(id) ?? null;
  if (!bundle) {
    bundle = catalog.bundle(id);
    if (bundle) bundles.set(id, bundle);
  }
  return bundle;
}

function ours(
  body: RequestBody,
  rules: CenterRules,
): { routing: RequestRouting; days: number } | null {
  const { catalog } = rules;
  if (body.kind === 'bundle') {
    const bundle = body.bundleId ? bundleOf(catalog, body.bundleId) : null;
    return bundle
      ? { routing: bundleRouting(bundle, bundle.board), days: bundle.feedbackDays }
      : null;
  }
  if (body.kind === 'consultation') {
    const routed = consultationRouting(
      { boards: views(catalog).boards, measures: catalog.loaded.catalog.measures },
      body.measureNo,
      body.routing.board,
    );
    return routed.ok ? { routing: routed.routing, days: rules.defaultFeedbackDays } : null;
  }
  const category = body.appeal ? appealCategory(body.appeal.category, views(catalog).boards) : null;
  return category ? { routing: appealRouting(category), days: rules.appealResponseDays } : null;
}

export function routeRequest(body: RequestBody, rules: CenterRules): RoutedRequest {
  const mine = ours(body, rules);
  const routing: RequestRouting = mine?.routing ?? {
    board: body.routing.board,
    boardName: body.routing.boardName,
    module: body.routing.module,
    leadDepartments: [...body.routing.leadDepartments],
    station: body.routing.station ?? null,
  };
  const days = mine?.days ?? body.promise.workingDays;
  return {
    routing,
    routedBy: mine ? 'catalog' : 'kiosk',
    department: routing.leadDepartments[0] ?? CENTER_DEPARTMENT,
    promise: rules.hours.promise(new Date(body.createdAt), days),
  };
}
