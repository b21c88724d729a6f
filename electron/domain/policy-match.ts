// 政策找企业: an enterprise's profile (tags and facts) against the facets of the measures, the
// station services and the bundles → a ranked list, each entry with its reasons in plain words in
// both languages ("因为贵企业是国家高新技术企业" / "Because your company is a national high-tech
// enterprise"), and 应享未享: a 免申即享 measure the enterprise qualifies for but has not received
// (its profile's `benefitsReceived`). Pure and Node-free: the services, kioskctl and the tests run it.
//
// Rules, in short:
//   - a measure that is not offered to enterprises (internal work, enforcement) never matches;
//   - its targets must match (one of them, or all for `targetMatch: 'all'`); a measure without
//     targets is open to every enterprise and is listed only when it is 免申即享, or when it is for
//     the enterprise's own stage (a new enterprise and 开办);
//   - an enterprise being deregistered sees only what is for 退出; a deregistered one sees nothing;
//   - ranked by how specific the reasons are, 应享未享 first, then by measure number.
import type { Board, BoardId, Bundle, Catalog, Measure, MeasureView, Station } from './catalog';
import type { BenefitReceived, EnterpriseRecord } from './enterprise';
import {
  splitServiceMode,
  type Bilingual,
  type DeliveryId,
  type StageId,
  type TargetId,
} from './facets';

/** What the matcher reads of a profile. */
export type MatchProfile = Pick<
  EnterpriseRecord,
  | 'uscc'
  | 'name'
  | 'entityKind'
  | 'foreignInvested'
  | 'status'
  | 'registeredOn'
  | 'industry'
  | 'size'
  | 'tags'
  | 'benefitsReceived'
>;

export type MatchCatalog = Pick<Catalog, 'measures' | 'boards' | 'bundles' | 'stations'>;

export interface MatchReason {
  kind: 'target' | 'stage' | 'open-to-all' | 'unclaimed';
  target?: TargetId;
  /** The words of the record that the reason rests on. */
  basis?: string;
  zh: string;
  en: string;
}

/** A fact about the enterprise that a facet can match, with how the kiosk knows it. */
export interface Trait extends Bilingual {
  id: TargetId;
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
};
const DELIVERY_WEIGHT: Record<DeliveryId, number> = {
  'no-application': 6,
  application: 3,
  service: 1,
};

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

/** What a profile's tags and facts say it is, each with how the kiosk knows it. */
export function profileTraits(p: MatchProfile, today: string): Trait[] {
  const tags = new Set(p.tags);
  const out: Trait[] = [];
  const add = (id: TargetId, zh: string, en: string) => out.push({ id, zh, en });
  const individual = p.entityKind === 'individual' || tags.has('个体工商户');
  if (individual) add('individual', '您是个体工商户', 'you run an individual business');
  // An unknown size (an imported profile without one) says nothing: only the tag speaks.
  if (!individual && p.size === null && tags.has('小微企业'))
    add('sme', '贵企业是小微企业', 'your company is a small business');
  else if (!individual && p.size !== null && (p.size !== 'large' || tags.has('小微企业'))) {
    if (p.size === 'large') add('sme', '贵企业是小微企业', 'your company is a small business');
    else
      add(
        'sme',
        `贵企业是${SIZE_ZH[p.size]}`,
        `your company is ${SIZE_EN[p.size]} enterprise (an SME)`,
      );
  }
  if (!individual && (p.size === 'micro' || p.size === 'small' || tags.has('小微企业')))
    add(
      'small-micro',
      p.size === 'micro' || p.size === 'small' ? `贵企业是${SIZE_ZH[p.size]}` : '贵企业是小微企业',
      p.size === 'micro' || p.size === 'small'
        ? `your company is ${SIZE_EN[p.size]} enterprise`
        : 'your company is a small business',
    );
  if (tags.has('上市公司') || tags.has('上市'))
    add('listing', '贵企业是上市公司', 'your company is listed');
  else if (tags.has('拟上市'))
    add('listing', '贵企业正在准备上市', 'your company is preparing to list');
  if (tags.has('高新技术企业'))
    add('high-tech', '贵企业是国家高新技术企业', 'your company is a national high-tech enterprise');
  if (tags.has('科技型中小企业'))
    add('tech', '贵企业是科技型中小企业', 'your company is a technology-based SME');
  else if (tags.has('高新技术企业'))
    add('tech', '贵企业是国家高新技术企业', 'your company is a national high-tech enterprise');
  if (tags.has('专精特新'))
    add(
      'specialized',
      '贵企业是专精特新企业',
      'your company is a specialised and innovative (专精特新) enterprise',
    );
  if (tags.has('外贸')) add('trade', '贵企业从事外贸', 'your company trades abroad');
  else if (tags.has('跨境电商'))
    add('trade', '贵企业从事跨境电商', 'your company sells across borders');
  if (tags.has('平台企业')) add('platform', '贵企业是平台企业', 'your company runs a platform');
  if (tags.has('民宿') || p.industry.includes('住宿'))
    add('homestay', '您经营民宿', 'you run a homestay (民宿)');
  if (tags.has('地理信息'))
    add('geo', '贵企业属于地理信息产业', 'your company is in the geographic information industry');
  if (tags.has('车联网'))
    add('iov', '贵企业属于车联网产业', 'your company is in the connected-vehicle industry');
  if (tags.has('高层次人才'))
    add('talent', '贵企业有高层次人才', 'your company employs high-level talent');
  if (p.industry.includes('制造') || tags.has('高端装备'))
    add('manufacturing', '贵企业属于制造业', 'your company is a manufacturer');
  if (tags.has('新设企业') || (p.registeredOn !== null && yearsBetween(p.registeredOn, today) < 3))
    add('startup', '贵企业成立不满三年', 'your company is less than three years old');
  if (tags.has('生物医药'))
    add('biomedicine', '贵企业属于生物医药产业', 'your company is in biomedicine');
  return out;
}

