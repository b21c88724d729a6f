// Image clean-up for a second decode attempt on a camera frame the decoder could not read: the
// usual cause is defocus blur, which melts a dense QR's single modules into grey. An unsharp mask
// on the luminance (L + amount·(L − gauss(L))) restores much of the lost contrast at the module
// frequency; stretching the crop's levels (2nd to 98th percentile → 0…255) then puts its mid-grey
// at 127, so a fixed threshold splits dark from light however the scene is lit. (Levelling by a
// wide local mean instead decoded fewer frames: measured.)
// Pure functions on plain pixel buffers (no DOM): the decoder wraps the result in an ImageData.
// Measured with `npm run bench -- decode`; see decoders.ts for when this runs.

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row (what ImageData.data holds). */
  data: Uint8ClampedArray;
}

export interface SharpenOptions {
  /** Standard deviation of the blur to undo, px. */
  sigma: number;
  /** Unsharp-mask gain. */
  amount: number;
  /** Stretch the result's 2nd…98th percentile to 0…255. */
  stretch: boolean;
}

export const DEFAULT_SHARPEN: SharpenOptions = { sigma: 2, amount: 4, stretch: true };

/** Luminance (Rec. 601, integer weights) of RGBA pixels. */
export function luminance(px: Pixels): Float32Array {
  const d = px.data;
  const n = px.width * px.height;
  const out = new Float32Array(n);
  for (let i = 0, j = 0; j < n; i += 4, j++)
    out[j] = ((d[i] as number) * 77 + (d[i + 1] as number) * 150 + (d[i + 2] as number) * 29) >> 8;
  return out;
}

/** Box blur of radius r along rows, edges clamped; src → dst. */
function boxRows(src: Float32Array, dst: Float32Array, w: number, h: number, r: number): void {
  const inv = 1 / (2 * r + 1);
  const last = w - 1;
  for (let y = 0; y < h; y++) {
    const o = y * w;
    let sum = (src[o] as number) * (r + 1);
    for (let i = 1; i <= r; i++) sum += src[o + Math.min(i, last)] as number;
    for (let x = 0; x < w; x++) {
      dst[o + x] = sum * inv;
      sum +=
        (src[o + Math.min(x + r + 1, last)] as number) - (src[o + Math.max(x - r, 0)] as number);
    }
  }
}

/** Box blur of radius r along columns, edges clamped, row by row (cache-friendly); src → dst. */
function boxColumns(
  src: Float32Array,
  dst: Float32Array,
  w: number,
  h: number,
  r: number,
  acc: Float32Array,
): void {
  const inv = 1 / (2 * r + 1);
  const last = h - 1;
  for (let x = 0; x < w; x++) acc[x] = (src[x] as number) * (r + 1);
  for (let i = 1; i <= r; i++) {
    const o = Math.min(i, last) * w;
    for (let x = 0; x < w; x++) acc[x] = (acc[x] as number) + (src[o + x] as number);
  }
  for (let y = 0; y < h; y++) {
    const o = y * w;
    const add = Math.min(y + r + 1, last) * w;
    const sub = Math.max(y - r, 0) * w;
    for (let x = 0; x < w; x++) {
      const a = acc[x] as number;
      dst[o + x] = a * inv;
      acc[x] = a + (src[add + x] as number) - (src[sub + x] as number);
    }
  }
}

/** Box radii of three passes approximating a Gaussian of this sigma (Kovesi's method). */
export function gaussBoxRadii(sigma: number): [number, number, number] {
  const n = 3;
  const ideal = Math.sqrt((12 * sigma * sigma) / n + 1);
  let wl = Math.floor(ideal);
  if (wl % 2 === 0) wl--;
  const wu = wl + 2;
  const m = Math.round((12 * sigma * sigma - n * wl * wl - 4 * n * wl - 3 * n) / (-4 * wl - 4));
  const widths = [0, 1, 2].map((i) => (i < m ? wl : wu));
  return widths.map((x) => (x - 1) / 2) as [number, number, number];
}

/** Separable blur of `src` by boxes of the given radii (each along rows then columns). */
export function boxBlur(src: Float32Array, w: number, h: number, radii: number[]): Float32Array {
  const a = Float32Array.from(src);
  const b = new Float32Array(src.length);
  const acc = new Float32Array(w);
  for (const r of radii) {
    if (r <= 0) continue;
    boxRows(a, b, w, h, r);
    boxColumns(b, a, w, h, r, acc);
  }
  return a;
}

/**
 * The sharpened, levelled luminance of `px` as grey RGBA pixels (into `out` if given, same size).
 */
