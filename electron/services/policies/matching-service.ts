// 政策找企业 for whoever is at the screen. Matching reads a profile, so it is only for a verified
// enterprise (a signed code) or staff assisting one; the public audience (a static code is only a
// lookup key) gets NOT_VERIFIED. A measure's own page is public catalog text.
import type { Locale, LocalizedText } from '../../domain/app';
import type { MeasureDetail, PolicyMatchResult } from '../../domain/policy-match';
import { policySheetOf, type PrintOutcome } from '../../domain/printing';
import { Refusal } from '../../refusal';
import type { CatalogService } from '../catalog/catalog-service';
import type { EnterpriseService } from '../enterprises/enterprise-service';
import type { Logger } from '../logger';
import type { PrintService } from '../printing/print-service';
import type { SessionService } from '../session';
import type { PolicyService } from './policy-service';

export interface MatchingService {
  /** The matches for the enterprise identified at the screen. */
  matches(): PolicyMatchResult;
  /**
   * Prints the same enterprise's policy sheet (A4) the way a receipt is printed; the same rule as
   * `matches()` says who may.
   */
  printSheet(locale: Locale): Promise<PrintOutcome>;
  /** One measure, or a NOT_FOUND refusal. */
  measure(no: number): MeasureDetail;
}

export function createMatchingService(d: {
  policies: PolicyService;
  session: SessionService;
  enterprises: EnterpriseService;
  catalog: CatalogService;
  printing: PrintService;
  centerName: LocalizedText;
  log: Logger;
  now: () => Date;
}): MatchingService {
  const service: MatchingService = {
    matches() {
      const st = d.session.state();
      const verifiedEnterprise = st.audience === 'enterprise' && st.enterprise?.verified === true;
      // hasAccess refreshes the guide's idle clock: assisting counts as staff activity.
      const staffAssisting = st.staff !== null && d.session.hasAccess('staff');
      if (!st.enterprise || !(verifiedEnterprise || staffAssisting))
        throw new Refusal(
          'NOT_VERIFIED',
          'policy matching is for a verified enterprise or staff assisting one',
        );
      const record = d.enterprises.find(st.enterprise.uscc);
      if (!record) throw new Refusal('NO_PROFILE', 'no profile on this kiosk for the enterprise');
      const result = d.policies.match(record, d.now());
      d.log.info('policies.matched', {
        by: staffAssisting ? 'staff' : 'enterprise',
        measures: result.measures.length,
        unclaimed: result.unclaimed.length,
      });
      return result;
    },
    printSheet(locale) {
      const info = d.catalog.info();
      return d.printing.print({
        document: 'policy-sheet',
        sheet: policySheetOf(service.matches(), {
          centerName: d.centerName,
          catalog: { version: info.version, shortHash: info.shortHash },
        }),
        locale,
        heightMm: null,
      });
    },
    measure(no) {
      const m = d.policies.measure(no);
      if (!m) throw new Refusal('NOT_FOUND', `no measure ${no}`);
      return m;
    },
  };
  return service;
}
