// @vitest-environment happy-dom
// Home means one thing on every screen: the session ends (main is told why) and the start
// screen shows, with nothing of the visit left in the history.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from 'vue-i18n';
import { createRouter } from 'vue-router';
import { loadMessages } from '../../../renderer/src/i18n';
import { createResettableHistory } from '../../../renderer/src/session/history';
import { onSessionReset } from '../../../renderer/src/session/reset';

const calls: { name: string; args: unknown }[] = [];
vi.mock('../../../renderer/src/api', () => ({
  ApiError: class extends Error {},
  abandonCalls: () => undefined,
  api: new Proxy(
    {},
    {
      get: (_t, name: string) => async (args: unknown) => {
        calls.push({ name, args });
        if (name === 'sessionEnd') return { ended: true, session: 's2' };
        throw new Error(`unexpected ${name}`);
      },
    },
  ),
}));

const { default: ScreenLayout } = await import('../../../renderer/src/components/ScreenLayout.vue');
const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: loadMessages() as never });
const Empty = { render: () => null };

async function open(props: Record<string, unknown> = {}) {
  const history = createResettableHistory();
  const router = createRouter({
    history,
    routes: [
      { path: '/', name: 'attract', component: Empty },
      { path: '/catalog', name: 'catalog', component: Empty },
    ],
  });
  await router.push('/catalog');
  const w = mount(ScreenLayout, {
    props: { title: 'x', ...props },
    global: { plugins: [router, i18n] },
  });
  return { w, router, history };
}
const home = (w: ReturnType<typeof mount>) => {
  const b = w.findAll('button').find((x) => x.text() === '回到首页');
  if (!b) throw new Error('no home button');
  return b;
};

beforeEach(() => {
  setActivePinia(createPinia());
  calls.length = 0;
});

describe('ScreenLayout home', () => {
  it('ends the session and shows the start screen', async () => {
    const wiped = vi.fn();
    const off = onSessionReset(wiped);
    const { w, router, history } = await open();
    await home(w).trigger('click');
    await flushPromises();
    off();
    expect(router.currentRoute.value.name).toBe('attract');
    expect(history.size()).toBe(1);
    expect(wiped).toHaveBeenCalledOnce();
    expect(calls).toEqual([{ name: 'sessionEnd', args: { reason: 'finish' } }]);
  });

  it('tells main which screen ended it', async () => {
    const { w } = await open({ homeReason: 'receipt' });
    await home(w).trigger('click');
    await flushPromises();
    expect(calls).toEqual([{ name: 'sessionEnd', args: { reason: 'receipt' } }]);
  });
});
