// @vitest-environment happy-dom
// The menu's 为您推荐: the cards come from the one matcher (domain/policy-match.ts) over the real
// catalog's bundle facets, and each says which fact of the enterprise the offer rests on, in the
// screen's language.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from 'vue-i18n';
import { createMemoryHistory, createRouter } from 'vue-router';
import { bundleSummary, type BundleGroup } from '../../../electron/domain/catalog';
import type { EnterpriseView, SessionView } from '../../../electron/domain/enterprise';
import { loadCatalog } from '../../../electron/services/catalog/load';
import { loadMessages } from '../../../renderer/src/i18n';
import { useSessionStore } from '../../../renderer/src/stores/session';

const catalog = loadCatalog().catalog;
const groups: BundleGroup[] = [
  {
    key: 'all',
    title: '全部',
    titleEn: 'All',
    bundles: catalog.bundles.map(bundleSummary),
  },
];
let session: SessionView;

vi.mock('../../../renderer/src/api', () => ({
  ApiError: class extends Error {},
  api: new Proxy(
    {},
    {
      get: (_t, name: string) => async () => {
        if (name === 'catalogBundles') return groups;
        if (name === 'enterpriseProfile') return session;
        if (name === 'requestsMine') return [];
        return null;
      },
    },
  ),
}));

const { default: MenuView } = await import('../../../renderer/src/views/MenuView.vue');

const facts = {
  uscc: '92330521DQ0000181E',
  name: '德清县武康街道老张面馆',
  entityType: '个体工商户',
  status: 'operating' as const,
  registeredOn: '2020-03-02',
  address: '武康街道',
  businessScopeSummary: '许可项目：餐饮服务；食品小作坊经营',
  demo: true,
};

async function open(profile: EnterpriseView, locale: 'zh-CN' | 'en' = 'zh-CN') {
  session = {
    audience: profile.level === 'full' ? 'enterprise' : 'public',
    uscc: profile.facts.uscc,
    verified: profile.level === 'full',
    staff: null,
    profile,
  };
  await useSessionStore().refresh();
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', name: 'menu', component: { render: () => null } }],
  });
  const i18n = createI18n({ legacy: false, locale, messages: loadMessages() as never });
  const w = mount(MenuView, { global: { plugins: [router, i18n] } });
  await flushPromises();
  const cards = w.findAll('.home-recommended li').map((li) => ({
    name: li.get('.catalog-card-title').text(),
    reason: li.get('[data-testid="reason"]').text(),
  }));
  return cards;
}

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('为您推荐 on the menu', () => {
  it('a public lookup of an individual business: 企业开办, because of its entity type', async () => {
    const cards = await open({ level: 'public', facts });
    expect(cards[0]).toEqual({ name: '企业开办', reason: '因为贵企业是个体工商户' });
    expect(cards.map((c) => c.name)).toContain('准入准营');
  });

  it('a verified 地理信息 company: the 地信+ bundles, because of its tag; in English too', async () => {
    const geo: EnterpriseView = {
      level: 'full',
      facts: {
        ...facts,
        uscc: '91330521DQ0000018A',
        name: '德清星图测绘地理信息有限公司',
        entityType: '有限责任公司',
        registeredOn: '2016-05-18',
        businessScopeSummary: '一般项目：地理信息加工处理',
      },
      detail: {
        entityKind: 'company',
        foreignInvested: false,
        industry: '软件和信息技术服务业',
        size: 'medium',
        registeredCapitalWan: 500,
        tags: ['地理信息', '高新技术企业'],
        legalRepresentativeMasked: '张*',
        benefitsReceived: [],
        licences: [],
        updatedAt: '2026-01-01T00:00:00.000Z',
        stale: false,
      },
    };
    const zh = await open(geo);
    expect(zh.find((c) => c.name === '地信+企业研发试验')?.reason).toBe(
      '因为贵企业的标签是「地理信息」',
    );
    const en = await open(geo, 'en');
    expect(en.find((c) => c.name === '地信+企业研发试验')?.reason).toBe(
      'Because your enterprise is tagged “地理信息”',
    );
  });

  it('one being deregistered: 企业注销, because of its status; a scope word names itself', async () => {
    const closing = await open({
      level: 'public',
      facts: { ...facts, entityType: '有限责任公司', status: 'deregistering' },
    });
    expect(closing[0]).toEqual({ name: '企业注销', reason: '因为贵企业正在办理注销' });
    const surveyor = await open({
      level: 'public',
      facts: { ...facts, entityType: '有限责任公司', businessScopeSummary: '测绘服务' },
    });
    expect(surveyor[0]).toEqual({
      name: '地信+企业开办',
      reason: '因为贵企业经营范围包含「测绘」',
    });
  });
});
