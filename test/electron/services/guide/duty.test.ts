// Whether a help call brings a guide: staffed hours, a guide signed in lately, and how long guides
// usually take (measured from answered calls, else configured).
import { afterEach, describe, expect, it } from 'vitest';
import type { GuideDuty } from '../../../../electron/domain/help';
import {
  decideDuty,
  RESPONSE_MIN_SAMPLES,
  usualResponse,
} from '../../../../electron/services/guide/duty';
import {
  answerHelpCall,
  insertHelpCall,
} from '../../../../electron/services/guide/help-call-repository';
import { startHarness, WEDNESDAY_10AM, type Harness } from '../../../support/kiosk-harness';

const NOW = new Date('2025-06-11T02:00:00Z');
const open = { open: true, nextOpening: null };
const noUsual = { minutes: null, from: null } as const;

describe('decideDuty', () => {
  it('after hours nobody is on duty, whoever signed in, and the next opening is named', () => {
    const next = '2025-06-12T00:30:00.000Z';
    expect(
      decideDuty({
        now: NOW,
        staffed: { open: false, nextOpening: next },
        guideHere: true,
        lastSignIn: NOW.toISOString(),
        windowMinutes: 480,
        usual: noUsual,
      }),
    ).toEqual({ onDuty: false, reason: 'after-hours', nextOpening: next });
  });

  it('within hours a guide must have signed in within the window', () => {
    const at = (minutesAgo: number | null): GuideDuty =>
      decideDuty({
        now: NOW,
        staffed: open,
        guideHere: false,
        lastSignIn:
          minutesAgo === null ? null : new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
        windowMinutes: 480,
        usual: { minutes: 4, from: 'measured' },
      });
    expect(at(null)).toEqual({ onDuty: false, reason: 'no-guide', nextOpening: null });
    expect(at(481)).toMatchObject({ onDuty: false, reason: 'no-guide' });
    expect(at(480)).toEqual({ onDuty: true, usualMinutes: 4, usualFrom: 'measured' });
    expect(at(5)).toMatchObject({ onDuty: true });
  });

  it('a guide signed in now is on duty; a window of null leaves it to the hours', () => {
    const base = { now: NOW, staffed: open, lastSignIn: null, usual: noUsual };
    expect(decideDuty({ ...base, guideHere: true, windowMinutes: 60 }).onDuty).toBe(true);
    expect(decideDuty({ ...base, guideHere: false, windowMinutes: null }).onDuty).toBe(true);
  });
});

describe('usualResponse', () => {
  const call = (at: string, waitMinutes: number) => ({
    at,
    answeredAt: new Date(Date.parse(at) + waitMinutes * 60_000).toISOString(),
  });
  const always = () => true;

  it('is the median wait, rounded up, once there are enough calls in staffed hours', () => {
    const calls = [2, 3, 4.2, 10, 60].map((m) => call('2025-06-10T02:00:00Z', m));
    expect(calls).toHaveLength(RESPONSE_MIN_SAMPLES);
    expect(usualResponse(calls, always, 7)).toEqual({ minutes: 5, from: 'measured' });
    expect(usualResponse(calls.slice(0, 4), always, null)).toEqual({ minutes: null, from: null });
    const even = [1, 2, 3, 4, 5, 6].map((m) => call('2025-06-10T02:00:00Z', m));
    expect(usualResponse(even, always, null)).toEqual({ minutes: 4, from: 'measured' });
  });

  it('leaves out calls made after hours, which wait for the next day', () => {
    const inHours = [2, 2, 3, 3].map((m) => call('2025-06-10T02:00:00Z', m));
    const night = call('2025-06-10T15:00:00Z', 600);
    const staffed = (at: Date) => at.getUTCHours() < 9;
    expect(usualResponse([...inHours, night], staffed, 6)).toEqual({
      minutes: 6,
      from: 'configured',
    });
    expect(usualResponse([...inHours, night], always, 6).from).toBe('measured');
  });
});

describe('callGuide tells the visitor the truth', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it('records the call in every case and says who is on duty', async () => {
    h = await startHarness({ config: { help: { responseMinutes: 8 } } });
    const harness = h;
    const callGuide = () => harness.call('callGuide', { screen: 'attract' });

    // Wednesday 10:00, staffed, but no guide signed in today.
    const first = await callGuide();
    expect(first.duty).toEqual({ onDuty: false, reason: 'no-guide', nextOpening: null });

    await h.k.guideAccess.unlockWithBadge('G001', 'guide');
    await h.k.guideAccess.lock('guide');
    expect((await callGuide()).duty).toEqual({
      onDuty: true,
      usualMinutes: 8,
      usualFrom: 'configured',
    });

    // Five calls answered within Tuesday's hours: the measured median replaces the configured figure.
    await h.k.db.write((d) => {
      [3, 4, 5, 6, 30].forEach((m, i) => {
        const at = new Date(WEDNESDAY_10AM.getTime() - 86_400_000 + i * 3_600_000);
        insertHelpCall(d, { id: `past-${i}`, at: at.toISOString(), screen: 'attract' });
        answerHelpCall(d, `past-${i}`, new Date(at.getTime() + m * 60_000).toISOString(), 'G1');
      });
    });
    expect((await callGuide()).duty).toEqual({
      onDuty: true,
      usualMinutes: 5,
      usualFrom: 'measured',
    });

    // Sunday 03:00: after hours, with Monday's opening named.
    h.clock.now = new Date('2025-06-14T19:00:00Z');
    const night = await callGuide();
    expect(night.duty).toEqual({
      onDuty: false,
      reason: 'after-hours',
      nextOpening: '2025-06-16T00:30:00.000Z',
    });

    const stored = h.k.db.read((d) =>
      d.exec("SELECT COUNT(*) FROM help_calls WHERE id NOT LIKE 'past-%'"),
    );
    expect(stored[0]?.values[0]?.[0]).toBe(4);
  });
});
