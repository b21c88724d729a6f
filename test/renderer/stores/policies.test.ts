// @vitest-environment happy-dom
// The policy matches are visitor data: kept for the enterprise they were fetched for, fetched again
// for another, and wiped when the session ends.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
let fail: string | null = null;
let uscc = 'A';
vi.mock('../../../renderer/src/api', () => {
  class ApiError extends Error {
    constructor(readonly code: string) {
      super(code);
    }
  }
  return {
    // Ending a session abandons the calls still waiting; these tests have none.
    abandonCalls: () => undefined,
    ApiError,
    api: {
      policyMatches: async () => {
        calls.push('policyMatches');
        if (fail) throw new ApiError(fail);
        return { uscc, measures: [], bundles: [], stations: [] };
      },
    },
  };
});

const { usePoliciesStore } = await import('../../../renderer/src/stores/policies');
const { runSessionReset } = await import('../../../renderer/src/session/reset');

beforeEach(() => {
  setActivePinia(createPinia());
  calls.length = 0;
  fail = null;
  uscc = 'A';
});

describe('policies store', () => {
  it('fetches once per enterprise, again for another', async () => {
    const s = usePoliciesStore();
    await s.load('A');
    await s.load('A');
    expect(calls).toHaveLength(1);
    uscc = 'B';
    await s.load('B');
    expect(calls).toHaveLength(2);
    expect(s.result?.uscc).toBe('B');
  });

  it('keeps the error code of a refusal', async () => {
    const s = usePoliciesStore();
    fail = 'NOT_VERIFIED';
    expect(await s.load('A')).toBeNull();
    expect(s.failed).toBe('NOT_VERIFIED');
  });

  it('is wiped when the session ends', async () => {
    const s = usePoliciesStore();
    await s.load('A');
    expect(s.result).not.toBeNull();
    await runSessionReset();
    expect(s.result).toBeNull();
  });
});
