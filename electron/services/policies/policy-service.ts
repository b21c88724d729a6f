// 政策找企业 for the matching service and kioskctl: the matcher (domain/policy-match.ts) over the
// catalog the kiosk runs on and a stored profile, and one measure's own view. Who may ask is the
// matching service's business (matching-service.ts): this module answers for any code it is given.
import type { BoardId } from '../../domain/catalog';
import type { EnterpriseRecord } from '../../domain/enterprise';
import { splitServiceMode } from '../../domain/facets';
import { dayIn } from '../../domain/enterprise-traits';
import {
  matchPolicies,
  type MeasureDetail,
  type PolicyMatchResult,
} from '../../domain/policy-match';
import type { CatalogService } from '../catalog/catalog-service';

export interface PolicyService {
  /** The ranked matches for a profile; `at` is counted in the center's time zone. */
  match(record: EnterpriseRecord, at: Date): PolicyMatchResult;
  /** One measure with its channels and board; null when there is no such number. */
  measure(no: number): MeasureDetail | null;
}

export function createPolicyService(deps: {
  catalog: CatalogService;
  timeZone: string;
}): PolicyService {
  // Read per call: a content bundle may replace the catalog while the kiosk runs.
  const catalog = () => deps.catalog.loaded.catalog;
  return {
    match: (record, at) => matchPolicies(catalog(), record, { today: dayIn(at, deps.timeZone) }),
    measure(no) {
      const view = deps.catalog.measures({}).find((m) => m.no === no);
      if (!view) return null;
      const board: BoardId | null = view.board;
      const b = board ? catalog().boards.find((x) => x.id === board) : undefined;
      return {
        ...view,
        channels: splitServiceMode(view.serviceMode),
        boardDetail: b
          ? {
              id: b.id,
              name: b.name,
              fullName: b.fullName,
              en: b.en,
              leadDepartments: b.leadDepartments,
              leadNote: b.leadNote ?? null,
            }
          : null,
      };
    },
  };
}
