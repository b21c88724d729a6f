// QR decoding engines behind one interface, so the camera component and the decode benchmark
// (test/bench/decode.bench.ts) run exactly the same code. Each engine is loaded on demand.
//   zxing-wasm    zxing-cpp compiled to WebAssembly. Its .wasm is packaged with the app and
//                 handed over by URL: never the CDN it would fetch by default.
//   html5-qrcode  the ZXing-js decoder html5-qrcode 2.3.8 runs on each camera frame (its own
//                 Html5QrcodeShim, QR only, no BarcodeDetector), for comparison and as a fallback.
import type { DecodeEngine } from '../../../electron/domain/scan-settings';
import { crop, DEFAULT_SHARPEN, findBusyRegion, sharpenForDecode } from './enhance';

export interface QrDecoder {
  readonly engine: DecodeEngine;
  /** The text of the first QR code in the canvas's current pixels, or null. Never throws. */
  decode(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D): Promise<string | null>;
}

export async function createZxingWasmDecoder(wasmUrl: string): Promise<QrDecoder> {
  const zxing = await import('zxing-wasm/reader');
  type ReaderOptions = NonNullable<Parameters<typeof zxing.readBarcodes>[1]>;
  await zxing.prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) =>
        path.endsWith('.wasm') ? wasmUrl : prefix + path,
    },
    fireImmediately: true,
  });
  const first = {
    formats: ['QRCode'],
    maxNumberOfSymbols: 1,
    // Measured (npm run bench -- decode): no QR frame decoded less without these, and
    // frames without a code — most of an idle camera's — cost less. tryRotate only helps
    // linear barcodes; tryInvert only light-on-dark codes, which 企业码 apps do not show.
    tryInvert: false,
    tryRotate: false,
  } satisfies ReaderOptions;
  // The second look (enhance.ts) has a sharpened grey crop whose levels are known: a fixed
  // threshold splits it better than the local-average binarizer (measured).
  const second = { ...first, binarizer: 'FixedThreshold' } satisfies ReaderOptions;
  const read = async (image: ImageData, options: ReaderOptions) =>
    (await zxing.readBarcodes(image, options)).find((r) => r.isValid)?.text ?? null;
  return {
    engine: 'zxing-wasm',
    async decode(canvas, ctx) {
      try {
        const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
        const text = await read(image, first);
        if (text !== null) return text;
        // Not read: a defocused (blurred) dense code is the usual reason. Look again, sharpened,
        // at the QR-like cluster of fine detail if the frame has one; a frame without (a plain
        // scene, an idle camera) costs only that search.
        const region = findBusyRegion(image);
        if (!region) return null;
        const part = crop(image, region);
        const sharp = new ImageData(part.width, part.height);
        sharpenForDecode(part, DEFAULT_SHARPEN, sharp.data);
        return await read(sharp, second);
      } catch {
        return null;
      }
    },
  };
}

export async function createHtml5QrcodeDecoder(): Promise<QrDecoder> {
  const [{ Html5QrcodeShim }, { Html5QrcodeSupportedFormats }] = await Promise.all([
    import('html5-qrcode/esm/code-decoder.js'),
    import('html5-qrcode/esm/core.js'),
  ]);
  const quiet = { log() {}, warn() {}, logError() {}, logErrors() {} };
  const shim = new Html5QrcodeShim([Html5QrcodeSupportedFormats.QR_CODE], false, false, quiet);
  return {
    engine: 'html5-qrcode',
    async decode(canvas) {
      try {
        return (await shim.decodeAsync(canvas)).text;
      } catch {
        // ZXing-js throws NotFoundException for a frame without a readable code.
        return null;
      }
    },
  };
}

export function createDecoder(engine: DecodeEngine, wasmUrl: string): Promise<QrDecoder> {
  return engine === 'html5-qrcode' ? createHtml5QrcodeDecoder() : createZxingWasmDecoder(wasmUrl);
}
