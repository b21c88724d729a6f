// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../electron/domain/sync';
import SyncStatusPanel from '../../../renderer/src/components/SyncStatusPanel.vue';
import { i18n, loadMessages } from '../../../renderer/src/i18n';

const status: SyncStatus = {
  mode: 'back-office',
  endpoint: 'https://bo.example.cn',
  problem: null,
  backlog: {
    pending: 3,
    oldestPendingAt: '2026-03-02T01:00:00.000Z',
    byKind: { request: 2, rating: 1 },
  },
  delivered: 120,
  deadLetterCount: 2,
  deadLetters: [
    {
      id: '6f1c1a52-3a5e-4c55-9d0c-2f1a8f3b9d10',
      kind: 'request',
      attempts: 1,
      reason: '422 invalid-envelope: missing ticket',
      createdAt: '2026-03-02T00:58:00.000Z',
      deadAt: '2026-03-02T01:00:05.000Z',
    },
  ],
  lastContactAt: '2026-03-02T01:05:00.000Z',
  lastError: null,
  lastPullAt: null,
  lastHeartbeatAt: null,
};

const mountPanel = (props: { status: SyncStatus; retryingId?: string | null }) =>
  mount(SyncStatusPanel, { props, global: { plugins: [i18n] } });

describe('SyncStatusPanel', () => {
  it('shows backlog, last contact and dead letters with their reasons, in both languages', async () => {
    i18n.global.locale.value = 'zh-CN';
    const w = mountPanel({ status });
    expect(w.text()).toContain('后台同步');
    expect(w.text()).toContain('3 件');
    expect(w.text()).toContain('办事申请 2，服务评价 1');
    expect(w.text()).toContain('422 invalid-envelope: missing ticket');
    expect(w.text()).toContain('另有 1 件未列出');
    i18n.global.locale.value = 'en';
    await w.vm.$nextTick();
    expect(w.text()).toContain('Back-office sync');
    expect(w.text()).toContain('Refused by the back office, needing action (2)');
    expect(w.text()).not.toContain('后台');
    i18n.global.locale.value = 'zh-CN';
  });

  it('asks to resend a dead letter by its id, and shows which one is being resent', async () => {
    const w = mountPanel({ status });
    const button = w.get('button[aria-label="重新发送事项 6f1c1a52"]');
    await button.trigger('click');
    expect(w.emitted('retry')).toEqual([['6f1c1a52-3a5e-4c55-9d0c-2f1a8f3b9d10']]);
    await w.setProps({ status, retryingId: '6f1c1a52-3a5e-4c55-9d0c-2f1a8f3b9d10' });
    expect(w.get('button').attributes('disabled')).toBeDefined();
  });

  it('says single-site mode and shows a configuration problem', () => {
    const w = mountPanel({
      status: {
        ...status,
        mode: 'single-site',
        endpoint: null,
        problem: 'no secret',
        deadLetterCount: 0,
        deadLetters: [],
      },
    });
    expect(w.text()).toContain('单机模式');
    expect(w.get('[role="alert"]').text()).toContain('no secret');
    expect(w.text()).toContain('没有发送失败的事项');
    expect(w.text()).not.toContain('最近联系');
  });

  it('has the same keys in zh-CN and en', () => {
    const m = loadMessages();
    const keys = (o: unknown, p = ''): string[] =>
      typeof o === 'object' && o !== null
        ? Object.entries(o).flatMap(([k, v]) => keys(v, `${p}${k}.`))
        : [p];
    expect(keys(m.en.sync).sort()).toEqual(keys(m['zh-CN'].sync).sort());
  });
});
