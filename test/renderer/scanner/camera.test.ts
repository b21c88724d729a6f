// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createI18n } from 'vue-i18n';
import { nextTick } from 'vue';
import CameraScanner from '../../../renderer/src/components/CameraScanner.vue';
import { loadMessages } from '../../../renderer/src/i18n';
import {
  CameraSession,
  type CameraDeps,
  type CameraState,
} from '../../../renderer/src/scanner/camera';
import type { QrDecoder } from '../../../renderer/src/scanner/decoders';

// The packaged wasm's URL comes from a Vite `?url` import; these tests never load the engine.
vi.mock('../../../renderer/src/scanner/wasm-url', () => ({ zxingWasmUrl: '/test.wasm' }));

class FakeTrack {
  readyState: 'live' | 'ended' = 'live';
  label = 'Fake camera';
  stop() {
    this.readyState = 'ended';
  }
}
class FakeStream {
  tracks = [new FakeTrack()];
  getTracks() {
    return this.tracks;
  }
  getVideoTracks() {
    return this.tracks;
  }
}

function fakeDevices(
  opts: { fail?: { name: string }; devices?: string[]; delay?: Promise<void> } = {},
) {
  const streams: FakeStream[] = [];
  const calls: MediaStreamConstraints[] = [];
  const mediaDevices = {
    async getUserMedia(c: MediaStreamConstraints) {
      calls.push(c);
      if (opts.delay) await opts.delay;
      if (opts.fail) throw Object.assign(new Error(opts.fail.name), { name: opts.fail.name });
      const id = (c.video as { deviceId?: { exact: string } }).deviceId?.exact;
      if (id && !(opts.devices ?? []).includes(id))
        throw Object.assign(new Error('no such camera'), { name: 'OverconstrainedError' });
      const s = new FakeStream();
      streams.push(s);
      return s as unknown as MediaStream;
    },
  };
  return { mediaDevices, streams, calls };
}

// happy-dom's srcObject accepts only its own MediaStream; the fakes stand in for a camera's.
const srcObjects = new WeakMap<HTMLMediaElement, unknown>();
Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
  configurable: true,
  get(this: HTMLMediaElement) {
    return srcObjects.get(this) ?? null;
  },
  set(this: HTMLMediaElement, v: unknown) {
    srcObjects.set(this, v);
  },
});

const decoder: QrDecoder = { engine: 'zxing-wasm', decode: async () => null };
const live = (streams: FakeStream[]) =>
  streams.flatMap((s) => s.tracks).filter((t) => t.readyState === 'live').length;

function video(): HTMLVideoElement {
  const v = document.createElement('video');
  v.play = () => Promise.resolve();
  return v;
}

describe('camera session lifecycle', () => {
  it('start, then stop: every track stopped and the video detached', async () => {
    const f = fakeDevices();
    const states: CameraState[] = [];
    const s = new CameraSession({
      mediaDevices: f.mediaDevices,
      createDecoder: async () => decoder,
    });
    const v = video();
    await s.start({
      video: v,
      deviceId: null,
      decodesPerSecond: 10,
      onScan() {},
      onState: (x) => states.push(x),
    });
    expect(states.map((x) => x.state)).toEqual(['starting', 'running']);
    expect(live(f.streams)).toBe(1);
    expect(v.srcObject).toBe(f.streams[0]);
    await s.stop();
    expect(live(f.streams)).toBe(0);
    expect(v.srcObject).toBeNull();
  });

  it('a stop while the camera is still opening closes it as soon as it arrives', async () => {
    let open!: () => void;
    const f = fakeDevices({ delay: new Promise<void>((r) => (open = r)) });
    const s = new CameraSession({
      mediaDevices: f.mediaDevices,
      createDecoder: async () => decoder,
    });
    const starting = s.start({
      video: video(),
      deviceId: null,
      decodesPerSecond: 10,
      onScan() {},
      onState() {},
    });
    const stopping = s.stop();
    open();
    await Promise.all([starting, stopping]);
    expect(f.streams).toHaveLength(1);
    expect(live(f.streams)).toBe(0);
  });

  it('a decoder that fails to load leaves no live track', async () => {
    const f = fakeDevices();
    const states: CameraState[] = [];
    const s = new CameraSession({
      mediaDevices: f.mediaDevices,
      createDecoder: () => Promise.reject(new Error('no wasm')),
    });
    await s.start({
      video: video(),
      deviceId: null,
      decodesPerSecond: 10,
      onScan() {},
      onState: (x) => states.push(x),
    });
    expect(live(f.streams)).toBe(0);
    expect(states.at(-1)).toEqual({ state: 'unavailable', problem: 'failed' });
  });

  it('uses the configured camera, and falls back to the first one when it is missing', async () => {
    const f = fakeDevices({ devices: ['cam-2'] });
    const s1 = new CameraSession({
      mediaDevices: f.mediaDevices,
      createDecoder: async () => decoder,
    });
    await s1.start({
      video: video(),
      deviceId: 'cam-2',
      decodesPerSecond: 10,
      onScan() {},
      onState() {},
    });
    expect(f.calls[0]?.video).toMatchObject({ deviceId: { exact: 'cam-2' } });
    await s1.stop();
    const s2 = new CameraSession({
      mediaDevices: f.mediaDevices,
      createDecoder: async () => decoder,
    });
    await s2.start({
      video: video(),
      deviceId: 'gone',
      decodesPerSecond: 10,
      onScan() {},
      onState() {},
    });
    expect(f.calls[1]?.video).toMatchObject({ deviceId: { exact: 'gone' } });
    expect((f.calls[2]?.video as { deviceId?: unknown }).deviceId).toBeUndefined();
    expect(s2.current.state).toBe('running');
    await s2.stop();
    expect(live(f.streams)).toBe(0);
  });

  it('reports permission denied, no camera and no camera support', async () => {
    for (const [name, problem] of [
      ['NotAllowedError', 'denied'],
      ['NotFoundError', 'no-camera'],
      ['NotReadableError', 'failed'],
    ] as const) {
      const f = fakeDevices({ fail: { name } });
      const s = new CameraSession({
        mediaDevices: f.mediaDevices,
        createDecoder: async () => decoder,
      });
      await s.start({
        video: video(),
        deviceId: null,
        decodesPerSecond: 10,
        onScan() {},
        onState() {},
      });
      expect(s.current).toEqual({ state: 'unavailable', problem });
    }
    const none = new CameraSession({ mediaDevices: undefined, createDecoder: async () => decoder });
    await none.start({
      video: video(),
      deviceId: null,
      decodesPerSecond: 10,
      onScan() {},
      onState() {},
    });
    expect(none.current).toEqual({ state: 'unavailable', problem: 'unsupported' });
  });

  it('is started once per visit', async () => {
    const s = new CameraSession({
      mediaDevices: fakeDevices().mediaDevices,
      createDecoder: async () => decoder,
    });
    await s.start({
      video: video(),
      deviceId: null,
      decodesPerSecond: 10,
      onScan() {},
      onState() {},
    });
    expect(() =>
      s.start({ video: video(), deviceId: null, decodesPerSecond: 10, onScan() {}, onState() {} }),
    ).toThrow();
    await s.stop();
  });
});

