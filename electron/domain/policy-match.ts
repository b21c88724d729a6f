// The one matcher of enterprises to what the catalog offers, for 政策找企业 and for the menu.
// An enterprise's facts (a profile's tags and facts, or only the public registration facts) give
// its traits and its stage, each with the fact it comes from (enterprise-traits.ts); the facets
// of the measures, the station services and the bundles say whom they are for. 政策找企业 (`matchPolicies`) ranks the
// measures, bundles and station services for a verified profile, each with its reasons in plain
// words in both languages ("因为贵企业是国家高新技术企业" / "Because your company is a national
// high-tech enterprise"), and 应享未享: a 免申即享 measure the enterprise qualifies for but has not
// received (its profile's `benefitsReceived`). The menu (`recommendBundles`) ranks the bundles to
// offer first by the same traits, stage and facets, and says the enterprise's side of the same
// reasons. Pure and Node-free: the services, kioskctl, the renderer and the tests run it.
//
// Rules, in short:
//   - a measure that is not offered to enterprises (internal work, enforcement) never matches;
//   - its targets must match (one of them, or all for `targetMatch: 'all'`); a measure without
//     targets is open to every enterprise and is listed only when it is 免申即享, or when it is for
//     the enterprise's own stage (a new enterprise and 开办);
//   - an enterprise being deregistered sees only what is for 退出; a deregistered one sees nothing;
//   - ranked by how specific the reasons are, 应享未享 first, then by measure number;
//   - a word of the business scope stands in for a missing tag (地理信息, 车联网, 外贸), at half the
//     weight of what a profile says outright;
//   - the menu also counts whom a bundle's services are for (`alsoFor`), at half weight.
import type { Board, BoardId, Bundle, Catalog, Measure, MeasureView, Station } from './catalog';
import type { BenefitReceived, EnterpriseView } from './enterprise';
import {
  sourceWeight,
  stageOf,
  subjectOfProfile,
  subjectOfView,
  traitsOf,
  type MatchProfile,
  type Stage,
  type Trait,
  type TraitSource,
} from './enterprise-traits';
import {
  splitServiceMode,
  type Bilingual,
  type BundleFacets,
  type DeliveryId,
  type StageId,
  type TargetId,
} from './facets';

export type MatchCatalog = Pick<Catalog, 'measures' | 'boards' | 'bundles' | 'stations'>;

/**
 * Why something is offered. The catalog's side is `basis` (the record's words the facet rests
 * on); the enterprise's side is `source` (the fact of the profile that matched). `zh`/`en` say
 * both at once for the policy screens; the menu says the enterprise's side from `source`.
 */
export interface MatchReason {
  kind: 'target' | 'stage' | 'open-to-all' | 'unclaimed';
  target?: TargetId;
  /** The words of the record that the reason rests on. */
  basis?: string;
  /** The enterprise's fact it rests on (target and stage reasons). */
  source?: TraitSource;
  zh: string;
  en: string;
}

export interface MeasureMatch {
  no: number;
  text: string;
  leadDepartment: string;
  serviceMode: string | null;
  board: BoardId | null;
  boardName: string | null;
  delivery: DeliveryId;
  /** 免申即享. */
  noApplication: boolean;
  /** The profile's record of receiving it (免申即享 measures). */
  received: BenefitReceived | null;
  /** 应享未享: 免申即享, qualifies, and no record of receiving it. */
  unclaimed: boolean;
  score: number;
  reasons: MatchReason[];
}

export interface BundleMatch {
  id: string;
  name: string;
  kind: Bundle['kind'];
  board: BoardId;
  boardName: string;
  score: number;
  reasons: MatchReason[];
}

export interface StationMatch {
  id: string;
  name: string;
  services: { no: number; name: string; category: string; delivery: DeliveryId }[];
  reasons: MatchReason[];
}

