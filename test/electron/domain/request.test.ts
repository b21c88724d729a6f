// The request domain: the checklist of a bundle, what answers pre-select, phone checks and masks,
// the department of each service, and recommendations from a profile.
import { describe, expect, it } from 'vitest';
import type { EnterpriseView } from '../../../electron/domain/enterprise';
import { CENTER_DEPARTMENT, departmentFor } from '../../../electron/domain/departments';
import { recommendBundles } from '../../../electron/domain/recommend';
import {
  checklistItems,
  isMainlandMobile,
  itemsOfQuestion,
  maskPhone,
  preselectedItems,
} from '../../../electron/domain/request';
import { loadCatalog } from '../../../electron/services/catalog/load';

const catalog = loadCatalog().catalog;
const bundle = (id: string) => {
  const b = catalog.bundles.find((x) => x.id === id);
  if (!b) throw new Error(`no bundle ${id}`);
  return b;
};

describe('checklist', () => {
  it('企业开办: basic services, the food permit a "yes" adds, the value-added services', () => {
    const items = checklistItems(bundle('business-startup'));
    expect(items.filter((i) => i.kind === 'basic').map((i) => [i.id, i.name])).toEqual([
      ['b0', '公司设立登记'],
      ['b1', '公章刻制备案'],
      ['b2', '申领发票'],
      ['b3', '社保登记及员工参保登记'],
      ['b4', '医保登记及员工参保登记'],
      ['b5', '住房公积金登记及员工缴存登记'],
      ['q-food-0', '食品经营许可'],
    ]);
    expect(items.filter((i) => i.kind === 'value-added')).toHaveLength(12);
    // "Yes" to a listed service selects the bundle's own item, not a copy.
    expect(itemsOfQuestion(bundle('business-startup'), 'bank-appointment')).toEqual(['v3']);
    expect(itemsOfQuestion(bundle('business-startup'), 'sole-proprietor')).toEqual(['v9']);
    expect(itemsOfQuestion(bundle('business-startup'), 'food')).toEqual(['q-food-0']);
  });

  it('pre-selects every basic service and what the "yes" answers add', () => {
    const b = bundle('business-startup');
    expect(preselectedItems(b, {})).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5']);
    expect(
      preselectedItems(b, { food: true, 'bank-appointment': true, 'sole-proprietor': false }),
    ).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'q-food-0', 'v3']);
  });

  it('every bundle of the catalog has unique item ids and a department for each item', () => {
    for (const b of catalog.bundles) {
      const items = checklistItems(b);
      expect(new Set(items.map((i) => i.id)).size, b.id).toBe(items.length);
      for (const q of b.guidance.questions)
        for (const id of itemsOfQuestion(b, q.id))
          expect(
            items.some((i) => i.id === id),
            `${b.id}/${q.id}`,
          ).toBe(true);
      for (const i of items)
        expect(departmentFor(i.name, b.guidance.routing.leadDepartments).department).not.toBe('');
    }
  });
});

describe('contact', () => {
  it('accepts mainland mobile numbers only, and masks the middle four digits', () => {
    expect(['13812345678', '19900001111', '16612345678'].map(isMainlandMobile)).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      ['12812345678', '1381234567', '138123456789', '23812345678', '1381234567a', ''].map(
        isMainlandMobile,
      ),
    ).toEqual([false, false, false, false, false, false]);
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('departments', () => {
  it('by what a service says; else the lead department; else the center', () => {
    expect(departmentFor('申领发票', ['县市场监管局'])).toEqual({
      department: '县税务局',
      from: 'rule',
    });
    expect(departmentFor('医保登记及员工参保登记', [])).toEqual({
      department: '县医保局',
      from: 'rule',
    });
    expect(departmentFor('社保登记及员工参保登记', []).department).toBe('县人力社保局');
    expect(departmentFor('房产税申报', []).department).toBe('县税务局');
    expect(departmentFor('附加税（费）申报', []).department).toBe('县税务局');
    expect(departmentFor('建设项目环境影响审批', []).department).toBe('市生态环境局德清分局');
    expect(departmentFor('企业投资（含外商投资）项目核准、备案、审批', ['县发改局'])).toEqual({
      department: '县发改局',
      from: 'lead',
    });
    expect(departmentFor('测试牌照发放', [])).toEqual({
      department: CENTER_DEPARTMENT,
      from: 'center',
    });
  });
});

describe('recommendations', () => {
  const summaries = catalog.bundles.map((b) => ({ id: b.id, name: b.name }));
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
  const full = (tags: string[], industry = '软件和信息技术服务业', extra = {}): EnterpriseView => ({
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
  const ids = (v: EnterpriseView | null, founder = false) =>
    recommendBundles(v, summaries, { founder }).map((r) => r.bundleId);

  it('a founder → 企业开办; nobody → nothing', () => {
    expect(recommendBundles(null, summaries, { founder: true })).toEqual([
      { bundleId: 'business-startup', name: '企业开办', reason: { kind: 'founder', value: '' } },
    ]);
    expect(ids(null)).toEqual([]);
  });

  it('a 地理信息 company → the 地信+ bundles first, with the tag as the reason', () => {
    const r = recommendBundles(full(['地理信息', '高新技术企业']), summaries);
    expect(r.slice(0, 5).map((x) => x.bundleId)).toEqual([
      'dixin-business-startup',
      'dixin-rnd-testing',
      'dixin-policy-fulfilment',
      'dixin-surveying-approvals',
      'dixin-talent-services',
    ]);
    expect(r[0]?.reason).toEqual({ kind: 'tag', value: '地理信息' });
    expect(r).toHaveLength(6);
  });

  it('an exporter → 跨境货物贸易; one being deregistered → 企业注销; a restaurant → 准入准营', () => {
    expect(ids(full(['外贸']))[0]).toBe('cross-border-goods-trade');
    const dereg = recommendBundles(full([], '文化艺术业', { status: 'deregistering' }), summaries);
    expect(dereg[0]).toMatchObject({
      bundleId: 'business-deregistration',
      reason: { kind: 'status', value: 'deregistering' },
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
    const r = recommendBundles(publicView, summaries);
    expect(r.map((x) => x.bundleId)).toContain('business-startup');
    expect(r.find((x) => x.bundleId === 'dixin-rnd-testing')?.reason).toEqual({
      kind: 'scope',
      value: '测绘',
    });
    expect(r.find((x) => x.bundleId === 'business-startup')?.reason).toEqual({
      kind: 'entity',
      value: '个体工商户',
    });
  });

  it('skips bundles a catalog does not have', () => {
    expect(recommendBundles(full(['拟上市']), [{ id: 'taxation', name: '纳税' }])).toEqual([]);
  });
});