/** The enterprise's stage of life as the profile shows it. */
export function profileStage(p: MatchProfile, today: string): StageId {
  if (p.status !== 'operating') return 'exit';
  if (
    p.tags.includes('新设企业') ||
    (p.registeredOn !== null && yearsBetween(p.registeredOn, today) < 1)
  )
    return 'opening';
  return 'operation';
}

const targetReason = (t: Trait, basis: string): MatchReason => ({
  kind: 'target',
  target: t.id,
  basis,
  zh: `因为${t.zh}（原文：“${basis}”）`,
  en: `Because ${t.en} (the text says “${basis}”)`,
});

const STAGE_REASON: Partial<Record<StageId, Bilingual>> = {
  opening: { zh: '贵企业刚刚成立，正处于开办阶段', en: 'your company has just been set up' },
  exit: { zh: '贵企业正在办理注销', en: 'your company is being deregistered' },
};

function stageReason(stage: StageId, basis: string): MatchReason {
  const s = STAGE_REASON[stage] as Bilingual;
  return {
    kind: 'stage',
    basis,
    zh: `因为${s.zh}（原文：“${basis}”）`,
    en: `Because ${s.en} (the text says “${basis}”)`,
  };
}

interface Facetted {
  targets: { id: TargetId; basis: string }[];
  targetMatch?: 'any' | 'all';
  stages: { id: StageId; basis: string }[];
}

/** The target and stage reasons for one record, or null when it does not fit. */
function fit(
  f: Facetted,
  traits: Map<TargetId, Trait>,
  stage: StageId,
): { reasons: MatchReason[]; score: number; specific: boolean } | null {
  if (stage === 'exit') {
    const exit = f.stages.find((s) => s.id === 'exit');
    return exit ? { reasons: [stageReason('exit', exit.basis)], score: 10, specific: true } : null;
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
    reasons.push(targetReason(traits.get(t.id) as Trait, t.basis));
    score += WEIGHT[t.id];
  }
  const opening = stage === 'opening' ? f.stages.find((s) => s.id === 'opening') : undefined;
  if (opening) {
    reasons.push(stageReason('opening', opening.basis));
    score += 6;
  }
  return { reasons, score, specific: reasons.length > 0 };
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
  const stage = profileStage(p, opts.today);
  const traitList = p.status === 'deregistered' ? [] : profileTraits(p, opts.today);
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

  const bundles: BundleMatch[] = [];
  if (p.status !== 'deregistered')
    for (const b of c.bundles) {
      if (!b.facets) continue;
      const hit = fit(b.facets, traits, stage);
      if (!hit?.specific) continue;
      const board = b.guidance.routing.board;
      bundles.push({
        id: b.id,
        name: b.name,
        kind: b.kind,
        board,
        boardName: boardName.get(board) ?? board,
        score: hit.score,
        reasons: hit.reasons,
      });
    }
  bundles.sort((a, b) => b.score - a.score);

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
    stage,
    traits: traitList,
    measures,
    unclaimed: measures.filter((m) => m.unclaimed).map((m) => m.no),
    bundles,
    stations,
    counts,
  };
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