export interface PolicyMatchResult {
  uscc: string;
  name: string;
  /** YYYY-MM-DD the matching was done for (start-up age is counted to it). */
  today: string;
  /** The enterprise's stage as the kiosk reads it from the profile. */
  stage: StageId;
  traits: Trait[];
  measures: MeasureMatch[];
  /** Measure numbers of 应享未享, in rank order. */
  unclaimed: number[];
  bundles: BundleMatch[];
  stations: StationMatch[];
  counts: {
    measures: number;
    notOffered: number;
    /** Offered to every enterprise but not listed (no specific reason): browse them by board. */
    openToAll: number;
  };
}

/** How much a matching target says about fit: the narrower the audience, the higher. */
const WEIGHT: Record<TargetId, number> = {
  geo: 10,
  iov: 10,
  'high-tech': 10,
  talent: 9,
  homestay: 10,
  platform: 10,
  individual: 10,
  listing: 10,
  specialized: 9,
  biomedicine: 9,
  startup: 9,
  trade: 8,
  tech: 7,
  manufacturing: 6,
  sme: 5,
  'small-micro': 6,
  'food-retail': 6,
};
const DELIVERY_WEIGHT: Record<DeliveryId, number> = {
  'no-application': 6,
  application: 3,
  service: 1,
};

const targetReason = (t: Trait, basis: string): MatchReason => ({
  kind: 'target',
  target: t.id,
  basis,
  source: t.source,
  zh: `因为${t.zh}（原文：“${basis}”）`,
  en: `Because ${t.en} (the text says “${basis}”)`,
});

const STAGE_REASON: Partial<Record<StageId, Bilingual>> = {
  opening: { zh: '贵企业刚刚成立，正处于开办阶段', en: 'your company has just been set up' },
  exit: { zh: '贵企业正在办理注销', en: 'your company is being deregistered' },
};

function stageReason(stage: Stage, basis: string): MatchReason {
  const s = STAGE_REASON[stage.id] as Bilingual;
  return {
    kind: 'stage',
    basis,
    ...(stage.source ? { source: stage.source } : {}),
    zh: `因为${s.zh}（原文：“${basis}”）`,
    en: `Because ${s.en} (the text says “${basis}”)`,
  };
}

interface Facetted {
  targets: { id: TargetId; basis: string }[];
  targetMatch?: 'any' | 'all';
  stages: { id: StageId; basis: string }[];
  /** Bundles only: who one of its services is for (it stays open to everyone). */
  alsoFor?: { id: TargetId; basis: string }[];
}

/**
 * The target and stage reasons for one record, or null when it does not fit. `alsoFor`: count
 * what a bundle's services are for, besides whom the bundle as a whole is for (the menu's
 * ordering), at half the weight: the rest of the bundle is for anyone.
 */
function fit(
  f: Facetted,
  traits: Map<TargetId, Trait>,
  stage: Stage,
  opts: { alsoFor?: boolean } = {},
): { reasons: MatchReason[]; score: number; specific: boolean } | null {
  if (stage.id === 'exit') {
    const exit = f.stages.find((s) => s.id === 'exit');
    return exit ? { reasons: [stageReason(stage, exit.basis)], score: 10, specific: true } : null;
  }
  const matched = f.targets.filter((t) => traits.has(t.id));
  const targetsOk =
    f.targets.length === 0 ||
    (f.targetMatch === 'all' ? matched.length === f.targets.length : matched.length > 0);
  if (!targetsOk) return null;
  const reasons: MatchReason[] = [];
  let score = 0;
  const seen = new Set<TargetId>();
  for (const t of matched) {
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    const trait = traits.get(t.id) as Trait;
    reasons.push(targetReason(trait, t.basis));
    score += WEIGHT[t.id] * sourceWeight(trait.source);
  }
  const opening = stage.id === 'opening' ? f.stages.find((s) => s.id === 'opening') : undefined;
  if (opening) {
    reasons.push(stageReason(stage, opening.basis));
    score += 6;
  }
  if (opts.alsoFor) {
    // The best of them only: a bundle with a service for each of several traits is still one
    // bundle for anyone, not more theirs than one named for them. A service for a trait the
    // bundle is already named for only breaks ties (跨境货物贸易 before 跨境服务贸易 for a trader).
    let best = 0;
    for (const u of f.alsoFor ?? []) {
      const trait = traits.get(u.id);
      if (!trait) continue;
      reasons.push(targetReason(trait, u.basis));
      const weight = seen.has(u.id) ? 1 : WEIGHT[u.id] / 2;
      best = Math.max(best, weight * sourceWeight(trait.source));
    }
    score += best;
  }
  return { reasons, score, specific: reasons.length > 0 };
}

