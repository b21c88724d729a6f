// @vitest-environment happy-dom
// "办理/咨询" starts a consultation request by route name, with the measure and the board.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';
import RequestButton from '../../../renderer/src/components/RequestButton.vue';
import { loadMessages } from '../../../renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: loadMessages() as never });
const Empty = { template: '<div />' };

async function setup() {
  const routes: RouteRecordRaw[] = [{ path: '/', name: 'home', component: Empty }];
  routes.push({ path: '/request/new', name: 'request-new', component: Empty });
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push('/');
  return router;
}

describe('RequestButton', () => {
  it('starts a request for the measure, to the board given', async () => {
    const router = await setup();
    const w = mount(RequestButton, {
      props: { measure: 35, board: 'policy' },
      global: { plugins: [i18n, router] },
    });
    await w.get('[data-testid="request-button"]').trigger('click');
    await new Promise((r) => setTimeout(r, 0));
    expect(router.currentRoute.value.name).toBe('request-new');
    expect(router.currentRoute.value.query).toEqual({ measure: '35', board: 'policy' });
  });

  it('sends only the measure when no board is given', async () => {
    const router = await setup();
    const w = mount(RequestButton, { props: { measure: 93 }, global: { plugins: [i18n, router] } });
    expect(w.get('[data-testid="request-button"]').text()).toBe('办理/咨询');
    await w.get('[data-testid="request-button"]').trigger('click');
    await new Promise((r) => setTimeout(r, 0));
    expect(router.currentRoute.value.query).toEqual({ measure: '93' });
  });
});
