import { describe, expect, it } from 'vitest';
import { MeasureFacetsSchema, splitServiceMode } from '../../../electron/domain/facets';

describe('splitServiceMode', () => {
  it.each([
    [
      '线上：浙江税务征纳沟通平台 线下：窗口服务',
      { online: '浙江税务征纳沟通平台', offline: '窗口服务', other: null },
    ],
    ['线上精准推送；线下窗口辅导', { online: '精准推送', offline: '窗口辅导', other: null }],
    [
      '线下：窗口服务+实地对接服务',
      { online: null, offline: '窗口服务+实地对接服务', other: null },
    ],
    [
      '线上线下同时贯通办理',
      { online: '线上线下同时贯通办理', offline: '线上线下同时贯通办理', other: null },
    ],
    ['线下办理', { online: null, offline: '线下办理', other: null }],
    [null, { online: null, offline: null, other: null }],
    ['项目服务', { online: null, offline: null, other: '项目服务' }],
  ])('%s', (mode, expected) => {
    expect(splitServiceMode(mode)).toEqual(expected);
  });
});

describe('MeasureFacetsSchema', () => {
  const base = {
    source: 'kiosk-analysis',
    offered: true,
    targets: [{ id: 'sme', basis: '中小企业' }],
    stages: [],
    delivery: { id: 'service', basis: '宣贯' },
  };
  it('accepts an offered measure with its delivery', () => {
    expect(MeasureFacetsSchema.safeParse(base).success).toBe(true);
  });
  it('refuses a target outside the vocabulary, a repeated target, a stray reason', () => {
    expect(
      MeasureFacetsSchema.safeParse({ ...base, targets: [{ id: 'bank', basis: 'x' }] }).success,
    ).toBe(false);
    expect(
      MeasureFacetsSchema.safeParse({ ...base, targets: [base.targets[0], base.targets[0]] })
        .success,
    ).toBe(false);
    expect(
      MeasureFacetsSchema.safeParse({ ...base, notOffered: { kind: 'internal', basis: 'x' } })
        .success,
    ).toBe(false);
  });
  it('a measure not offered says why, and has no delivery or targets', () => {
    const no = { ...base, offered: false, targets: [], delivery: null };
    expect(MeasureFacetsSchema.safeParse(no).success).toBe(false);
    expect(
      MeasureFacetsSchema.safeParse({ ...no, notOffered: { kind: 'internal', basis: '严查内错' } })
        .success,
    ).toBe(true);
    expect(
      MeasureFacetsSchema.safeParse({
        ...no,
        targets: base.targets,
        notOffered: { kind: 'internal', basis: '严查内错' },
      }).success,
    ).toBe(false);
  });
  it('refuses a source other than the kiosk’s analysis', () => {
    expect(MeasureFacetsSchema.safeParse({ ...base, source: 'document' }).success).toBe(false);
  });
});
