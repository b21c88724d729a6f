// The matcher against the built-in catalog and the demo profiles. The table below is written from
// the document: for each pair, what the measure's own words say about that kind of enterprise.
// The menu's recommendations are the same matching over the bundles (the last blocks).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../electron/domain/catalog';
import type { EnterpriseRecord, EnterpriseView } from '../../../electron/domain/enterprise';
import {
  dayIn,
  profileStage,
  profileTraits,
  yearsBetween,
} from '../../../electron/domain/enterprise-traits';
import {
  matchPolicies,
  recommendBundles,
  type PolicyMatchResult,
} from '../../../electron/domain/policy-match';
import { loadCatalog } from '../../../electron/services/catalog/load';
import { demoEnterprises } from '../../../electron/services/enterprises/demo-enterprises';

const TODAY = '2025-06-01';
let c: Catalog;
const demo = new Map(demoEnterprises().map((e) => [e.name, e]));
const profile = (name: string): EnterpriseRecord => {
  const p = demo.get(name);
  if (!p) throw new Error(`no demo enterprise ${name}`);
  return p;
};
beforeAll(() => {
  c = loadCatalog().catalog;
});
const match = (p: EnterpriseRecord): PolicyMatchResult => matchPolicies(c, p, { today: TODAY });
const matched = (p: EnterpriseRecord, no: number) => match(p).measures.some((m) => m.no === no);

const GEO = '德清星图测绘地理信息有限公司'; // 地理信息, 高新, 科技型中小企业, 专精特新, 高层次人才; medium
const GEO_SMALL = '德清云栖遥感科技有限公司'; // 地理信息, 科技型中小企业; small; nothing received
const LISTING = '浙江禹越时空数据股份有限公司'; // 拟上市; large
const IOV = '德清智行车联网科技有限公司';
const PLATFORM = '德清车云数据服务有限公司'; // 车联网, 平台企业, small
const BIO = '德清康源生物医药有限公司'; // 医药制造业, 高新, 高层次人才
const LATHE = '德清精工数控机床有限公司'; // 通用设备制造业, 专精特新, 外贸, 高新
const BIG = '浙江下渚湖智能装备股份有限公司'; // large, 拟上市
const ELEVATOR = '德清锐驰电梯部件有限公司'; // 制造业, small, no tech tags
const FOREIGN = '德清和丰精密电子有限公司'; // 外商投资, large
const NOODLES = '德清县武康街道老张面馆'; // 个体工商户
const HOMESTAY = '德清县莫干山镇云上小筑民宿'; // 个体工商户, 民宿
const COOP = '德清县新市镇丰收果蔬专业合作社';
const CLOSING = '德清旧时光文化传媒有限公司'; // being deregistered
const NEW = '德清青创电子商务有限公司'; // 新设企业, 2025-05
const CROSS = '德清跨境优品贸易有限公司'; // 外贸, 跨境电商

