// Runs inside Chromium for `npm run bench -- decode` (test/bench/decode.bench.ts): draws the
// generated camera frames and decodes each with both engines, interleaved, timing every decode.
import QRCode from 'qrcode';
import type { DecodeSample, FrameSpec } from '../../bench/decode-types';
import {
  createHtml5QrcodeDecoder,
  createZxingWasmDecoder,
  type QrDecoder,
} from '../../../renderer/src/scanner/decoders';

export function drawFrame(spec: FrameSpec): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = spec.width;
  canvas.height = spec.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
  // A plain scene: a soft gradient, like a counter under a ceiling light.
  const g = ctx.createLinearGradient(0, 0, spec.width, spec.height);
  g.addColorStop(0, '#b9b4aa');
  g.addColorStop(1, '#7d7a74');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, spec.width, spec.height);
  if (spec.payload === null) {
    drawScene(ctx, spec);
    ctx.getImageData(0, 0, 1, 1);
    return canvas;
  }

  // The symbol is drawn sharp on its own canvas, then placed once (rotated, blurred): one filtered
  // draw call, as a camera would see it.
  const qr = QRCode.create(spec.payload, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cellPx = 8;
  const symbol = document.createElement('canvas');
  symbol.width = symbol.height = (n + 2 * quiet) * cellPx;
  const sctx = symbol.getContext('2d') as CanvasRenderingContext2D;
  const [dark, light] = spec.contrast === 'low' ? ['#5f5f5f', '#a9a9a9'] : ['#111111', '#f4f4f4'];
  sctx.fillStyle = light;
  sctx.fillRect(0, 0, symbol.width, symbol.height);
  sctx.fillStyle = dark;
  // BitMatrix.get(row, col).
  for (let row = 0; row < n; row++)
    for (let col = 0; col < n; col++)
      if (qr.modules.get(row, col))
        sctx.fillRect((col + quiet) * cellPx, (row + quiet) * cellPx, cellPx, cellPx);
  ctx.save();
  if (spec.blur > 0) ctx.filter = `blur(${spec.blur}px)`;
  ctx.imageSmoothingEnabled = true;
  ctx.translate(spec.width / 2, spec.height / 2);
  ctx.rotate((spec.rotation * Math.PI) / 180);
  ctx.drawImage(symbol, -spec.qrPx / 2, -spec.qrPx / 2, spec.qrPx, spec.qrPx);
  ctx.restore();
  // Canvas drawing is deferred: rasterize now, so no engine's timing pays for it.
  ctx.getImageData(0, 0, 1, 1);
  return canvas;
}

// Frames without a code — what an idle camera sees most of the time: the plain gradient; a
// counter with papers, a phone and printed text (edges and dark blobs a QR finder may try); the
// gradient with sensor noise.
function drawScene(ctx: CanvasRenderingContext2D, spec: FrameSpec): void {
  const { width: w, height: h } = spec;
  let seed = w * 31 + h;
  const rnd = () => {
    // mulberry32: the same scene every run.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  if (spec.scene === 'counter') {
    ctx.fillStyle = '#5a4a3a';
    ctx.fillRect(0, h * 0.62, w, h * 0.38);
    for (let i = 0; i < 4; i++) {
      ctx.save();
      ctx.translate(w * (0.15 + 0.22 * i), h * (0.3 + 0.1 * (i % 2)));
      ctx.rotate((rnd() - 0.5) * 0.6);
      ctx.fillStyle = '#f2f0ea';
      ctx.fillRect(-w * 0.08, -h * 0.12, w * 0.16, h * 0.24);
      ctx.fillStyle = '#222';
      ctx.font = `${Math.round(h / 40)}px sans-serif`;
      for (let l = 0; l < 6; l++)
        ctx.fillText('德清县企业综合服务中心 申请表', -w * 0.07, -h * 0.08 + l * (h / 32));
      ctx.fillRect(-w * 0.07, h * 0.07, w * 0.03, w * 0.03);
      ctx.restore();
    }
    ctx.fillStyle = '#1a1a1a';
    ctx.fillRect(w * 0.62, h * 0.55, w * 0.12, h * 0.3);
    ctx.fillStyle = '#3c5a78';
    ctx.fillRect(w * 0.63, h * 0.57, w * 0.1, h * 0.24);
    ctx.filter = 'blur(1px)';
    ctx.drawImage(ctx.canvas, 0, 0);
    ctx.filter = 'none';
  } else if (spec.scene === 'noise') {
    const img = ctx.getImageData(0, 0, w, h);
    const d = img.data;
    for (let i = 0; i < d.length; i += 4) {
      const n = (rnd() + rnd() + rnd() - 1.5) * 24;
      d[i] = (d[i] as number) + n;
      d[i + 1] = (d[i + 1] as number) + n;
      d[i + 2] = (d[i + 2] as number) + n;
    }
    ctx.putImageData(img, 0, 0);
  }
}

async function run(opts: {
  frames: FrameSpec[];
  reps: number;
  wasmUrl: string;
  progress: boolean;
  engines: string[];
}): Promise<{
  samples: DecodeSample[];
  versions: Record<string, string>;
}> {
  const engines: QrDecoder[] = [];
  if (opts.engines.includes('html5-qrcode')) engines.push(await createHtml5QrcodeDecoder());
  if (opts.engines.includes('zxing-wasm')) engines.push(await createZxingWasmDecoder(opts.wasmUrl));
  // Warm up both engines (JIT, wasm instantiation) on a few frames, not measured.
  for (const spec of opts.frames.slice(0, 4)) {
    const canvas = drawFrame(spec);
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    for (const e of engines) await e.decode(canvas, ctx);
  }
  const samples: DecodeSample[] = [];
  // One frame at a time (drawn once, decoded by both engines), so memory stays flat.
  for (const [i, spec] of opts.frames.entries()) {
    const canvas = drawFrame(spec);
    const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
    for (let rep = 0; rep < opts.reps; rep++) {
      // Alternate which engine goes first, so neither always runs on a warmer cache.
      const order = (i + rep) % 2 === 0 ? engines : [...engines].reverse();
      for (const e of order) {
        const t0 = performance.now();
        const text = await e.decode(canvas, ctx);
        const ms = performance.now() - t0;
        samples.push({ frame: spec.id, engine: e.engine, ms, ok: text === spec.payload, rep });
      }
    }
    canvas.width = 0;
    canvas.height = 0;
    if (opts.progress && i % 20 === 19)
      console.log(`decode bench: ${i + 1}/${opts.frames.length} frames`);
  }
  return { samples, versions: { userAgent: navigator.userAgent } };
}

(window as unknown as { runDecodeBench: typeof run }).runDecodeBench = run;
