// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { ServiceGuide } from '../../../../electron/domain/catalog';
import ServiceGuidePanel from '../../../../renderer/src/components/catalog/ServiceGuidePanel.vue';
import { i18n } from '../../../../renderer/src/i18n';

/** Test text, not a real department's guide. */
const guide: ServiceGuide = {
  materials: ['材料甲', '材料乙'],
  steps: ['步骤一', '步骤二'],
  promisedLimit: '测试时限',
  fees: '测试收费',
  window: '测试窗口',
  source: '测试来源',
  checkedOn: '2026-12-01',
};

describe('ServiceGuidePanel', () => {
  it('shows every part the guide gives, in order, with its source', async () => {
    i18n.global.locale.value = 'zh-CN';
    const w = mount(ServiceGuidePanel, {
      props: { service: '公司设立登记', guide },
      global: { plugins: [i18n] },
    });
    const text = w.text();
    expect(text).toContain('公司设立登记');
    expect(text).toContain('办理材料');
    expect(w.findAll('ul li').map((li) => li.text())).toEqual(['材料甲', '材料乙']);
    expect(w.findAll('ol li').map((li) => li.text())).toEqual(['步骤一', '步骤二']);
    expect(text).toContain('承诺时限');
    expect(text).toContain('测试收费');
    expect(text).toContain('来源：测试来源；2026-12-01 核对');
    // Parts the guide does not give are not shown at all (nothing is filled in).
    expect(text).not.toContain('申请条件');
    expect(text).not.toContain('法定时限');
    expect(w.find('[data-testid="service-guide-missing"]').exists()).toBe(false);
  });

  it('says plainly when no guide is loaded, in both languages', async () => {
    i18n.global.locale.value = 'zh-CN';
    const w = mount(ServiceGuidePanel, {
      props: { service: '公章刻制备案', guide: null },
      global: { plugins: [i18n] },
    });
    expect(w.find('[data-testid="service-guide-missing"]').text()).toBe('未载入办事指南');
    expect(w.find('details').exists()).toBe(false);
    i18n.global.locale.value = 'en';
    await w.vm.$nextTick();
    expect(w.find('[data-testid="service-guide-missing"]').text()).toBe('No guide loaded');
  });
});
