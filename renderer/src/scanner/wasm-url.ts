// The packaged zxing-wasm binary, emitted by Vite as an asset of the app (never a CDN).
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

export const zxingWasmUrl: string = wasmUrl;
