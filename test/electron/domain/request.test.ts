// The request domain: the checklist of a bundle, what answers pre-select, phone checks and masks,
// and the department of each service.
import { describe, expect, it } from 'vitest';
import { CENTER_DEPARTMENT, departmentFor } from '../../../electron/domain/departments';
import {
  checklistItems,
  isMainlandMobile,
  itemsOfQuestion,
  maskPhone,
  preselectedItems,
} from '../../../electron/domain/request';
import { loadCatalog } from '../../../electron/services/catalog/load';

const catalog = loadCatalog().catalog;
const bundle = (id: string) => {
  const b = catalog.bundles.find((x) => x.id === id);
  if (!b) throw new Error(`no bundle ${id}`);
  return b;
};

describe('checklist', () => {
  it('企业开办: basic services, the food permit a "yes" adds, the value-added services', () => {
    const items = checklistItems(bundle('business-startup'));
    expect(items.filter((i) => i.kind === 'basic').map((i) => [i.id, i.name])).toEqual([
      ['b0', '公司设立登记'],
      ['b1', '公章刻制备案'],
      ['b2', '申领发票'],
      ['b3', '社保登记及员工参保登记'],
      ['b4', '医保登记及员工参保登记'],
      ['b5', '住房公积金登记及员工缴存登记'],
      ['q-food-0', '食品经营许可'],
    ]);
    expect(items.filter((i) => i.kind === 'value-added')).toHaveLength(12);
    // "Yes" to a listed service selects the bundle's own item, not a copy.
    expect(itemsOfQuestion(bundle('business-startup'), 'bank-appointment')).toEqual(['v3']);
    expect(itemsOfQuestion(bundle('business-startup'), 'sole-proprietor')).toEqual(['v9']);
    expect(itemsOfQuestion(bundle('business-startup'), 'food')).toEqual(['q-food-0']);
  });

  it('pre-selects every basic service and what the "yes" answers add', () => {
    const b = bundle('business-startup');
    expect(preselectedItems(b, {})).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5']);
    expect(
      preselectedItems(b, { food: true, 'bank-appointment': true, 'sole-proprietor': false }),
    ).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'q-food-0', 'v3']);
  });

  it('every bundle of the catalog has unique item ids and a department for each item', () => {
    for (const b of catalog.bundles) {
      const items = checklistItems(b);
      expect(new Set(items.map((i) => i.id)).size, b.id).toBe(items.length);
      for (const q of b.guidance.questions)
        for (const id of itemsOfQuestion(b, q.id))
          expect(
            items.some((i) => i.id === id),
            `${b.id}/${q.id}`,
          ).toBe(true);
      for (const i of items)
        expect(departmentFor(i.name, b.guidance.routing.leadDepartments).department).not.toBe('');
    }
  });
});

describe('contact', () => {
  it('accepts mainland mobile numbers only, and masks the middle four digits', () => {
    expect(['13812345678', '19900001111', '16612345678'].map(isMainlandMobile)).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      ['12812345678', '1381234567', '138123456789', '23812345678', '1381234567a', ''].map(
        isMainlandMobile,
      ),
    ).toEqual([false, false, false, false, false, false]);
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('departments', () => {
  it('by what a service says; else the lead department; else the center', () => {
    expect(departmentFor('申领发票', ['县市场监管局'])).toEqual({
      department: '县税务局',
      from: 'rule',
    });
    expect(departmentFor('医保登记及员工参保登记', [])).toEqual({
      department: '县医保局',
      from: 'rule',
    });
    expect(departmentFor('社保登记及员工参保登记', []).department).toBe('县人力社保局');
    expect(departmentFor('房产税申报', []).department).toBe('县税务局');
    expect(departmentFor('附加税（费）申报', []).department).toBe('县税务局');
    expect(departmentFor('建设项目环境影响审批', []).department).toBe('市生态环境局德清分局');
    expect(departmentFor('企业投资（含外商投资）项目核准、备案、审批', ['县发改局'])).toEqual({
      department: '县发改局',
      from: 'lead',
    });
    expect(departmentFor('测试牌照发放', [])).toEqual({
      department: CENTER_DEPARTMENT,
      from: 'center',
    });
  });
});
