// @vitest-environment happy-dom
// The guide panels' one pattern: load on mount, the newest result only, one error line, and every
// failure passed up as `forbidden`.
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { createI18n } from 'vue-i18n';
import { ApiError } from '../../../../renderer/src/api';
import { loadMessages } from '../../../../renderer/src/i18n';
import { useGuidePanel, type GuidePanel } from '../../../../renderer/src/views/guide/useGuidePanel';

const i18n = createI18n({ legacy: false, locale: 'en', messages: loadMessages() as never });

function host<T>(fetch: () => Promise<T>, opts: Parameters<typeof useGuidePanel>[2] = {}) {
  const forbidden: unknown[] = [];
  let panel: GuidePanel<T | null> | undefined;
  const C = defineComponent({
    setup() {
      panel = useGuidePanel((_e, err) => forbidden.push(err), fetch, opts);
      return () => h('p', String(panel?.error.value));
    },
  });
  mount(C, { global: { plugins: [i18n] } });
  if (!panel) throw new Error('not set up');
  return { panel, forbidden };
}

const refused = () => new ApiError('guideHealth', 'FORBIDDEN', 'locked');

describe('useGuidePanel', () => {
  it('loads on mount and clears an earlier error', async () => {
    let n = 0;
    const { panel } = host(async () => {
      if (++n === 1) throw refused();
      return n;
    });
    await flushPromises();
    expect(panel.data.value).toBeNull();
    expect(panel.error.value).not.toBe('');
    await panel.load();
    expect(panel.data.value).toBe(2);
    expect(panel.error.value).toBe('');
  });

  it('passes every failure up, a load or an action', async () => {
    const { panel, forbidden } = host(async () => {
      throw refused();
    });
    await flushPromises();
    expect(await panel.attempt(async () => Promise.reject(new Error('x')))).toBe(false);
    expect(forbidden).toHaveLength(2);
    expect(await panel.attempt(async () => undefined)).toBe(true);
  });

  it('shows only the newest of overlapping loads', async () => {
    const waits: ((v: string) => void)[] = [];
    const { panel } = host(() => new Promise<string>((resolve) => waits.push(resolve)), {
      immediate: false,
    });
    const first = panel.load();
    const second = panel.load();
    waits[1]?.('new');
    await second;
    waits[0]?.('old');
    await first;
    expect(panel.data.value).toBe('new');
    expect(panel.loading.value).toBe(false);
  });

  it('uses the panel’s own words for the codes it knows', async () => {
    const { panel } = host(
      async () => {
        throw new ApiError('guideWorkQueue', 'NOT_OPEN', 'x');
      },
      { describe: (e) => (e instanceof ApiError && e.code === 'NOT_OPEN' ? 'own words' : null) },
    );
    await flushPromises();
    expect(panel.error.value).toBe('own words');
  });
});