/** [measure, profile, expected, why — the document's words]. */
const TABLE: [number, string, boolean, string][] = [
  [2, GEO_SMALL, true, '“免申即享” tax preferences: any taxpayer'],
  [2, NOODLES, true, 'individual businesses pay taxes too'],
  [2, CLOSING, false, 'a company being deregistered is shown only what is for 退出'],
  [5, GEO, false, '“严查内错”: the tax bureau’s own discipline'],
  [168, GEO, false, '“干部考察考核”: internal'],
  [153, ELEVATOR, false, '“审计推动政策落实”: internal'],
  [24, LISTING, true, '“企业上市过程中分阶段给予奖励”: a listing candidate'],
  [24, GEO_SMALL, false, 'not preparing to list'],
  [76, BIG, true, '“从拟上市企业…中选取培育对象”'],
  [32, HOMESTAY, true, '“民宿管家” training'],
  [32, GEO, true, '“为我县地理信息…特色经济发展提供技能人才支撑”'],
  [32, LATHE, false, 'neither 民宿 nor 地理信息'],
  [34, PLATFORM, true, '“引导和鼓励平台企业…参加工伤保险”'],
  [34, GEO, false, 'not a platform enterprise'],
  [37, BIO, true, '“支持引育高层次人才”'],
  [37, ELEVATOR, false, 'no high-level talent on file'],
  [38, GEO, true, '“地理信息造等部分专业职称评审权限下放”'],
  [38, IOV, false, '车联网 is not 地理信息'],
  [44, LATHE, true, '“高新技术企业、专精特新“小巨人”企业”'],
  [44, ELEVATOR, false, 'neither high-tech nor 专精特新'],
  [48, GEO_SMALL, true, '“省级科技型中小企业、国家科技型中小企业…”'],
  [48, NOODLES, false, 'an individual business is not a 科技型企业'],
  [52, NEW, false, '“初创科技型企业”: new, but not a technology enterprise'],
  [52, GEO, false, '“初创科技型企业”: technology, but not new'],
  [58, GEO_SMALL, true, '“预留…份额专门面向中小企业采购”: a small company'],
  [58, BIG, false, 'a large company is not 中小企业'],
  [58, NOODLES, false, 'an individual business is not an enterprise for 中小企业 procurement'],
  [58, COOP, true, 'a micro co-operative is a small market entity'],
  [80, CROSS, true, '“支持民营企业参展”: a foreign-trade firm'],
  [80, NOODLES, false, 'no foreign trade'],
  [93, NOODLES, true, '“个转企”: an individual business'],
  [93, GEO, false, 'already a company'],
  [95, HOMESTAY, true, '“个体工商户转型升级为企业…直接变更”'],
  [100, ELEVATOR, true, '“制造业全域技术改造…智能化技改诊断”: a manufacturer'],
  [100, NEW, false, 'e-commerce retail is not manufacturing'],
  [109, PLATFORM, true, '“小微企业园”: a small company'],
  [109, GEO, true, '“专精特新产业园”: GEO is 专精特新 (medium, not 小微)'],
  [112, IOV, true, '“车联网产业合规指引”'],
  [112, BIO, false, 'not 车联网'],
  [150, GEO_SMALL, false, '“督导县属四大集团”: supervision of state-owned groups'],
  [160, NEW, true, '“入市第一课”: a company that has just started'],
  [160, GEO, false, 'open to all, not specific: listed only for a new company'],
  [129, FOREIGN, false, '“面向广大中小微企业”: a large company'],
];

describe('matching: measure/profile pairs written from the document', () => {
  it('has at least 30 pairs, both outcomes', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
    expect(TABLE.filter((r) => r[2]).length).toBeGreaterThanOrEqual(10);
    expect(TABLE.filter((r) => !r[2]).length).toBeGreaterThanOrEqual(10);
  });
  it.each(TABLE)('measure %i × %s → %s (%s)', (no, name, expected) => {
    expect(matched(profile(name), no)).toBe(expected);
  });
});

describe('reasons', () => {
  it('say why in plain words, in both languages, quoting the measure', () => {
    const m = match(profile(GEO)).measures.find((x) => x.no === 44)!;
    expect(m.reasons.map((r) => r.zh)).toContain(
      '因为贵企业是国家高新技术企业（原文：“高新技术企业”）',
    );
    expect(m.reasons.map((r) => r.en)).toContain(
      'Because your company is a national high-tech enterprise (the text says “高新技术企业”)',
    );
    const shop = match(profile(NOODLES)).measures.find((x) => x.no === 93)!;
    expect(shop.reasons[0]).toMatchObject({
      kind: 'target',
      target: 'individual',
      basis: '个体工商户',
      zh: '因为您是个体工商户（原文：“个体工商户”）',
    });
  });

  it('every listed measure has at least one reason, and only offered measures are listed', () => {
    for (const p of demoEnterprises()) {
      for (const m of match(p).measures) {
        expect(m.reasons.length, `${p.name} no. ${m.no}`).toBeGreaterThan(0);
        expect(c.measures.find((x) => x.no === m.no)!.facets.offered).toBe(true);
      }
    }
  });

  it('a measure for all of several targets needs all of them (no. 52: 初创 and 科技型)', () => {
    const startup: EnterpriseRecord = {
      ...profile(NEW),
      tags: ['新设企业', '科技型中小企业'],
    };
    const m = match(startup).measures.find((x) => x.no === 52);
    expect(m?.reasons.map((r) => r.target).filter(Boolean)).toEqual(['startup', 'tech']);
  });
});

