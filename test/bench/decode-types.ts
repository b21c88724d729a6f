// Shared by the decode benchmark (Node) and its page (Chromium): plain data, no DOM, no Node.

export interface FrameSpec {
  id: string;
  payload: string;
  width: number;
  height: number;
  /** Width of the QR symbol (with its quiet zone) in the frame, px. */
  qrPx: number;
  rotation: number;
  blur: number;
  contrast: 'normal' | 'low';
}

export interface DecodeSample {
  frame: string;
  engine: string;
  ms: number;
  ok: boolean;
  rep: number;
}
