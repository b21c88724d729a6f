import { describe, expect, it } from 'vitest';
import { WedgeDetector } from '../../../renderer/src/scanner/wedge';

const CODE = '91330521DQ0000018A';

/** Feeds keys `gap` ms apart from t0; returns every decision and the time after the last key. */
function feed(d: WedgeDetector, keys: string[], gap: number, t0 = 1000) {
  return keys.map((k, i) => d.key(k, t0 + i * gap));
}

describe('USB scanner burst detector', () => {
  it('takes a fast burst of ≥ 18 characters ending with Enter as a scan, and swallows it all', () => {
    const d = new WedgeDetector();
    const out = feed(d, [...CODE, 'Enter'], 8);
    expect(out.every((o) => o.swallow)).toBe(true);
    expect(out.at(-1)).toEqual({ swallow: true, scan: CODE });
    expect(out.slice(0, -1).some((o) => o.release)).toBe(false);
  });

  it('also ends a burst with Tab, and accepts gaps up to 35 ms', () => {
    const d = new WedgeDetector();
    expect(feed(d, [...CODE, 'Tab'], 35).at(-1)).toEqual({ swallow: true, scan: CODE });
  });

  it('ignores Shift inside a burst (scanners press it for capitals)', () => {
    const d = new WedgeDetector();
    const keys = [...CODE].flatMap((c) => (/[A-Z]/.test(c) ? ['Shift', c] : [c]));
    expect(feed(d, [...keys, 'Enter'], 4).at(-1)).toEqual({ swallow: true, scan: CODE });
  });

  it('does not mistake ordinary typing for a scan: slow keys are released one by one', () => {
    const d = new WedgeDetector();
    const released: string[] = [];
    let t = 1000;
    for (const c of CODE) {
      const o = d.key(c, t);
      if (o.release) released.push(o.release);
      t += 150;
    }
    const end = d.key('Enter', t);
    expect(end.scan).toBeUndefined();
    expect(end.swallow).toBe(false);
    if (end.release) released.push(end.release);
    expect(released.join('')).toBe(CODE);
  });

  it('does not take a short fast burst as a scan (fewer than 18 characters)', () => {
    const d = new WedgeDetector();
    const out = feed(d, [...'DQ01-2025', 'Enter'], 5);
    expect(out.at(-1)).toEqual({ swallow: false, release: 'DQ01-2025' });
  });

  it('a pause in the middle splits the burst: no scan', () => {
    const d = new WedgeDetector();
    feed(d, [...CODE.slice(0, 9)], 5, 1000);
    const second = feed(d, [...CODE.slice(9), 'Enter'], 5, 1000 + 9 * 5 + 60);
    expect(second[0]?.release).toBe(CODE.slice(0, 9));
    expect(second.at(-1)?.scan).toBeUndefined();
  });

  it('flush releases held characters once the gap has passed, not before', () => {
    const d = new WedgeDetector();
    d.key('a', 1000);
    expect(d.flush(1020)).toBeNull();
    expect(d.flush(1036)).toBe('a');
    expect(d.pending).toBe(false);
  });

  it('another named key ends the burst as typing', () => {
    const d = new WedgeDetector();
    feed(d, ['a', 'b'], 5);
    expect(d.key('Backspace', 1012)).toEqual({ swallow: false, release: 'ab' });
  });

  it('caps what it holds for an endless burst', () => {
    const d = new WedgeDetector({ maxLength: 50 });
    const out = feed(d, [...'x'.repeat(500), 'Enter'], 1);
    expect(out.at(-1)?.scan).toHaveLength(50);
  });
});
