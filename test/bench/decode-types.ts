// Shared by the decode benchmark (Node) and its page (Chromium): plain data, no DOM, no Node.

export interface FrameSpec {
  id: string;
  /** The QR's text; null for a frame without any code (an idle camera's plain scene). */
  payload: string | null;
  width: number;
  height: number;
  /** Width of the QR symbol (with its quiet zone) in the frame, px; 0 without a code. */
  qrPx: number;
  rotation: number;
  blur: number;
  contrast: 'normal' | 'low';
  /** Frames without a code: which plain scene (decode-page.ts draws them). */
  scene?: 'gradient' | 'counter' | 'noise';
}

export interface DecodeSample {
  frame: string;
  engine: string;
  ms: number;
  ok: boolean;
  rep: number;
}
