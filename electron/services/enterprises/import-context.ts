// What validating an import needs from the catalog: the measures a received benefit may name.
import type { Catalog } from '../../domain/catalog';
import type { ImportContext } from '../../domain/enterprise-import';

/** Longest benefit title kept (the measure's own text, cut). */
const TITLE_MAX = 200;

export function importContextOf(catalog: Pick<Catalog, 'measures'>): ImportContext {
  const byNo = new Map(catalog.measures.map((m) => [m.no, m.text]));
  return {
    measureTitle(no) {
      const t = byNo.get(no);
      return t === undefined ? null : [...t].slice(0, TITLE_MAX).join('');
    },
  };
}
