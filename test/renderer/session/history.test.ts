// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createRouter } from 'vue-router';
import { createResettableHistory } from '../../../renderer/src/session/history';

const Empty = { render: () => null };

function makeRouter() {
  const history = createResettableHistory();
  const router = createRouter({
    history,
    routes: ['/', '/a', '/b', '/c'].map((path) => ({ path, component: Empty })),
  });
  return { history, router };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('resettable router history', () => {
  it('goes back within a session, and forgets every entry when reset', async () => {
    const { history, router } = makeRouter();
    await router.push('/');
    await router.push('/a');
    await router.push('/b?ticket=DQ01-20261127-0001');
    expect(history.size()).toBe(3);
    router.back();
    await settle();
    expect(router.currentRoute.value.path).toBe('/a');

    await router.replace('/');
    history.reset(router.currentRoute.value.fullPath);
    expect(history.size()).toBe(1);
    expect(history.location).not.toContain('ticket');
    router.back();
    await settle();
    expect(router.currentRoute.value.path).toBe('/');

    // The next visitor's back button works again.
    await router.push('/c');
    router.back();
    await settle();
    expect(router.currentRoute.value.path).toBe('/');
  });
});
