// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IdentifyResult, SessionView } from '../../../electron/domain/enterprise';

const calls: { name: string; args: unknown }[] = [];
let view: SessionView;
let identify: IdentifyResult;
vi.mock('../../../renderer/src/api', () => ({
  ApiError: class extends Error {},
  api: new Proxy(
    {},
    {
      get: (_t, name: string) => async (args: unknown) => {
        calls.push({ name, args });
        if (name === 'identifyScan' || name === 'identifyKeyed') return identify;
        if (name === 'enterpriseProfile') return view;
        if (name === 'sessionEnd') return { ended: true, session: 's2' };
        throw new Error(`unexpected ${name}`);
      },
    },
  ),
}));

const { useSessionStore } = await import('../../../renderer/src/stores/session');

const PROFILE = {
  level: 'full' as const,
  facts: {
    uscc: '91330521DQ0000018A',
    name: '德清星图测绘地理信息有限公司',
    entityType: 'x',
    status: 'operating' as const,
    registeredOn: '2016-05-18',
    address: 'a',
    businessScopeSummary: 's',
    demo: true,
  },
  detail: {
    entityKind: 'company' as const,
    foreignInvested: false,
    industry: 'i',
    size: 'medium' as const,
    registeredCapitalWan: 1,
    tags: ['地理信息'],
    legalRepresentativeMasked: '张*',
    benefitsReceived: [],
    licences: [],
    updatedAt: '2026-01-01T00:00:00.000Z',
    stale: false,
  },
};

beforeEach(() => {
  setActivePinia(createPinia());
  calls.length = 0;
  view = {
    audience: 'enterprise',
    uscc: PROFILE.facts.uscc,
    verified: true,
    staff: null,
    profile: PROFILE,
  };
  identify = {
    outcome: 'enterprise',
    audience: 'enterprise',
    uscc: PROFILE.facts.uscc,
    verified: true,
    profile: PROFILE,
  };
});

describe('session store', () => {
  it('holds audience and profile after an identification, and forgets them on reset', async () => {
    const s = useSessionStore();
    expect(s.audience).toBe('anonymous');
    await s.identifyScan('DQE1.x', 'camera');
    expect(s.audience).toBe('enterprise');
    expect(s.profile?.facts.name).toBe('德清星图测绘地理信息有限公司');
    expect(s.isVerified).toBe(true);
    await s.reset();
    expect([s.audience, s.uscc, s.profile, s.lastResult, s.staff]).toEqual([
      'anonymous',
      null,
      null,
      null,
      null,
    ]);
    expect(calls.map((c) => c.name)).toEqual(['identifyScan', 'enterpriseProfile', 'sessionEnd']);
  });

  it('keeps nothing in web storage', async () => {
    localStorage.clear();
    sessionStorage.clear();
    const s = useSessionStore();
    await s.identifyScan('91330521DQ0000018A', 'usb-scanner');
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });

  it('sends no more of a long text than the parser reads, and a refusal changes nothing', async () => {
    identify = { outcome: 'refused', reason: 'too-long', uscc: null, kind: 'unknown' };
    const s = useSessionStore();
    await s.identifyScan('x'.repeat(100_000), 'camera');
    expect((calls[0]?.args as { text: string }).text.length).toBe(2049);
    expect(calls.map((c) => c.name)).toEqual(['identifyScan']);
    expect(s.audience).toBe('anonymous');
    expect(s.lastResult).toEqual(identify);
  });
});
