// QR decoding engines behind one interface, so the camera component and the decode benchmark
// (test/bench/decode.bench.ts) run exactly the same code. Each engine is loaded on demand.
//   zxing-wasm    zxing-cpp compiled to WebAssembly. Its .wasm is packaged with the app and
//                 handed over by URL: never the CDN it would fetch by default.
//   html5-qrcode  the ZXing-js decoder html5-qrcode 2.3.8 runs on each camera frame (its own
//                 Html5QrcodeShim, QR only, no BarcodeDetector), for comparison and as a fallback.
import type { DecodeEngine } from '../../../electron/domain/scan-settings';

export interface QrDecoder {
  readonly engine: DecodeEngine;
  /** The text of the first QR code in the canvas's current pixels, or null. Never throws. */
  decode(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D): Promise<string | null>;
}

export async function createZxingWasmDecoder(wasmUrl: string): Promise<QrDecoder> {
  const zxing = await import('zxing-wasm/reader');
  await zxing.prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) =>
        path.endsWith('.wasm') ? wasmUrl : prefix + path,
    },
    fireImmediately: true,
  });
  return {
    engine: 'zxing-wasm',
    async decode(canvas, ctx) {
      try {
        const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
        const results = await zxing.readBarcodes(image, {
          formats: ['QRCode'],
          maxNumberOfSymbols: 1,
          // Measured (npm run bench -- decode): no QR frame decoded less without these, and
          // frames without a code — most of an idle camera's — cost less. tryRotate only helps
          // linear barcodes; tryInvert only light-on-dark codes, which 企业码 apps do not show.
          tryInvert: false,
          tryRotate: false,
        });
        const hit = results.find((r) => r.isValid);
        return hit ? hit.text : null;
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
