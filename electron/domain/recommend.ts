// Which 一类事 to offer first, and why, from what the kiosk may show of the enterprise (its
// profile for a verified enterprise or staff; public registration facts otherwise). Each
// recommendation carries one reason the screen says in plain words ("因为贵企业的标签是「外贸」").
// The center's own guidance, not the document's: the rules below are the whole of it. Node-free.
import type { BundleSummary } from './catalog';
import type { EnterpriseView } from './enterprise';

export type ReasonKind = 'founder' | 'status' | 'tag' | 'industry' | 'scope' | 'entity';

export interface RecommendationReason {
  kind: ReasonKind;
  /** The profile's words that triggered it (a tag, the industry, words of the scope); '' if none. */
  value: string;
}

export interface Recommendation {
  bundleId: string;
  name: string;
  reason: RecommendationReason;
}

interface Facts {
  status: string | null;
  tags: string[];
  industry: string;
  scope: string;
  entityType: string;
}

interface Rule {
  kind: ReasonKind;
  /** The words that justify the rule for these facts, or null when it does not apply. */
  test(f: Facts): string | null;
  bundles: string[];
}

const tag =
  (...names: string[]) =>
  (f: Facts) =>
    names.find((n) => f.tags.includes(n)) ?? null;
const words = (field: 'industry' | 'scope', re: RegExp) => (f: Facts) =>
  re.exec(f[field])?.[0] ?? null;

const DIXIN = [
  'dixin-business-startup',
  'dixin-rnd-testing',
  'dixin-policy-fulfilment',
  'dixin-surveying-approvals',
  'dixin-talent-services',
];

/** In priority order: the first reason found for a bundle is the one shown. */
const RULES: Rule[] = [
  {
    kind: 'status',
    test: (f) => (f.status === 'deregistering' ? 'deregistering' : null),
    bundles: ['business-deregistration', 'employment-termination', 'taxation'],
  },
  { kind: 'tag', test: tag('地理信息'), bundles: DIXIN },
  { kind: 'tag', test: tag('车联网'), bundles: ['iov-testing-services'] },
  {
    kind: 'tag',
    test: tag('外贸', '跨境电商'),
    bundles: ['cross-border-goods-trade', 'cross-border-services-trade'],
  },
  {
    kind: 'tag',
    test: tag('新设企业'),
    bundles: ['employee-hiring', 'taxation', 'premises-lease'],
  },
  { kind: 'tag', test: tag('个体工商户'), bundles: ['business-startup', 'market-access-permits'] },
  {
    kind: 'entity',
    test: (f) => (/个体/.test(f.entityType) ? f.entityType : null),
    bundles: ['business-startup'],
  },
  // From the business scope (all a public code shows), after what the profile says outright.
  { kind: 'scope', test: words('scope', /地理信息|测绘|遥感/), bundles: DIXIN },
  {
    kind: 'scope',
    test: words('scope', /车联网|智能网联|自动驾驶/),
    bundles: ['iov-testing-services'],
  },
  {
    kind: 'scope',
    test: words('scope', /货物进出口|技术进出口|进出口/),
    bundles: ['cross-border-goods-trade'],
  },
  { kind: 'tag', test: tag('拟上市'), bundles: ['public-listing'] },
  {
    kind: 'tag',
    test: tag('高新技术企业', '科技型中小企业', '专精特新'),
    bundles: ['intellectual-property', 'venture-capital'],
  },
  {
    kind: 'industry',
    test: words('industry', /餐饮|住宿|零售|食品/),
    bundles: ['market-access-permits'],
  },
  { kind: 'tag', test: tag('民宿'), bundles: ['market-access-permits'] },
  {
    kind: 'industry',
    test: words('industry', /制造/),
    bundles: ['project-construction-start', 'utility-connections'],
  },
  { kind: 'tag', test: tag('小微企业'), bundles: ['commercial-loans', 'commercial-guarantees'] },
  { kind: 'tag', test: tag('高层次人才'), bundles: ['employee-hiring'] },
];

export const MAX_RECOMMENDATIONS = 6;

/**
 * Recommendations for who is at the screen. `profile` null and `founder` true: someone starting
 * a company (企业开办). Bundles not in `bundles` (an override catalog without them) are skipped.
 */
export function recommendBundles(
  profile: EnterpriseView | null,
  bundles: readonly Pick<BundleSummary, 'id' | 'name'>[],
  opts: { founder?: boolean; max?: number } = {},
): Recommendation[] {
  const byId = new Map(bundles.map((b) => [b.id, b]));
  const out: Recommendation[] = [];
  const add = (id: string, reason: RecommendationReason) => {
    const b = byId.get(id);
    if (!b || out.some((r) => r.bundleId === id)) return;
    out.push({ bundleId: id, name: b.name, reason });
  };
  if (!profile) {
    if (opts.founder) add('business-startup', { kind: 'founder', value: '' });
    return out.slice(0, opts.max ?? MAX_RECOMMENDATIONS);
  }
  if (profile.facts.status === 'deregistered') return [];
  const facts: Facts = {
    status: profile.facts.status,
    tags: profile.level === 'full' ? profile.detail.tags : [],
    industry: profile.level === 'full' ? profile.detail.industry : '',
    scope: profile.facts.businessScopeSummary,
    entityType: profile.facts.entityType,
  };
  for (const rule of RULES) {
    const value = rule.test(facts);
    if (value === null) continue;
    for (const id of rule.bundles) add(id, { kind: rule.kind, value });
  }
  return out.slice(0, opts.max ?? MAX_RECOMMENDATIONS);
}
