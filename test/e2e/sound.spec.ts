// The tones in a real browser: the oscillators Web Audio starts are recorded (their pitch), so a
// read scan, a refused scan and the idle countdown can be told apart, and none plays when off.
import type { Page } from '@playwright/test';
import { expect, startKiosk, test } from './fixtures';
import { usbScan } from './support/usb-scan';

const SEEDED = '91330521DQ0000018A';

async function recordTones(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { tones: number[] };
    w.tones = [];
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
      w.tones.push(this.frequency.value);
      return start.call(this, when);
    };
  });
}
const tones = (page: Page) => page.evaluate(() => (window as unknown as { tones: number[] }).tones);

test('a read scan rises, a refused one falls, the countdown beeps', async ({ page }) => {
  test.setTimeout(120_000);
  const kiosk = await startKiosk({ config: { timeouts: { idleSeconds: 30 } } });
  try {
    await recordTones(page);
    await kiosk.open(page);
    await usbScan(page, SEEDED);
    await expect.poll(() => tones(page)).toEqual([880, 1320]);
    await page.getByRole('button', { name: '扫描其他企业码' }).click();
    await usbScan(page, 'javascript:alert(document.domain)//91330521DQ0000018A');
    await expect(page.getByTestId('scan-result')).toContainText('本机不会打开其中的链接');
    await expect.poll(() => tones(page)).toEqual([880, 1320, 330, 220]);
    // Thirty seconds without a touch: the countdown opens with its double beep.
    await expect(page.getByRole('alertdialog')).toBeVisible({ timeout: 45_000 });
    await expect.poll(() => tones(page)).toEqual([880, 1320, 330, 220, 660, 660]);
  } finally {
    await kiosk.stop();
  }
});

test('sound.enabled false: silent', async ({ page }) => {
  const kiosk = await startKiosk({ config: { sound: { enabled: false } } });
  try {
    await recordTones(page);
    await kiosk.open(page);
    await usbScan(page, SEEDED);
    await expect(page.getByRole('heading', { level: 1, name: /德清/ })).toBeVisible();
    expect(await tones(page)).toEqual([]);
  } finally {
    await kiosk.stop();
  }
});
