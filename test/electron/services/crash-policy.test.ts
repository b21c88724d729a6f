import { describe, expect, it } from 'vitest';
import { createCrashPolicy, KIOSK_CRASH_POLICY } from '../../../electron/services/crash-policy';

const MIN = 60_000;

describe('crash policy', () => {
  it('reloads the first crashes and relaunches once reloading does not help', () => {
    const p = createCrashPolicy({ windowMs: 5 * MIN, maxReloads: 3 });
    expect([0, 1, 2].map((i) => p.onCrash(i * MIN))).toEqual(['reload', 'reload', 'reload']);
    expect(p.onCrash(3 * MIN)).toBe('relaunch');
  });

  it('forgets crashes older than the window', () => {
    const p = createCrashPolicy({ windowMs: 5 * MIN, maxReloads: 3 });
    for (const t of [0, 1, 2]) expect(p.onCrash(t * MIN)).toBe('reload');
    // The crash at 0 is exactly windowMs old at 5 min: it no longer counts.
    expect(p.onCrash(5 * MIN)).toBe('reload');
    // 1, 2 and 5 are within the window of 5.5: a fourth crash relaunches.
    expect(p.onCrash(5.5 * MIN)).toBe('relaunch');
  });

  it('a crash a day is always answered by a reload', () => {
    const p = createCrashPolicy(KIOSK_CRASH_POLICY);
    for (let day = 0; day < 30; day++) expect(p.onCrash(day * 24 * 60 * MIN)).toBe('reload');
  });

  it('with no reloads allowed, the first crash relaunches', () => {
    expect(createCrashPolicy({ windowMs: MIN, maxReloads: 0 }).onCrash(0)).toBe('relaunch');
  });

  it('the kiosk setting is three reloads in five minutes', () => {
    expect(KIOSK_CRASH_POLICY).toEqual({ windowMs: 5 * MIN, maxReloads: 3 });
  });
});
