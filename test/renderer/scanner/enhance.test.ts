import { describe, expect, it } from 'vitest';
import {
  crop,
  findBusyRegion,
  gaussBoxRadii,
  sharpenForDecode,
  type Pixels,
} from '../../../renderer/src/scanner/enhance';

/** Grey pixels from a function of (x, y). */
function grey(width: number, height: number, f: (x: number, y: number) => number): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = data[i + 1] = data[i + 2] = f(x, y);
      data[i + 3] = 255;
    }
  return { width, height, data };
}

/** A checkerboard of `cell`-px squares in [x0, x0+size) × [y0, y0+size) on a gradient. */
const scene = (x0: number, y0: number, size: number, cell: number) =>
  grey(640, 480, (x, y) => {
    const inside = x >= x0 && x < x0 + size && y >= y0 && y < y0 + size;
    if (!inside) return 120 + (x + y) / 20;
    return (Math.floor(x / cell) + Math.floor(y / cell)) % 2 ? 30 : 220;
  });

describe('finding where a missed QR could be', () => {
  it('finds a QR-sized patch of fine detail on a plain scene, with a margin', () => {
    const r = findBusyRegion(scene(200, 150, 160, 4));
    expect(r).not.toBeNull();
    if (!r) return;
    expect(r.x).toBeLessThanOrEqual(200);
    expect(r.y).toBeLessThanOrEqual(150);
    expect(r.x + r.width).toBeGreaterThanOrEqual(360);
    expect(r.y + r.height).toBeGreaterThanOrEqual(310);
    // Not the whole frame: only the patch and a block or two around it.
    expect(r.width).toBeLessThan(160 + 4 * 16);
  });

  it('nothing on a plain gradient, on even noise, or on a long thin edge', () => {
    expect(findBusyRegion(grey(640, 480, (x, y) => 100 + (x + y) / 10))).toBeNull();
    let seed = 1;
    const noise = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    expect(findBusyRegion(grey(640, 480, () => 128 + (noise() - 0.5) * 60))).toBeNull();
    const stripe = grey(640, 480, (x, y) => (y >= 200 && y < 232 && x % 4 < 2 ? 20 : 200));
    expect(findBusyRegion(stripe)).toBeNull();
  });

  it('too small a patch is not worth a second look', () => {
    expect(findBusyRegion(scene(300, 200, 32, 4))).toBeNull();
  });
});

describe('sharpening for a second decode', () => {
  it('three boxes approximate the Gaussian: radii grow with sigma', () => {
    expect(gaussBoxRadii(2)).toEqual([1, 1, 2]);
    const [a, b, c] = gaussBoxRadii(4);
    expect(a + b + c).toBeGreaterThan(4);
  });

  it('restores contrast a blur took from fine detail, and leaves flat areas as they were', () => {
    // Stripes 3 px wide, blurred by a 3-tap average: their contrast is much reduced.
    const stripes = (x: number) => (Math.floor(x / 3) % 2 ? 60 : 190);
    const blurred = grey(120, 40, (x) => (stripes(x - 1) + stripes(x) + stripes(x + 1)) / 3);
    const range = (d: Uint8ClampedArray, y: number) => {
      const row = [...Array(60).keys()].map((x) => d[(y * 120 + 30 + x) * 4] as number);
      return Math.max(...row) - Math.min(...row);
    };
    const out = sharpenForDecode(blurred);
    expect(range(out, 20)).toBeGreaterThan(range(blurred.data, 20) * 1.5);
    const flat = sharpenForDecode(grey(64, 64, () => 140));
    expect(flat[(32 * 64 + 32) * 4]).toBe(140);
    expect(flat[3]).toBe(255);
  });

  it('crops exactly the rectangle asked for', () => {
    const px = grey(50, 40, (x, y) => x + y * 2);
    const c = crop(px, { x: 10, y: 5, width: 20, height: 15 });
    expect(c.width).toBe(20);
    expect(c.height).toBe(15);
    expect(c.data[0]).toBe(10 + 5 * 2);
    expect(c.data[(14 * 20 + 19) * 4]).toBe(29 + 19 * 2);
  });
});
