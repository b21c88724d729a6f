// A Chromium whose camera plays a QR code: a y4m video made here with ffmpeg from a QR PNG, fed
// through Chromium's fake capture device. Every camera track the page opens is recorded, so a
// test can check they all end.
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { CHROMIUM_FLAGS, chromiumPath } from '../chromium';

interface Track {
  readyState: string;
}
interface CamGlobals {
  __tracks: Track[];
  navigator: { mediaDevices: { getUserMedia(c: unknown): Promise<{ getTracks(): Track[] }> } };
}

export interface FakeCamera {
  browser: Browser;
  page: Page;
  liveTracks(): Promise<number>;
  openedTracks(): Promise<number>;
  close(): Promise<void>;
}

export async function launchWithFakeCamera(qrText: string): Promise<FakeCamera> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-cam-'));
  const png = path.join(dir, 'qr.png');
  const y4m = path.join(dir, 'qr.y4m');
  await QRCode.toFile(png, qrText, { width: 400, margin: 4, errorCorrectionLevel: 'M' });
  const ff = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-y',
      '-loop',
      '1',
      '-i',
      png,
      '-t',
      '2',
      '-r',
      '10',
      '-vf',
      'pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p',
      y4m,
    ],
    { encoding: 'utf8' },
  );
  if (ff.status !== 0) throw new Error(`ffmpeg failed: ${ff.stderr}`);
  const browser = await chromium.launch({
    executablePath: chromiumPath() ?? undefined,
    args: [
      ...CHROMIUM_FLAGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`,
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1080, height: 1920 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = globalThis as unknown as CamGlobals;
    const md = w.navigator.mediaDevices;
    const original = md.getUserMedia.bind(md);
    w.__tracks = [];
    md.getUserMedia = async (c) => {
      const s = await original(c);
      w.__tracks.push(...s.getTracks());
      return s;
    };
  });
  return {
    browser,
    page,
    liveTracks: () =>
      page.evaluate(
        () =>
          (globalThis as unknown as CamGlobals).__tracks.filter((t) => t.readyState === 'live')
            .length,
      ),
    openedTracks: () => page.evaluate(() => (globalThis as unknown as CamGlobals).__tracks.length),
    close: async () => {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