describe('CameraScanner component', () => {
  const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: loadMessages() as never });

  it('leaving the screen (unmount) stops every track, also mid-start', async () => {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    const f = fakeDevices();
    const deps: CameraDeps = { mediaDevices: f.mediaDevices, createDecoder: async () => decoder };
    const w = mount(CameraScanner, {
      props: { deviceId: null, deps },
      global: { plugins: [i18n] },
    });
    await vi.waitFor(() =>
      expect(w.find('[data-testid="camera-status"]').text()).toContain('请将二维码对准摄像头'),
    );
    expect(w.text()).toContain('摄像头仅用于识别二维码');
    expect(live(f.streams)).toBe(1);
    w.unmount();
    await vi.waitFor(() => expect(live(f.streams)).toBe(0));

    let open!: () => void;
    const slow = fakeDevices({ delay: new Promise<void>((r) => (open = r)) });
    const w2 = mount(CameraScanner, {
      props: {
        deviceId: null,
        deps: { mediaDevices: slow.mediaDevices, createDecoder: async () => decoder },
      },
      global: { plugins: [i18n] },
    });
    await nextTick();
    w2.unmount();
    open();
    await vi.waitFor(() => expect(slow.streams).toHaveLength(1));
    await vi.waitFor(() => expect(live(slow.streams)).toBe(0));
  });

  it('says so when the camera is denied', async () => {
    const f = fakeDevices({ fail: { name: 'NotAllowedError' } });
    const w = mount(CameraScanner, {
      props: {
        deviceId: null,
        deps: { mediaDevices: f.mediaDevices, createDecoder: async () => decoder },
      },
      global: { plugins: [i18n] },
    });
    await vi.waitFor(() => expect(w.text()).toContain('摄像头未获授权'));
    expect(w.text()).toContain('您仍可使用扫码枪扫描');
    w.unmount();
  });

  it('emits a decoded text once, not again while the same code stays in view', async () => {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    Object.defineProperty(HTMLVideoElement.prototype, 'videoWidth', {
      configurable: true,
      get: () => 640,
    });
    Object.defineProperty(HTMLVideoElement.prototype, 'videoHeight', {
      configurable: true,
      get: () => 480,
    });
    const getContext = vi
      .spyOn(HTMLCanvasElement.prototype, 'getContext')
      .mockReturnValue({ drawImage() {} } as unknown as CanvasRenderingContext2D);
    const f = fakeDevices();
    const seeing: QrDecoder = { engine: 'zxing-wasm', decode: async () => 'HELLO' };
    const w = mount(CameraScanner, {
      props: {
        deviceId: null,
        decodesPerSecond: 30,
        deps: { mediaDevices: f.mediaDevices, createDecoder: async () => seeing },
      },
      global: { plugins: [i18n] },
    });
    await vi.waitFor(() => expect(w.emitted('scan')?.length).toBe(1));
    await new Promise((r) => setTimeout(r, 200));
    expect(w.emitted('scan')).toEqual([['HELLO']]);
    w.unmount();
    await vi.waitFor(() => expect(live(f.streams)).toBe(0));
    getContext.mockRestore();
  });
});
