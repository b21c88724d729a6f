// Where a request goes: its board, module, lead departments and station, from the catalog's
// routing. One source for the kiosk (which prints it on the receipt) and the back office (which
// recomputes it from its own catalog to put the request in the right queue). Node-free.
import type { Board, BoardId, Bundle, Measure } from './catalog';
import { consultationTitle, type RoutingView } from './request';
import type { AppealCategoryView } from './voice';

export interface RequestRouting extends RoutingView {
  /** The 地信小镇 station that serves the bundle, if any. */
  station: string | null;
}

/** A bundle's request: the bundle's own routing (the center's setting) under its board's name. */
export function bundleRouting(
  bundle: Pick<Bundle, 'guidance'>,
  board: Pick<Board, 'fullName'>,
): RequestRouting {
  const r = bundle.guidance.routing;
  return {
    board: r.board,
    boardName: board.fullName,
    module: r.module,
    leadDepartments: [...r.leadDepartments],
    station: r.station,
  };
}

export type ConsultationRouting =
  | { ok: true; routing: RequestRouting; title: string; measure: Measure | null }
  | { ok: false; missing: 'subject' | 'measure' | 'board' };

/**
 * A one-step policy consultation: a measure's board and lead department, or a board's own leads
 * (应享未享 goes to the policy board).
 */
export function consultationRouting(
  catalog: { boards: readonly Pick<Board, 'id' | 'fullName' | 'leadDepartments'>[] } & {
    measures: readonly Measure[];
  },
  measureNo: number | null,
  boardId: BoardId | null,
): ConsultationRouting {
  if (measureNo === null && boardId === null) return { ok: false, missing: 'subject' };
  const measure = measureNo === null ? null : catalog.measures.find((m) => m.no === measureNo);
  if (measure === undefined) return { ok: false, missing: 'measure' };
  const id: BoardId = boardId ?? measure?.board ?? 'policy';
  const board = catalog.boards.find((b) => b.id === id);
  if (!board) return { ok: false, missing: 'board' };
  const leads = measure ? [measure.leadDepartment] : [...board.leadDepartments];
  return {
    ok: true,
    measure,
    title: consultationTitle(measure?.no ?? null, board.fullName),
    routing: {
      board: board.id,
      boardName: board.fullName,
      module: null,
      leadDepartments: leads,
      station: null,
    },
  };
}

/** A 诉求 (兜底办): its category's board and lead departments (never empty: else the center). */
export function appealRouting(
  category: Pick<AppealCategoryView, 'board' | 'boardName' | 'leadDepartments'>,
): RequestRouting {
  return {
    board: category.board,
    boardName: category.boardName,
    module: null,
    leadDepartments: [...category.leadDepartments],
    station: null,
  };
}