export function sharpenForDecode(
  px: Pixels,
  opts: SharpenOptions = DEFAULT_SHARPEN,
  out?: Uint8ClampedArray,
): Uint8ClampedArray {
  const { width: w, height: h } = px;
  const l = luminance(px);
  const g = boxBlur(l, w, h, gaussBoxRadii(opts.sigma));
  const a = opts.amount;
  const sharp = g; // reused in place
  for (let j = 0; j < l.length; j++) {
    const v = l[j] as number;
    sharp[j] = v + a * (v - (g[j] as number));
  }
  let lo = 0;
  let hi = 255;
  if (opts.stretch) {
    const hist = new Uint32Array(256);
    for (let j = 0; j < sharp.length; j++) {
      const k = Math.max(0, Math.min(255, Math.round(sharp[j] as number)));
      hist[k] = (hist[k] as number) + 1;
    }
    const cut = sharp.length * 0.02;
    let c = 0;
    for (lo = 0; lo < 255 && (c += hist[lo] as number) < cut; lo++);
    c = 0;
    for (hi = 255; hi > 0 && (c += hist[hi] as number) < cut; hi--);
    if (hi - lo < 16) {
      lo = 0;
      hi = 255;
    }
  }
  const scale = 255 / (hi - lo);
  const dst = out ?? new Uint8ClampedArray(w * h * 4);
  for (let j = 0, i = 0; j < l.length; j++, i += 4) {
    dst[i] = dst[i + 1] = dst[i + 2] = ((sharp[j] as number) - lo) * scale;
    dst[i + 3] = 255;
  }
  return dst;
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const BUSY_BLOCK = 16;
/** Mean absolute 2-px step of the green channel above which a block counts as busy... */
export const BUSY_MIN_ACTIVITY = 4;
/** ...and above this multiple of the frame's median block (its noise floor and plain scene). */
export const BUSY_OVER_MEDIAN = 3;
/** The least busy-block cluster worth a second look (a QR ≥ ~60 px across). */
export const BUSY_MIN_BLOCKS = 12;
/** A QR's cluster is square-ish (a 45° one fills half its box): longer/shorter side ≤ this... */
export const BUSY_MAX_ASPECT = 1.6;
/** ...busy blocks fill at least this share of its box... */
export const BUSY_MIN_FILL = 0.35;

/**
 * Where a QR the first decode pass missed could be: the bounding box (plus a block's margin) of
 * the largest QR-shaped cluster of 16-px blocks with much more fine detail than the frame's
 * typical block (square-ish, filled, at most the frame's height across), or null when there is
 * none — a plain or evenly noisy scene, an idle camera's usual view, gets no second pass. Samples every other pixel of every other row: ~1/8 of a frame's
 * bytes.
 */
export function findBusyRegion(px: Pixels): Region | null {
  const { width: w, height: h, data: d } = px;
  const B = BUSY_BLOCK;
  const bw = Math.floor(w / B);
  const bh = Math.floor(h / B);
  if (bw < 2 || bh < 2) return null;
  const act = new Float32Array(bw * bh);
  const perBlock = (B / 2) * (B / 2) * 2;
  for (let by = 0; by < bh; by++)
    for (let bx = 0; bx < bw; bx++) {
      let sum = 0;
      for (let y = by * B; y < (by + 1) * B; y += 2) {
        const row = y * w;
        const below = Math.min(y + 2, h - 1) * w;
        for (let x = bx * B; x < (bx + 1) * B; x += 2) {
          const g = d[(row + x) * 4 + 1] as number;
          sum += Math.abs((d[(row + Math.min(x + 2, w - 1)) * 4 + 1] as number) - g);
          sum += Math.abs((d[(below + x) * 4 + 1] as number) - g);
        }
      }
      act[by * bw + bx] = sum / perBlock;
    }
  const sorted = Float32Array.from(act).sort();
  const floor = sorted[Math.floor(sorted.length / 2)] as number;
  const threshold = Math.max(BUSY_MIN_ACTIVITY, BUSY_OVER_MEDIAN * floor);
  // Largest 8-connected cluster of busy blocks.
  const label = new Int32Array(bw * bh).fill(-1);
  const stack: number[] = [];
  let best: { n: number; x0: number; y0: number; x1: number; y1: number } | null = null;
  for (let start = 0; start < act.length; start++) {
    if (label[start] !== -1 || (act[start] as number) <= threshold) continue;
    label[start] = start;
    stack.push(start);
    const c = { n: 0, x0: bw, y0: bh, x1: -1, y1: -1 };
    while (stack.length) {
      const k = stack.pop() as number;
      const kx = k % bw;
      const ky = (k - kx) / bw;
      c.n++;
      c.x0 = Math.min(c.x0, kx);
      c.x1 = Math.max(c.x1, kx);
      c.y0 = Math.min(c.y0, ky);
      c.y1 = Math.max(c.y1, ky);
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = kx + dx;
          const ny = ky + dy;
          if (nx < 0 || ny < 0 || nx >= bw || ny >= bh) continue;
          const m = ny * bw + nx;
          if (label[m] !== -1 || (act[m] as number) <= threshold) continue;
          label[m] = start;
          stack.push(m);
        }
    }
    const cw = c.x1 - c.x0 + 1;
    const ch = c.y1 - c.y0 + 1;
    const qrShaped =
      c.n >= BUSY_MIN_BLOCKS &&
      Math.max(cw, ch) <= BUSY_MAX_ASPECT * Math.min(cw, ch) &&
      c.n >= BUSY_MIN_FILL * cw * ch &&
      Math.max(cw, ch) <= bh;
    if (qrShaped && (!best || c.n > best.n)) best = c;
  }
  if (!best) return null;
  const x = Math.max(0, (best.x0 - 1) * B);
  const y = Math.max(0, (best.y0 - 1) * B);
  return {
    x,
    y,
    width: Math.min(w, (best.x1 + 2) * B) - x,
    height: Math.min(h, (best.y1 + 2) * B) - y,
  };
}

/** A copy of a rectangle of `px`. */
export function crop(px: Pixels, r: Region): Pixels {
  const out = new Uint8ClampedArray(r.width * r.height * 4);
  for (let y = 0; y < r.height; y++) {
    const from = ((r.y + y) * px.width + r.x) * 4;
    out.set(px.data.subarray(from, from + r.width * 4), y * r.width * 4);
  }
  return { width: r.width, height: r.height, data: out };
}
