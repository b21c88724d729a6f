import { describe, expect, it } from 'vitest';
import { checkUscc, usccFacts } from '../../../../electron/domain/credit-code';
import { maskPersonName, summarizeScope, viewFor } from '../../../../electron/domain/enterprise';
import { demoEnterprises } from '../../../../electron/services/enterprises/demo-enterprises';

const demo = demoEnterprises();

describe('demo enterprises', () => {
  it('are at least 24, unique, marked demo, registered in Deqing with valid codes', () => {
    expect(demo.length).toBeGreaterThanOrEqual(24);
    expect(new Set(demo.map((e) => e.uscc)).size).toBe(demo.length);
    expect(new Set(demo.map((e) => e.name)).size).toBe(demo.length);
    for (const e of demo) {
      expect(checkUscc(e.uscc), e.uscc).toMatchObject({ valid: true });
      expect(usccFacts(e.uscc)?.division).toBe('330521');
      // The DQ organization-code prefix keeps demo codes apart from real ones.
      expect(e.uscc.slice(8, 10)).toBe('DQ');
      expect(e.demo).toBe(true);
      expect(e.address).toContain('德清县');
      expect(e.registeredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('cover the featured industries and the special cases the later issues need', () => {
    const withTag = (t: string) => demo.filter((e) => e.tags.includes(t));
    for (const t of [
      '地理信息',
      '车联网',
      '生物医药',
      '高端装备',
      '高新技术企业',
      '科技型中小企业',
      '专精特新',
      '外贸',
      '拟上市',
    ])
      expect(withTag(t).length, t).toBeGreaterThan(0);
    const individual = demo.filter((e) => e.entityKind === 'individual');
    expect(individual.length).toBeGreaterThan(0);
    for (const e of individual) {
      expect(e.entityType).toBe('个体工商户');
      expect(e.uscc.slice(0, 2)).toBe('92');
    }
    expect(demo.some((e) => e.foreignInvested && e.entityType.includes('外'))).toBe(true);
    expect(demo.filter((e) => e.status === 'deregistering')).toHaveLength(1);
    // 应享未享 needs both: qualifying enterprises with and without the benefit received.
    const hightech = withTag('高新技术企业');
    expect(hightech.some((e) => e.benefitsReceived.length > 0)).toBe(true);
    expect(demo.some((e) => e.benefitsReceived.length === 0)).toBe(true);
  });

  it('use placeholder names for legal representatives', () => {
    for (const e of demo) expect(e.legalRepresentative).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
  });
});

describe('profile views', () => {
  const record = demo[0]!;

  it('masks names: first character, then stars', () => {
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('王小二')).toBe('王**');
    expect(maskPersonName('欧阳娜娜')).toBe('欧***');
    expect(maskPersonName('John Smith')).toBe('J***');
    expect(maskPersonName('')).toBe('');
  });

  it('summarizes a business scope without the legal trailer', () => {
    expect(
      summarizeScope(
        '一般项目：软件开发；信息技术咨询服务（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）',
      ),
    ).toBe('一般项目：软件开发；信息技术咨询服务');
    const long = Array.from({ length: 20 }, (_, i) => `项目${i}内容较长的一项`).join('；');
    const s = summarizeScope(long, 40);
    expect([...s].length).toBeLessThanOrEqual(41);
    expect(s.endsWith('等')).toBe(true);
  });

  const CTX = { today: '2026-03-02', staleAfterDays: 180 };
  it('shows public facts to the public and unverified, the full profile to verified and staff', () => {
    expect(viewFor('public', record, false, CTX).level).toBe('public');
    expect(viewFor('anonymous', record, false, CTX).level).toBe('public');
    expect(viewFor('enterprise', record, false, CTX).level).toBe('public');
    const full = viewFor('enterprise', record, true, CTX);
    expect(full.level).toBe('full');
    expect(viewFor('staff', record, false, CTX).level).toBe('full');
    expect(JSON.stringify(full)).not.toContain(record.legalRepresentative);
    expect(JSON.stringify(viewFor('public', record, false, CTX))).not.toContain(
      'legalRepresentative',
    );
  });
});
