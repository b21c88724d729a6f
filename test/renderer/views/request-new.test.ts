// @vitest-environment happy-dom
// The route other screens link to: `request-new` with `{ measure }` (办理/咨询 on a measure) or
// `{ board }` (应享未享 to the policy board) is a one-step consultation — contact and privacy,
// then review — submitted to that measure's board. Mounted with the real router entry.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { h } from 'vue';
import { createI18n } from 'vue-i18n';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { loadMessages } from '../../../renderer/src/i18n';

const calls: { name: string; args: unknown }[] = [];
vi.mock('../../../renderer/src/api', () => ({
  ApiError: class extends Error {},
  api: new Proxy(
    {},
    {
      get: (_t, name: string) => async (args: unknown) => {
        calls.push({ name, args });
        if (name === 'catalogMeasures')
          return [
            {
              no: 12,
              board: 'finance',
              text: '支持民营企业发行债券融资',
              leadDepartment: '县金融办',
            },
          ];
        if (name === 'catalogBoards')
          return [
            { id: 'finance', fullName: '金融服务板块', description: '金融' },
            { id: 'policy', fullName: '政策服务板块', description: '政策' },
          ];
        if (name === 'requestSubmit') return { ticket: 'DQ01-20250611-0007' };
        throw new Error(`unexpected ${name}`);
      },
    },
  ),
}));

const { routes } = await import('../../../renderer/src/router');
const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: loadMessages() as never });

async function open(query: Record<string, string>) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      ...routes.filter((r) => r.name === 'request-new'),
      {
        path: '/request/receipt/:ticket',
        name: 'request-receipt',
        component: { render: () => null },
      },
      { path: '/', name: 'attract', component: { render: () => null } },
    ],
  });
  await router.push({ name: 'request-new', query });
  const w = mount({ render: () => h(RouterView) }, { global: { plugins: [router, i18n] } });
  await flushPromises();
  return { w, router };
}

async function key(w: ReturnType<typeof mount>, chars: string) {
  for (const c of chars) await w.get(`.osk-key[aria-label="${c}"]`).trigger('click');
}
const button = (w: ReturnType<typeof mount>, text: string) => {
  const b = w.findAll('button').find((x) => x.text() === text);
  if (!b) throw new Error(`no button ${text}`);
  return b;
};

beforeEach(() => {
  setActivePinia(createPinia());
  calls.length = 0;
});

describe('request-new as a consultation', () => {
  it('{ measure }: contact and privacy, review, submitted to the measure', async () => {
    const { w, router } = await open({ measure: '12' });
    expect(w.get('[data-testid="wizard-count"]').text()).toBe('第 1 步，共 2 步');
    expect(w.text()).toContain('支持民营企业发行债券融资');
    await button(w, '下一步').trigger('click');
    expect(w.text()).toContain('请输入手机号码，以便办理部门联系您。');
    await key(w, '13812345678');
    await button(w, '确定号码').trigger('click');
    await w.get('.privacy-accept').trigger('click');
    await button(w, '下一步').trigger('click');
    expect(w.get('[data-testid="wizard-count"]').text()).toBe('第 2 步，共 2 步');
    expect(w.text()).toContain('政策咨询（第 12 条措施）');
    await button(w, '确认提交').trigger('click');
    await flushPromises();
    expect(calls.find((c) => c.name === 'requestSubmit')?.args).toMatchObject({
      subject: { kind: 'consultation', measureNo: 12, board: null },
      contact: { phone: '13812345678', name: null },
      privacyAccepted: true,
    });
    expect(router.currentRoute.value.name).toBe('request-receipt');
  });

  it('{ board: policy }: a 应享未享 request to the policy board', async () => {
    const { w } = await open({ board: 'policy' });
    await key(w, '13900001111');
    await button(w, '确定号码').trigger('click');
    await w.get('.privacy-accept').trigger('click');
    await button(w, '下一步').trigger('click');
    expect(w.text()).toContain('政策服务板块咨询');
    await button(w, '确认提交').trigger('click');
    await flushPromises();
    expect(calls.find((c) => c.name === 'requestSubmit')?.args).toMatchObject({
      subject: { kind: 'consultation', measureNo: null, board: 'policy' },
    });
  });
});
