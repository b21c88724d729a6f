// @vitest-environment happy-dom
// The A4 checklist prints the 办事指南 of the request's basic services when the catalog holds
// them, and one line saying where to ask for those it does not.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { PrintableReceipt } from '../../../../electron/domain/printing';
import ChecklistDocument from '../../../../renderer/src/components/print/ChecklistDocument.vue';
import { i18n } from '../../../../renderer/src/i18n';

const receipt = (guides: PrintableReceipt['guides']): PrintableReceipt => ({
  ticket: 'DQ01-20261203-0001',
  trackCode: '123456',
  qrText: 'DQT2.DQ01-20261203-0001.123456',
  title: '企业开办',
  createdAt: '2026-12-03T02:00:00.000Z',
  centerName: { 'zh-CN': '德清县企业综合服务中心', en: 'Deqing County Enterprise Service Center' },
  locationName: { 'zh-CN': '自助区', en: 'Self-service area' },
  applicant: { enterpriseName: null, uscc: null, founder: true },
  services: [
    { name: '公司设立登记', kind: 'basic', department: '县市场监管局', departmentFrom: 'lead' },
    { name: '公章刻制备案', kind: 'basic', department: '县公安局', departmentFrom: 'lead' },
  ],
  routing: { board: 'project', boardName: '项目服务板块', module: null, leadDepartments: [] },
  promise: {
    countsFrom: '2026-12-03',
    dueDate: '2026-12-08',
    workingDays: 3,
    reason: 'in-hours',
    calendarCertain: true,
  },
  phoneMasked: null,
  assisted: false,
  guides,
  licenceReminders: [],
});

describe('ChecklistDocument', () => {
  it('prints the guides it is given, and says where to ask for the services without one', () => {
    i18n.global.locale.value = 'zh-CN';
    const w = mount(ChecklistDocument, {
      props: {
        receipt: receipt([
          {
            service: '公司设立登记',
            // Test text, not a real department's guide.
            guide: {
              materials: ['测试材料一'],
              fees: '测试收费',
              source: '测试来源',
              checkedOn: '2026-12-01',
            },
          },
        ]),
      },
      global: { plugins: [i18n] },
    });
    const guides = w.find('[data-testid="checklist-guides"]');
    expect(guides.text()).toContain('办事指南');
    expect(guides.text()).toContain('公司设立登记');
    expect(guides.text()).toContain('测试材料一');
    expect(guides.text()).toContain('收费');
    expect(guides.text()).toContain('来源：测试来源；2026-12-01 核对');
    expect(guides.text()).not.toContain('公章刻制备案');
    expect(w.text()).toContain('未列出办事指南的事项，请到服务中心综合受理窗口咨询。');
  });

  it('prints no guide section when none is loaded, only where to ask', () => {
    i18n.global.locale.value = 'en';
    const w = mount(ChecklistDocument, {
      props: { receipt: receipt([]) },
      global: { plugins: [i18n] },
    });
    expect(w.find('[data-testid="checklist-guides"]').exists()).toBe(false);
    expect(w.text()).toContain('For services without a guide here, ask at the center');
  });

  it('prints 证照到期提醒 for the licences it is given', () => {
    i18n.global.locale.value = 'zh-CN';
    const w = mount(ChecklistDocument, {
      props: {
        receipt: {
          ...receipt(undefined),
          licenceReminders: [
            {
              name: '食品经营许可证',
              number: 'JY1',
              validUntil: '2027-01-02',
              daysLeft: 30,
              state: 'expiring',
            },
          ],
        },
      },
      global: { plugins: [i18n] },
    });
    const r = w.find('[data-testid="checklist-licence-reminders"]');
    expect(r.text()).toContain('证照到期提醒');
    expect(r.text()).toContain('食品经营许可证 JY1：有效期至 2027-01-02（还有 30 天）');
    expect(
      mount(ChecklistDocument, {
        props: { receipt: receipt(undefined) },
        global: { plugins: [i18n] },
      })
        .find('[data-testid="checklist-licence-reminders"]')
        .exists(),
    ).toBe(false);
  });
});