describe('免申即享 and 应享未享', () => {
  it('a 免申即享 measure received is shown as received, not pointed out', () => {
    const r = match(profile(GEO));
    const m2 = r.measures.find((m) => m.no === 2)!;
    expect(m2).toMatchObject({ noApplication: true, unclaimed: false });
    expect(m2.received?.receivedOn).toBe('2025-03-20');
    expect(r.unclaimed).not.toContain(2);
  });

  it('one not received is 应享未享, ranked first, with the reason', () => {
    const r = match(profile(GEO_SMALL));
    expect(r.unclaimed).toEqual(expect.arrayContaining([2, 35]));
    expect(r.measures.slice(0, r.unclaimed.length).every((m) => m.unclaimed)).toBe(true);
    const m2 = r.measures.find((m) => m.no === 2)!;
    expect(m2.reasons.at(-1)).toMatchObject({ kind: 'unclaimed' });
    expect(m2.reasons.at(-1)!.zh).toContain('应享未享');
  });

  it('the profile field decides: recording the benefit removes the reminder', () => {
    const p = profile(GEO_SMALL);
    const after: EnterpriseRecord = {
      ...p,
      benefitsReceived: [{ measureNo: 2, title: '税费优惠', receivedOn: '2025-05-01' }],
    };
    expect(match(after).unclaimed).not.toContain(2);
  });
});

describe('bundles, stations, stages', () => {
  it('a 地理信息 enterprise is pointed to the 地信+ bundles and the station', () => {
    const r = match(profile(GEO));
    expect(r.bundles.map((b) => b.id)).toEqual(
      expect.arrayContaining([
        'dixin-business-startup',
        'dixin-rnd-testing',
        'dixin-policy-fulfilment',
        'dixin-surveying-approvals',
        'dixin-talent-services',
      ]),
    );
    expect(r.bundles.map((b) => b.id)).not.toContain('iov-testing-services');
    expect(r.stations[0]?.services.length).toBeGreaterThan(20);
    expect(r.stations[0]?.services.map((s) => s.no)).not.toContain(25); // 质量监管: enforcement
  });

  it('a company being deregistered sees what is for 退出 only; a deregistered one nothing', () => {
    const r = match(profile(CLOSING));
    expect(r.stage).toBe('exit');
    expect(r.measures).toEqual([]);
    expect(r.bundles.map((b) => b.id).sort()).toEqual(['business-deregistration', 'insolvency']);
    const gone = match({ ...profile(CLOSING), status: 'deregistered' });
    expect([gone.measures, gone.bundles, gone.stations]).toEqual([[], [], []]);
  });

  it('a new company is at 开办 and sees 企业开办', () => {
    const r = match(profile(NEW));
    expect(r.stage).toBe('opening');
    expect(r.bundles.map((b) => b.id)).toContain('business-startup');
  });

  it('traits come from tags and facts', () => {
    expect(profileTraits(profile(NOODLES), TODAY).map((t) => t.id)).toEqual(['individual']);
    expect(profileTraits(profile(BIG), TODAY).map((t) => t.id)).toEqual(
      expect.arrayContaining(['listing', 'high-tech', 'tech', 'specialized', 'manufacturing']),
    );
    expect(profileTraits(profile(BIG), TODAY).map((t) => t.id)).not.toContain('sme');
    expect(profileStage(profile(GEO), TODAY)).toBe('operation');
    expect(yearsBetween('2022-06-02', '2025-06-01')).toBe(2);
    expect(yearsBetween('2022-06-01', '2025-06-01')).toBe(3);
  });

  it('a word of the business scope stands in for a missing tag, and the reason says so', () => {
    const surveyor: EnterpriseRecord = {
      ...profile(ELEVATOR),
      tags: [],
      businessScope: '一般项目：测绘服务；电梯零部件制造',
    };
    expect(profileTraits(surveyor, TODAY).find((t) => t.id === 'geo')?.source).toEqual({
      fact: 'scope',
      value: '测绘',
    });
    const m38 = match(surveyor).measures.find((m) => m.no === 38);
    expect(m38?.reasons[0]?.zh).toBe('因为贵企业经营范围包含“测绘”（原文：“地理信息”）');
    // A tag says it outright: the tag is the source, and the scope adds nothing.
    expect(profileTraits(profile(GEO), TODAY).filter((t) => t.id === 'geo')).toHaveLength(1);
    expect(profileTraits(profile(GEO), TODAY).find((t) => t.id === 'geo')?.source.fact).toBe('tag');
  });

  it('ranks by how specific the reasons are, then by measure number', () => {
    const r = match(profile(GEO));
    const rest = r.measures.filter((m) => !m.unclaimed);
    for (let i = 1; i < rest.length; i++) {
      const a = rest[i - 1]!;
      const b = rest[i]!;
      expect(a.score > b.score || (a.score === b.score && a.no < b.no)).toBe(true);
    }
    // Two specific reasons (高新 and 专精特新) outrank one general SME measure.
    const rank = (no: number) => r.measures.findIndex((m) => m.no === no);
    expect(rank(44)).toBeLessThan(rank(129));
  });
});