/** Bundles that fit, best first; ties keep the catalog's order. */
function fitBundles<B extends { facets?: BundleFacets | null }>(
  bundles: readonly B[],
  traits: Map<TargetId, Trait>,
  stage: Stage,
  opts: { alsoFor?: boolean },
): { bundle: B; score: number; reasons: MatchReason[] }[] {
  const out: { bundle: B; score: number; reasons: MatchReason[] }[] = [];
  for (const b of bundles) {
    if (!b.facets) continue;
    const hit = fit(b.facets, traits, stage, opts);
    if (hit?.specific) out.push({ bundle: b, score: hit.score, reasons: hit.reasons });
  }
  return out.sort((a, b) => b.score - a.score);
}

const OPEN_TO_ALL: MatchReason = {
  kind: 'open-to-all',
  zh: '这项措施不限企业类型，符合条件无需申请即可享受',
  en: 'It is not limited to any kind of business and is enjoyed without applying',
};

export function unclaimedReason(): MatchReason {
  return {
    kind: 'unclaimed',
    zh: '贵企业档案中没有享受这项措施的记录（应享未享）：可请政策服务板块核实',
    en: 'Your file has no record of receiving it: the policy board can check for you',
  };
}

/** Matches one profile against the catalog. `today`: YYYY-MM-DD in the center's time zone. */
export function matchPolicies(
  c: MatchCatalog,
  p: MatchProfile,
  opts: { today: string },
): PolicyMatchResult {
  const subject = subjectOfProfile(p);
  const stage = stageOf(subject, opts.today);
  const traitList = p.status === 'deregistered' ? [] : traitsOf(subject, opts.today);
  const traits = new Map(traitList.map((t) => [t.id, t]));
  const boardName = new Map<BoardId, string>(c.boards.map((b: Board) => [b.id, b.name]));
  const received = new Map<number, BenefitReceived>();
  for (const b of p.benefitsReceived) if (b.measureNo !== null) received.set(b.measureNo, b);

  const counts = { measures: c.measures.length, notOffered: 0, openToAll: 0 };
  const measures: MeasureMatch[] = [];
  if (p.status !== 'deregistered')
    for (const m of c.measures) {
      const f = m.facets;
      if (!f.offered || !f.delivery) {
        counts.notOffered++;
        continue;
      }
      const hit = fit(f, traits, stage);
      const noApplication = f.delivery.id === 'no-application';
      if (!hit || (!hit.specific && !noApplication)) {
        if (f.targets.length === 0) counts.openToAll++;
        continue;
      }
      const got = received.get(m.no) ?? null;
      const unclaimed = noApplication && got === null;
      const reasons = [...hit.reasons];
      if (!hit.specific) reasons.push(OPEN_TO_ALL);
      if (unclaimed) reasons.push(unclaimedReason());
      measures.push(
        measureMatch(m, boardName, {
          delivery: f.delivery.id,
          noApplication,
          received: got,
          unclaimed,
          reasons,
          score: hit.score + DELIVERY_WEIGHT[f.delivery.id] + (unclaimed ? 30 : 0),
        }),
      );
    }
  measures.sort((a, b) => b.score - a.score || a.no - b.no);

  // 政策找企业 lists the bundles that are for the enterprise as a whole: a bundle that merely has
  // a service for it (its `alsoFor`) only moves up the menu (recommendBundles).
  const bundles: BundleMatch[] =
    p.status === 'deregistered'
      ? []
      : fitBundles(c.bundles, traits, stage, {}).map(({ bundle: b, score, reasons }) => {
          const board = b.guidance.routing.board;
          return {
            id: b.id,
            name: b.name,
            kind: b.kind,
            board,
            boardName: boardName.get(board) ?? board,
            score,
            reasons,
          };
        });

  const stations: StationMatch[] = [];
  if (p.status !== 'deregistered')
    for (const s of c.stations as Station[]) {
      const services: StationMatch['services'] = [];
      const reasons = new Map<string, MatchReason>();
      for (const svc of s.services) {
        const f = svc.facets;
        if (!f.offered || !f.delivery) continue;
        const hit = fit(f, traits, stage);
        if (!hit?.specific) continue;
        services.push({
          no: svc.no,
          name: svc.name,
          category: svc.category,
          delivery: f.delivery.id,
        });
        for (const r of hit.reasons) if (r.kind === 'target') reasons.set(r.zh, r);
      }
      if (services.length)
        stations.push({ id: s.id, name: s.name, services, reasons: [...reasons.values()] });
    }

  return {
    uscc: p.uscc,
    name: p.name,
    today: opts.today,
    stage: stage.id,
    traits: traitList,
    measures,
    unclaimed: measures.filter((m) => m.unclaimed).map((m) => m.no),
    bundles,
    stations,
    counts,
  };
}

