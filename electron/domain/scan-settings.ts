// What the scan screen needs to know about the camera. Node-free.

export type DecodeEngine = 'zxing-wasm' | 'html5-qrcode';

export interface ScanSettings {
  /** Configured camera (MediaDeviceInfo.deviceId); null = the first camera. */
  deviceId: string | null;
  engine: DecodeEngine;
  decodesPerSecond: number;
}
