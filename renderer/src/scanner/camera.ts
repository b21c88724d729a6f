// One camera session per scan-screen visit: open the configured camera (or the first one), decode
// frames at a modest rate, and on stop leave nothing behind — every MediaStream track stopped,
// the video detached, the loop ended. Every transition is awaited and ordered: a stop that comes
// while the camera is still opening waits for it and then closes it, so a slow permission prompt
// or camera can never leave a live track behind (the classic html5-qrcode lifecycle bugs).
import type { QrDecoder } from './decoders';

export type CameraProblem = 'unsupported' | 'denied' | 'no-camera' | 'failed';
export type CameraState =
  | { state: 'idle' }
  | { state: 'starting' }
  | { state: 'running'; deviceLabel: string }
  | { state: 'unavailable'; problem: CameraProblem }
  | { state: 'stopped' };

export interface CameraDeps {
  mediaDevices: Pick<MediaDevices, 'getUserMedia'> | undefined;
  createDecoder: () => Promise<QrDecoder>;
}

export interface CameraStartOptions {
  video: HTMLVideoElement;
  /** Configured camera; null = the first (default) camera. */
  deviceId: string | null;
  decodesPerSecond: number;
  onScan: (text: string) => void;
  onState: (s: CameraState) => void;
}

const MAX_DECODE_WIDTH = 960;

function problemOf(e: unknown): CameraProblem {
  const name = (e as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (
    name === 'NotFoundError' ||
    name === 'OverconstrainedError' ||
    name === 'DevicesNotFoundError'
  )
    return 'no-camera';
  return 'failed';
}

export function stopStream(stream: MediaStream | null): void {
  if (!stream) return;
  for (const track of stream.getTracks()) track.stop();
}

export class CameraSession {
  private stream: MediaStream | null = null;
  private starting: Promise<void> | null = null;
  private stopRequested = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private decoding: Promise<void> | null = null;
  private video: HTMLVideoElement | null = null;
  private used = false;
  current: CameraState = { state: 'idle' };

  constructor(private readonly deps: CameraDeps) {}

  /** Opens the camera and starts decoding. Once per session; resolves when running or given up. */
  start(opts: CameraStartOptions): Promise<void> {
    if (this.used) throw new Error('a CameraSession is started once; make a new one per visit');
    this.used = true;
    this.starting = this.open(opts).finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private set(s: CameraState, opts: CameraStartOptions): void {
    this.current = s;
    opts.onState(s);
  }

  private async getStream(deviceId: string | null): Promise<MediaStream> {
    const md = this.deps.mediaDevices as MediaDevices;
    const size = { width: { ideal: 1280 }, height: { ideal: 720 } };
    if (deviceId) {
      try {
        return await md.getUserMedia({
          video: { ...size, deviceId: { exact: deviceId } },
          audio: false,
        });
      } catch (e) {
        // The configured camera is missing (unplugged, renumbered): fall back to the first one.
        if (problemOf(e) !== 'no-camera') throw e;
      }
    }
    return md.getUserMedia({ video: size, audio: false });
  }

  private async open(opts: CameraStartOptions): Promise<void> {
    this.set({ state: 'starting' }, opts);
    if (!this.deps.mediaDevices?.getUserMedia) {
      this.set({ state: 'unavailable', problem: 'unsupported' }, opts);
      return;
    }
    // Load the decoder while the camera opens; a stream that arrives is owned at once, so no
    // failure below can orphan a live track.
    const decoderLoading = this.deps.createDecoder();
    decoderLoading.catch(() => undefined);
    let stream: MediaStream;
    try {
      stream = await this.getStream(opts.deviceId);
    } catch (e) {
      if (!this.stopRequested) this.set({ state: 'unavailable', problem: problemOf(e) }, opts);
      return;
    }
    this.stream = stream;
    if (this.stopRequested) {
      // Stopped while opening: close what just arrived, show nothing.
      this.release();
      return;
    }
    let decoder: QrDecoder;
    try {
      decoder = await decoderLoading;
    } catch {
      this.release();
      if (!this.stopRequested) this.set({ state: 'unavailable', problem: 'failed' }, opts);
      return;
    }
    if (this.stopRequested) {
      this.release();
      return;
    }
    const video = opts.video;
    this.video = video;
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    try {
      await video.play();
    } catch {
      // Autoplay of a muted camera video is allowed in the kiosk; if play() is refused, frames
      // still arrive once the element renders. Nothing to do.
    }
    if (this.stopRequested) {
      this.release();
      return;
    }
    const track = stream.getVideoTracks()[0];
    this.set({ state: 'running', deviceLabel: track?.label ?? '' }, opts);
    this.loop(decoder, opts);
  }

  private loop(decoder: QrDecoder, opts: CameraStartOptions): void {
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const interval = 1000 / Math.max(1, opts.decodesPerSecond);
    const tick = async () => {
      if (this.stopRequested || !this.video || !ctx) return;
      const v = this.video;
      if (v.videoWidth > 0 && v.videoHeight > 0) {
        const scale = Math.min(1, MAX_DECODE_WIDTH / v.videoWidth);
        canvas.width = Math.round(v.videoWidth * scale);
        canvas.height = Math.round(v.videoHeight * scale);
        ctx.drawImage(v, 0, 0, canvas.width, canvas.height);
        const text = await decoder.decode(canvas, ctx);
        if (text !== null && !this.stopRequested) opts.onScan(text);
      }
      if (!this.stopRequested) this.timer = setTimeout(run, interval);
    };
    const run = () => {
      this.decoding = tick().finally(() => {
        this.decoding = null;
      });
    };
    this.timer = setTimeout(run, 0);
  }

  private release(): void {
    clearTimeout(this.timer);
    stopStream(this.stream);
    this.stream = null;
    if (this.video) {
      this.video.pause();
      this.video.srcObject = null;
      this.video = null;
    }
  }

  /** Stops the camera; waits for an opening or a decode under way. Safe to call at any time. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    clearTimeout(this.timer);
    if (this.starting) await this.starting;
    if (this.decoding) await this.decoding;
    this.release();
    if (this.current.state !== 'unavailable') this.current = { state: 'stopped' };
  }
}
