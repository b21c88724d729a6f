// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import UsccKeypad from '../../../renderer/src/components/UsccKeypad.vue';
import { loadMessages } from '../../../renderer/src/i18n';

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: loadMessages() as never });

async function key(w: ReturnType<typeof mount>, chars: string) {
  for (const c of chars) await w.get(`.osk-key[aria-label="${c}"]`).trigger('click');
}
const value = (w: ReturnType<typeof mount>) => w.get('[role="textbox"]').attributes('data-value');
const state = (w: ReturnType<typeof mount>) => w.get('#uscc-entry-state').text();
const submit = (w: ReturnType<typeof mount>) => w.get('button.uscc-submit');

describe('credit-code keypad', () => {
  it('offers only the 31 allowed characters', () => {
    const w = mount(UsccKeypad, { global: { plugins: [i18n] } });
    const keys = w.findAll('.osk-key[aria-label]').map((b) => b.attributes('aria-label'));
    expect(
      keys
        .filter((k) => k && k.length === 1)
        .sort()
        .join(''),
    ).toBe('0123456789ABCDEFGHJKLMNPQRTUWXY');
  });

  it('gives live feedback on both checks and submits only a valid code', async () => {
    const w = mount(UsccKeypad, { global: { plugins: [i18n] } });
    expect(state(w)).toContain('请输入 18 位代码');
    await key(w, '91330521DQ');
    expect(state(w)).toBe('还需输入 8 位');
    await key(w, '0000011'); // wrong org-code check (should be 8)
    expect(state(w)).toContain('组织机构代码');
    expect(submit(w).attributes('disabled')).toBeDefined();
    await w.get('.osk-key--wide').trigger('click'); // backspace
    await key(w, '8');
    expect(state(w)).toBe('请输入最后一位校验码');
    await key(w, 'B');
    expect(state(w)).toContain('校验码不符');
    expect(submit(w).attributes('disabled')).toBeDefined();
    await w.get('.osk-key--wide').trigger('click');
    await key(w, 'A');
    expect(value(w)).toBe('91330521DQ0000018A');
    expect(state(w)).toBe('校验通过，可以查询');
    await submit(w).trigger('click');
    expect(w.emitted('submit')).toEqual([['91330521DQ0000018A']]);
    // An 19th key is ignored.
    await key(w, '1');
    expect(value(w)).toBe('91330521DQ0000018A');
  });

  it('upper-cases and cleans a code handed in for correction', () => {
    const w = mount(UsccKeypad, {
      props: { initial: '91350211m00013fa1n' },
      global: { plugins: [i18n] },
    });
    expect(value(w)).toBe('91350211M00013FA1N');
    expect(state(w)).toContain('校验码不符');
  });
});
