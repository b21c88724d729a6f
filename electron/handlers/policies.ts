// 政策找企业: the matching service decides who may ask (a verified enterprise or staff assisting one).
import type { Handlers } from '../contract';
import type { Services } from '../services/services';

export function policyHandlers(
  s: Services,
): Pick<Handlers, 'policyMatches' | 'policySheetPrint' | 'catalogMeasure'> {
  return {
    policyMatches: () => s.matching.matches(),
    policySheetPrint: ({ locale }) => s.matching.printSheet(locale),
    catalogMeasure: ({ no }) => s.matching.measure(no),
  };
}
