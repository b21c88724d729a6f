// @vitest-environment happy-dom
// "办理/咨询" links to the request screens by route name; a build without them shows where to go
// instead, and never crashes.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';
import RequestButton from '../../../renderer/src/components/RequestButton.vue';
import { loadMessages } from '../../../renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: loadMessages() as never });
const Empty = { template: '<div />' };

async function setup(withRequests: boolean) {
  const routes: RouteRecordRaw[] = [{ path: '/', name: 'home', component: Empty }];
  if (withRequests) routes.push({ path: '/request/new', name: 'request-new', component: Empty });
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push('/');
  return router;
}

describe('RequestButton', () => {
  it('starts a request for the measure, to the board given', async () => {
    const router = await setup(true);
    const w = mount(RequestButton, {
      props: { measure: 35, board: 'policy', boardName: '政策服务板块' },
      global: { plugins: [i18n, router] },
    });
    expect(w.find('[data-testid="request-fallback"]').exists()).toBe(false);
    await w.get('[data-testid="request-button"]').trigger('click');
    await new Promise((r) => setTimeout(r, 0));
    expect(router.currentRoute.value.name).toBe('request-new');
    expect(router.currentRoute.value.query).toEqual({ measure: '35', board: 'policy' });
  });

  it('sends only the measure when no board is given', async () => {
    const router = await setup(true);
    const w = mount(RequestButton, { props: { measure: 93 }, global: { plugins: [i18n, router] } });
    expect(w.get('[data-testid="request-button"]').text()).toBe('办理/咨询');
    await w.get('[data-testid="request-button"]').trigger('click');
    await new Promise((r) => setTimeout(r, 0));
    expect(router.currentRoute.value.query).toEqual({ measure: '93' });
  });

  it('without the request route: no button, the window to go to instead', async () => {
    const router = await setup(false);
    const w = mount(RequestButton, {
      props: { measure: 93, boardName: '法治服务' },
      global: { plugins: [i18n, router] },
    });
    expect(w.find('[data-testid="request-button"]').exists()).toBe(false);
    expect(w.get('[data-testid="request-fallback"]').text()).toContain('法治服务窗口');
  });
});