describe('the menu: recommended bundles from what the kiosk may show', () => {
  const facts = {
    uscc: '91330521DQ0000018A',
    name: 'x',
    entityType: '有限责任公司',
    status: 'operating' as const,
    registeredOn: '2016-05-18',
    address: 'a',
    businessScopeSummary: '一般项目：软件开发',
    demo: true,
  };
  type FullView = Extract<EnterpriseView, { level: 'full' }>;
  const full = (tags: string[], industry = '软件和信息技术服务业', extra = {}): FullView => ({
    level: 'full',
    facts: { ...facts, ...extra },
    detail: {
      entityKind: 'company',
      foreignInvested: false,
      industry,
      size: 'small',
      registeredCapitalWan: 100,
      tags,
      legalRepresentativeMasked: '张*',
      benefitsReceived: [],
      licences: [],
      updatedAt: '2026-01-01T00:00:00.000Z',
      stale: false,
    },
  });
  const recommend = (v: EnterpriseView | null, founder = false) =>
    recommendBundles(v, c.bundles, { today: TODAY, founder });
  const ids = (v: EnterpriseView | null, founder = false) =>
    recommend(v, founder).map((r) => r.bundleId);
  /** A demo profile as a verified enterprise sees it (only what the menu reads). */
  const verified = (name: string): FullView => {
    const p = profile(name);
    return {
      level: 'full',
      facts: {
        ...facts,
        uscc: p.uscc,
        name: p.name,
        entityType: p.entityType,
        status: p.status,
        registeredOn: p.registeredOn,
      },
      detail: {
        ...full(p.tags).detail,
        entityKind: p.entityKind,
        industry: p.industry,
        size: p.size,
      },
    };
  };

  it('a founder → 企业开办, at the opening stage; nobody → nothing', () => {
    const r = recommend(null, true);
    expect(r.map((x) => [x.bundleId, x.name])).toEqual([['business-startup', '企业开办']]);
    expect(r[0]?.reason).toMatchObject({ kind: 'stage', source: { fact: 'founder', value: '' } });
    expect(ids(null)).toEqual([]);
  });

  it('a 地理信息 company → the 地信+ bundles first, with the tag as the reason', () => {
    const r = recommend(full(['地理信息', '高新技术企业']));
    expect(r.slice(0, 5).map((x) => x.bundleId)).toEqual([
      'dixin-business-startup',
      'dixin-rnd-testing',
      'dixin-policy-fulfilment',
      'dixin-surveying-approvals',
      'dixin-talent-services',
    ]);
    expect(r[0]?.reason).toMatchObject({
      kind: 'target',
      target: 'geo',
      source: { fact: 'tag', value: '地理信息' },
    });
    expect(r).toHaveLength(6);
  });

  it('an exporter → 跨境货物贸易; one being deregistered → 企业注销; a restaurant → 准入准营', () => {
    expect(ids(full(['外贸']))[0]).toBe('cross-border-goods-trade');
    const dereg = recommend(full([], '文化艺术业', { status: 'deregistering' }));
    expect(dereg[0]).toMatchObject({
      bundleId: 'business-deregistration',
      reason: { kind: 'stage', source: { fact: 'status', value: 'deregistering' } },
    });
    expect(ids(full([], '餐饮业'))).toContain('market-access-permits');
    expect(ids(full([], '通用设备制造业'))).toEqual([
      'project-construction-start',
      'utility-connections',
    ]);
    expect(ids(full([], 'x', { status: 'deregistered' }))).toEqual([]);
  });

  it('public facts only: the entity type and the business scope', () => {
    const publicView: EnterpriseView = {
      level: 'public',
      facts: { ...facts, entityType: '个体工商户', businessScopeSummary: '货物进出口；测绘服务' },
    };
    const r = recommend(publicView);
    expect(r.map((x) => x.bundleId)).toContain('business-startup');
    expect(r.find((x) => x.bundleId === 'dixin-rnd-testing')?.reason.source).toEqual({
      fact: 'scope',
      value: '测绘',
    });
    expect(r.find((x) => x.bundleId === 'business-startup')?.reason.source).toEqual({
      fact: 'entity',
      value: '个体工商户',
    });
  });

  it('a word of the scope counts for less than a tag that says the same', () => {
    const scope = { businessScopeSummary: '测绘服务' };
    const byTag = recommend(full(['地理信息', '高新技术企业'], 'x', scope));
    const byScope = recommend(full(['高新技术企业'], 'x', scope));
    // By the tag the 地信+ bundles come before 创投 (a high-tech firm's, half weight as a bundle
    // for anyone); by the scope alone they weigh the same, and the catalog's order decides.
    const rank = (r: typeof byTag, id: string) => r.findIndex((x) => x.bundleId === id);
    expect(rank(byTag, 'dixin-talent-services')).toBeLessThan(rank(byTag, 'venture-capital'));
    expect(rank(byScope, 'venture-capital')).toBeLessThan(rank(byScope, 'dixin-business-startup'));
    expect(byScope.find((x) => x.bundleId === 'dixin-rnd-testing')?.reason.source?.fact).toBe(
      'scope',
    );
  });

  it('a service for a trait the bundle is named for only breaks ties', () => {
    // 跨境电商通关服务 puts goods trade before services trade, not before a 地理信息 firm's 地信+.
    const r = ids(full(['地理信息', '外贸']));
    expect(r[0]).toBe('dixin-business-startup');
    const goods = ids(full(['外贸'])).indexOf('cross-border-goods-trade');
    expect(goods).toBeLessThan(ids(full(['外贸'])).indexOf('cross-border-services-trade'));
    expect(recommend(full(['外贸']))[0]?.reasons.map((x) => x.basis)).toEqual([
      '跨境货物贸易',
      '跨境电商通关服务',
    ]);
  });

  it('never offers a bundle the catalog does not have', () => {
    expect(ids(full(['拟上市']))).toContain('public-listing');
    const without = c.bundles.filter((b) => b.id !== 'public-listing');
    expect(
      recommendBundles(full(['拟上市']), without, { today: TODAY }).map((r) => r.bundleId),
    ).not.toContain('public-listing');
  });

  it('a verified 地理信息 enterprise: its tag, not its other traits, leads the menu', () => {
    const r = recommend(verified(GEO));
    expect(r.slice(0, 4).every((x) => x.bundleId.startsWith('dixin-'))).toBe(true);
    expect(r.find((x) => x.bundleId === 'dixin-rnd-testing')?.reason.source).toEqual({
      fact: 'tag',
      value: '地理信息',
    });
  });

  it('a young company is at 开办 by its registration date, counted to the center’s day', () => {
    const young = full([], '软件和信息技术服务业', { registeredOn: '2025-03-01' });
    const r = recommend(young);
    expect(r[0]).toMatchObject({
      bundleId: 'business-startup',
      reason: { kind: 'stage', source: { fact: 'registered', value: '2025-03-01' } },
    });
    // Less than three years old: what a start-up does next (hire, pay taxes, rent).
    expect(r.map((x) => x.bundleId)).toEqual(
      expect.arrayContaining(['employee-hiring', 'taxation', 'premises-lease']),
    );
    // 2025-06-01 00:30 in Deqing is still 31 May in UTC.
    expect(dayIn(new Date('2025-05-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2025-06-01');
  });

  it('one reason vocabulary with 政策找企业: the same reasons, the policy screens list only bundles for the enterprise as a whole', () => {
    // An individual business: 企业开办 has a service for it (个体工商户转企业), so the menu offers
    // it first; 政策找企业 does not list it as a bundle for individual businesses.
    const shop = profile(NOODLES);
    expect(match(shop).bundles).toEqual([]);
    const menu = recommend(verified(NOODLES));
    expect(menu.map((x) => x.bundleId)).toEqual(['business-startup', 'market-access-permits']);
    expect(menu[0]?.reason).toMatchObject({
      kind: 'target',
      target: 'individual',
      basis: '个体工商户转企业',
      source: { fact: 'tag', value: '个体工商户' },
      zh: '因为您是个体工商户（原文：“个体工商户转企业”）',
    });
    // A 地理信息 firm: the menu's reason for 地信+企业研发试验 is the policy screen's.
    const geo = match(profile(GEO)).bundles.find((b) => b.id === 'dixin-rnd-testing');
    const onMenu = recommend(verified(GEO)).find((x) => x.bundleId === 'dixin-rnd-testing');
    expect(onMenu?.reason).toEqual(geo?.reasons[0]);
  });
});
