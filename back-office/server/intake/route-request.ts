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
import type { RequestBody } from '../../../electron/protocol/wire';
import type { CenterRules } from './center-rules';

export interface RoutedRequest {
  routing: RequestRouting;
  routedBy: 'catalog' | 'kiosk';
  /** The queue's department: the first lead department, else the center. */
  department: string;
  promise: FeedbackPromise;
}

function ours(
  body: RequestBody,
  rules: CenterRules,
): { routing: RequestRouting; days: number } | null {
  const { catalog } = rules;
  if (body.kind === 'bundle') {
    const bundle = body.bundleId ? catalog.bundle(body.bundleId) : null;
    return bundle
      ? { routing: bundleRouting(bundle, bundle.board), days: bundle.feedbackDays }
      : null;
  }
  if (body.kind === 'consultation') {
    const routed = consultationRouting(
      { boards: catalog.boards(), measures: catalog.loaded.catalog.measures },
      body.measureNo,
      body.routing.board,
    );
    return routed.ok ? { routing: routed.routing, days: rules.defaultFeedbackDays } : null;
  }
  const category = body.appeal ? appealCategory(body.appeal.category, catalog.boards()) : null;
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
