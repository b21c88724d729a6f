// 政策找企业. Matching reads a profile, so it is only for a verified enterprise (a signed code) or
// staff assisting one; the public audience (a static code is only a lookup key) gets NOT_VERIFIED.
// A measure's own page is public catalog text.
import type { Handlers } from '../contract';
import { CallError } from '../domain/call';
import { policySheetOf } from '../domain/printing';
import type { Services } from '../services/kiosk-services';

export function policyHandlers(
  s: Services,
): Pick<Handlers, 'policyMatches' | 'policySheetPrint' | 'catalogMeasure'> {
  const matches = () => {
    const st = s.session.state();
    const verifiedEnterprise = st.audience === 'enterprise' && st.enterprise?.verified === true;
    // hasAccess refreshes the guide's idle clock: assisting counts as staff activity.
    const staffAssisting = st.staff !== null && s.session.hasAccess('staff');
    if (!st.enterprise || !(verifiedEnterprise || staffAssisting))
      throw new CallError(
        'NOT_VERIFIED',
        'policy matching is for a verified enterprise or staff assisting one',
      );
    const record = s.enterprises.find(st.enterprise.uscc);
    if (!record) throw new CallError('NO_PROFILE', 'no profile on this kiosk for the enterprise');
    const result = s.policies.match(record, s.now());
    s.log.info('policies.matched', {
      by: staffAssisting ? 'staff' : 'enterprise',
      measures: result.measures.length,
      unclaimed: result.unclaimed.length,
    });
    return result;
  };
  return {
    policyMatches: matches,
    policySheetPrint: ({ locale }) => {
      const info = s.catalog.info();
      return s.printing.print({
        document: 'policy-sheet',
        sheet: policySheetOf(matches(), {
          centerName: s.config.centerName,
          catalog: { version: info.version, shortHash: info.shortHash },
        }),
        locale,
        heightMm: null,
      });
    },
    catalogMeasure: ({ no }) => {
      const m = s.policies.measure(no);
      if (!m) throw new CallError('NOT_FOUND', `no measure ${no}`);
      return m;
    },
  };
}