// ---- The menu: which 一类事 to offer first --------------------------------------------------------

export interface Recommendation {
  bundleId: string;
  name: string;
  /** The reason the menu shows: the strongest. */
  reason: MatchReason;
  reasons: MatchReason[];
}

export const MAX_RECOMMENDATIONS = 6;

/**
 * The bundles to offer first on the menu, from what the kiosk may show of who is at the screen
 * (a profile, or public facts only), by the same traits and facets as 政策找企业 plus what a
 * bundle's services are for. `view` null and `founder`: someone starting a company (开办).
 * Bundles not in `bundles` (an override catalog without them) are never offered.
 */
export function recommendBundles(
  view: EnterpriseView | null,
  bundles: readonly { id: string; name: string; facets?: BundleFacets | null }[],
  opts: { today: string; founder?: boolean; max?: number },
): Recommendation[] {
  let traits: Trait[] = [];
  let stage: Stage;
  if (view) {
    if (view.facts.status === 'deregistered') return [];
    const subject = subjectOfView(view);
    traits = traitsOf(subject, opts.today);
    stage = stageOf(subject, opts.today);
  } else if (opts.founder) stage = { id: 'opening', source: { fact: 'founder', value: '' } };
  else return [];
  return fitBundles(bundles, new Map(traits.map((t) => [t.id, t])), stage, { alsoFor: true })
    .slice(0, opts.max ?? MAX_RECOMMENDATIONS)
    .map(({ bundle, reasons }) => ({
      bundleId: bundle.id,
      name: bundle.name,
      reason: reasons[0] as MatchReason,
      reasons,
    }));
}

function measureMatch(
  m: Measure,
  boardName: Map<BoardId, string>,
  rest: Pick<
    MeasureMatch,
    'delivery' | 'noApplication' | 'received' | 'unclaimed' | 'reasons' | 'score'
  >,
): MeasureMatch {
  return {
    no: m.no,
    text: m.text,
    leadDepartment: m.leadDepartment,
    serviceMode: m.serviceMode,
    board: m.board,
    boardName: m.board ? (boardName.get(m.board) ?? null) : null,
    ...rest,
  };
}

// ---- Views of one measure (the measure's own screen) ----------------------------------------------

/** One measure for its own screen: the document's words, where it sits, and how it is delivered. */
export interface MeasureDetail extends MeasureView {
  /** The 服务方式 cell split into its online and offline parts (the document's words). */
  channels: ReturnType<typeof splitServiceMode>;
  /** The board that carries it, with who leads it; null for the document's "/". */
  boardDetail: {
    id: BoardId;
    name: string;
    fullName: string;
    en: string;
    leadDepartments: string[];
    leadNote: string | null;
  } | null;
}
