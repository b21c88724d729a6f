// What the kiosk knows an enterprise is: its traits (the audiences the catalog's facets name: a
// high-tech enterprise, a trader, a homestay …) and its stage of life, each with the fact it comes
// from, read from a verified profile or from the public registration facts alone. The matcher
// (policy-match.ts) holds these against the catalog; nothing here knows the catalog. Node-free.
import type {
  EnterpriseRecord,
  EnterpriseSize,
  EnterpriseStatus,
  EnterpriseView,
  EntityKind,
} from './enterprise';
import type { Bilingual, StageId, TargetId } from './facets';

/** What the matcher reads of a stored profile. */
export type MatchProfile = Pick<
  EnterpriseRecord,
  | 'uscc'
  | 'name'
  | 'entityType'
  | 'entityKind'
  | 'foreignInvested'
  | 'status'
  | 'registeredOn'
  | 'businessScope'
  | 'industry'
  | 'size'
  | 'tags'
  | 'benefitsReceived'
>;

/**
 * What the matcher reads of an enterprise, whatever the kiosk may show of it: a profile for a
 * verified enterprise or staff, or only the public registration facts (then no kind, industry, size
 * or tags: the entity type and the business scope are all there is to go on).
 */
export interface MatchSubject {
  status: EnterpriseStatus;
  registeredOn: string | null;
  entityType: string;
  entityKind: EntityKind | null;
  businessScope: string;
  industry: string;
  size: EnterpriseSize | null;
  tags: readonly string[];
}

export const subjectOfProfile = (p: MatchProfile): MatchSubject => ({
  status: p.status,
  registeredOn: p.registeredOn,
  entityType: p.entityType,
  entityKind: p.entityKind,
  businessScope: p.businessScope,
  industry: p.industry,
  size: p.size,
  tags: p.tags,
});

export const subjectOfView = (v: EnterpriseView): MatchSubject => ({
  status: v.facts.status,
  registeredOn: v.facts.registeredOn,
  entityType: v.facts.entityType,
  entityKind: v.level === 'full' ? v.detail.entityKind : null,
  businessScope: v.facts.businessScopeSummary,
  industry: v.level === 'full' ? v.detail.industry : '',
  size: v.level === 'full' ? v.detail.size : null,
  tags: v.level === 'full' ? v.detail.tags : [],
});

/**
 * How the kiosk knows a trait or a stage: which fact of the enterprise says it, in that fact's
 * words. `founder`: nobody identified, someone starting a company said so at the screen.
 */
export interface TraitSource {
  fact: 'tag' | 'entity' | 'industry' | 'scope' | 'size' | 'registered' | 'status' | 'founder';
  /** The tag, the entity type, the industry, the scope's words, the size, the date, the status. */
  value: string;
}

/** A fact about the enterprise that a facet can match, with how the kiosk knows it. */
export interface Trait extends Bilingual {
  id: TargetId;
  source: TraitSource;
}

const SIZE_ZH = { micro: '微型企业', small: '小型企业', medium: '中型企业', large: '大型企业' };
const SIZE_EN = { micro: 'a micro', small: 'a small', medium: 'a medium-sized', large: 'a large' };

/** Whole years from `from` to `to` (YYYY-MM-DD). */
export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let years = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) years--;
  return years;
}

/** YYYY-MM-DD of `at` in `timeZone` (the center's day: start-up age is counted to it). */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

// Words of a business scope or an industry that say what a tag would say. A public code shows
// only the registration facts, so these are all the menu has to go on for the public.
const SCOPE_WORDS: Partial<Record<TargetId, RegExp>> = {
  geo: /地理信息|测绘|遥感/,
  iov: /车联网|智能网联|自动驾驶/,
  trade: /货物进出口|技术进出口|进出口/,
};
const FOOD_RETAIL_WORDS = /餐饮|住宿|零售|食品/;

/** What a profile's tags and facts say it is, each with how the kiosk knows it. */
export function profileTraits(p: MatchProfile, today: string): Trait[] {
  return traitsOf(subjectOfProfile(p), today);
}

/**
 * What an enterprise's facts say it is, each with the fact it comes from. What a profile says
 * outright (a tag, the size, the industry) comes first; a word of the business scope stands in
 * for a missing tag only, and counts for less when ranking (`sourceWeight`).
 */
