// The tones' settings: off with one key, volume, quiet hours in the center's time zone, and tones
// told apart by pitch.
import { describe, expect, it } from 'vitest';
import { inQuietHours, toneGain, TONES } from '../../../renderer/src/sound/tones';

const TZ = 'Asia/Shanghai';
// 2025-06-11 in Deqing at the given local time.
const local = (hhmm: string) => new Date(`2025-06-11T${hhmm}:00+08:00`);
const on = { enabled: true, volume: 60, quietHours: null, timeZone: TZ };

describe('quiet hours', () => {
  it('within a day', () => {
    expect(inQuietHours(local('12:30'), '12:00-13:30', TZ)).toBe(true);
    expect(inQuietHours(local('13:30'), '12:00-13:30', TZ)).toBe(false);
    expect(inQuietHours(local('11:59'), '12:00-13:30', TZ)).toBe(false);
  });

  it('past midnight, read in the center time zone whatever the machine zone', () => {
    expect(inQuietHours(local('23:10'), '22:00-07:00', TZ)).toBe(true);
    expect(inQuietHours(local('03:00'), '22:00-07:00', TZ)).toBe(true);
    expect(inQuietHours(local('07:00'), '22:00-07:00', TZ)).toBe(false);
    // 03:00 in Deqing is 19:00 in London the day before.
    expect(inQuietHours(local('03:00'), '22:00-07:00', 'Europe/London')).toBe(false);
  });

  it('none, or an empty range, is never quiet', () => {
    expect(inQuietHours(local('03:00'), null, TZ)).toBe(false);
    expect(inQuietHours(local('03:00'), '03:00-03:00', TZ)).toBe(false);
  });
});

describe('gain', () => {
  it('scales with the volume, and is zero when off, at 0, in quiet hours or unknown', () => {
    const at = local('10:00');
    expect(toneGain(on, at)).toBeCloseTo(0.24);
    expect(toneGain({ ...on, volume: 100 }, at)).toBeCloseTo(0.4);
    expect(toneGain({ ...on, enabled: false }, at)).toBe(0);
    expect(toneGain({ ...on, volume: 0 }, at)).toBe(0);
    expect(toneGain({ ...on, quietHours: '09:00-11:00' }, at)).toBe(0);
    expect(toneGain(null, at)).toBe(0);
  });
});

describe('tones', () => {
  it('are short and told apart: read rises high, refused falls low, countdown in between', () => {
    const pitches = (n: keyof typeof TONES) => TONES[n].notes.map((x) => x.frequency);
    const length = (n: keyof typeof TONES) =>
      Math.max(...TONES[n].notes.map((x) => x.at + x.length));
    for (const n of Object.keys(TONES) as (keyof typeof TONES)[])
      expect(length(n)).toBeLessThanOrEqual(0.5);
    const [r1, r2] = pitches('read') as [number, number];
    const [f1, f2] = pitches('refused') as [number, number];
    expect(r2).toBeGreaterThan(r1);
    expect(f2).toBeLessThan(f1);
    expect(Math.min(r1, r2)).toBeGreaterThan(Math.max(...pitches('countdown')));
    expect(Math.max(f1, f2)).toBeLessThan(Math.min(...pitches('countdown')));
  });
});
