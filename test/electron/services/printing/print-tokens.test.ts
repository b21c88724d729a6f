// Print tokens: random, good once, for a few seconds only.
import { describe, expect, it } from 'vitest';
import type { PrintViewData } from '../../../../electron/domain/printing';
import { createPrintTokens } from '../../../../electron/services/printing/print-tokens';

const data = { document: 'receipt', locale: 'zh-CN', receipt: {} } as unknown as PrintViewData;

describe('print tokens', () => {
  it('redeem once, expire, and can be revoked', () => {
    let now = 1_000;
    const tokens = createPrintTokens({ ttlMs: 30_000, now: () => now });
    const a = tokens.issue(data);
    const b = tokens.issue(data);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.redeem(a)).toBe(data);
    expect(tokens.redeem(a)).toBeNull();
    now += 30_000;
    expect(tokens.redeem(b)).toBeNull();
    const c = tokens.issue(data);
    tokens.revoke(c);
    expect(tokens.redeem(c)).toBeNull();
    expect(tokens.redeem('')).toBeNull();
    expect(tokens.size()).toBe(0);
  });
});