export function traitsOf(p: MatchSubject, today: string): Trait[] {
  const tags = new Set(p.tags);
  const out: Trait[] = [];
  const add = (id: TargetId, zh: string, en: string, source: TraitSource) =>
    out.push({ id, zh, en, source });
  const tag = (value: string): TraitSource => ({ fact: 'tag', value });
  const firstTag = (...names: string[]) => names.find((n) => tags.has(n));
  const size = (s: EnterpriseSize): TraitSource => ({ fact: 'size', value: s });
  const individual =
    p.entityKind === 'individual' || tags.has('个体工商户') || /个体/.test(p.entityType);
  if (individual)
    add(
      'individual',
      '您是个体工商户',
      'you run an individual business',
      tags.has('个体工商户') ? tag('个体工商户') : { fact: 'entity', value: p.entityType },
    );
  // An unknown size (an imported profile without one) says nothing: only the tag speaks.
  if (!individual && p.size === null && tags.has('小微企业'))
    add('sme', '贵企业是小微企业', 'your company is a small business', tag('小微企业'));
  else if (!individual && p.size !== null && (p.size !== 'large' || tags.has('小微企业'))) {
    if (p.size === 'large')
      add('sme', '贵企业是小微企业', 'your company is a small business', tag('小微企业'));
    else
      add(
        'sme',
        `贵企业是${SIZE_ZH[p.size]}`,
        `your company is ${SIZE_EN[p.size]} enterprise (an SME)`,
        size(p.size),
      );
  }
  if (!individual && (p.size === 'micro' || p.size === 'small' || tags.has('小微企业')))
    add(
      'small-micro',
      p.size === 'micro' || p.size === 'small' ? `贵企业是${SIZE_ZH[p.size]}` : '贵企业是小微企业',
      p.size === 'micro' || p.size === 'small'
        ? `your company is ${SIZE_EN[p.size]} enterprise`
        : 'your company is a small business',
      p.size === 'micro' || p.size === 'small' ? size(p.size) : tag('小微企业'),
    );
  const listed = firstTag('上市公司', '上市');
  if (listed) add('listing', '贵企业是上市公司', 'your company is listed', tag(listed));
  else if (tags.has('拟上市'))
    add('listing', '贵企业正在准备上市', 'your company is preparing to list', tag('拟上市'));
  if (tags.has('高新技术企业'))
    add(
      'high-tech',
      '贵企业是国家高新技术企业',
      'your company is a national high-tech enterprise',
      tag('高新技术企业'),
    );
  if (tags.has('科技型中小企业'))
    add(
      'tech',
      '贵企业是科技型中小企业',
      'your company is a technology-based SME',
      tag('科技型中小企业'),
    );
  else if (tags.has('高新技术企业'))
    add(
      'tech',
      '贵企业是国家高新技术企业',
      'your company is a national high-tech enterprise',
      tag('高新技术企业'),
    );
  if (tags.has('专精特新'))
    add(
      'specialized',
      '贵企业是专精特新企业',
      'your company is a specialised and innovative (专精特新) enterprise',
      tag('专精特新'),
    );
  if (tags.has('外贸')) add('trade', '贵企业从事外贸', 'your company trades abroad', tag('外贸'));
  else if (tags.has('跨境电商'))
    add('trade', '贵企业从事跨境电商', 'your company sells across borders', tag('跨境电商'));
  if (tags.has('平台企业'))
    add('platform', '贵企业是平台企业', 'your company runs a platform', tag('平台企业'));
  if (tags.has('民宿') || p.industry.includes('住宿'))
    add(
      'homestay',
      '您经营民宿',
      'you run a homestay (民宿)',
      tags.has('民宿') ? tag('民宿') : { fact: 'industry', value: p.industry },
    );
  if (tags.has('地理信息'))
    add(
      'geo',
      '贵企业属于地理信息产业',
      'your company is in the geographic information industry',
      tag('地理信息'),
    );
  if (tags.has('车联网'))
    add(
      'iov',
      '贵企业属于车联网产业',
      'your company is in the connected-vehicle industry',
      tag('车联网'),
    );
  if (tags.has('高层次人才'))
    add(
      'talent',
      '贵企业有高层次人才',
      'your company employs high-level talent',
      tag('高层次人才'),
    );
  if (p.industry.includes('制造') || tags.has('高端装备'))
    add(
      'manufacturing',
      '贵企业属于制造业',
      'your company is a manufacturer',
      p.industry.includes('制造') ? { fact: 'industry', value: p.industry } : tag('高端装备'),
    );
  const young = p.registeredOn !== null && yearsBetween(p.registeredOn, today) < 3;
  if (tags.has('新设企业') || young)
    add(
      'startup',
      '贵企业成立不满三年',
      'your company is less than three years old',
      tags.has('新设企业') ? tag('新设企业') : { fact: 'registered', value: p.registeredOn ?? '' },
    );
  if (tags.has('生物医药'))
    add('biomedicine', '贵企业属于生物医药产业', 'your company is in biomedicine', tag('生物医药'));
  // An individual business's licences come with being one (the individual trait says so).
  const trade = FOOD_RETAIL_WORDS.exec(p.industry)?.[0];
  if (!individual && trade)
    add(
      'food-retail',
      `贵企业从事${trade}`,
      'your company is in catering, lodging, retail or food',
      { fact: 'industry', value: p.industry },
    );
  for (const [id, re] of Object.entries(SCOPE_WORDS) as [TargetId, RegExp][]) {
    const words = re.exec(p.businessScope)?.[0];
    if (words && !out.some((t) => t.id === id))
      add(id, `贵企业经营范围包含“${words}”`, `your business scope includes “${words}”`, {
        fact: 'scope',
        value: words,
      });
  }
  return out;
}

/** A business scope's words suggest; a profile's own facts say. */
export const sourceWeight = (s: TraitSource): number => (s.fact === 'scope' ? 0.5 : 1);

/** The enterprise's stage of life, with the fact that shows it. */
export interface Stage {
  id: StageId;
  source: TraitSource | null;
}

/** The enterprise's stage of life as the profile shows it. */
export function profileStage(p: MatchProfile, today: string): StageId {
  return stageOf(subjectOfProfile(p), today).id;
}

export function stageOf(p: MatchSubject, today: string): Stage {
  if (p.status !== 'operating') return { id: 'exit', source: { fact: 'status', value: p.status } };
  if (p.tags.includes('新设企业'))
    return { id: 'opening', source: { fact: 'tag', value: '新设企业' } };
  if (p.registeredOn !== null && yearsBetween(p.registeredOn, today) < 1)
    return { id: 'opening', source: { fact: 'registered', value: p.registeredOn } };
  return { id: 'operation', source: null };
}
