// Types like a USB keyboard-wedge scanner: trusted key events 5 ms apart by their hardware
// timestamps (CDP), then Enter — the wedge detector judges a burst by those timestamps.
import type { Page } from '@playwright/test';

export async function usbScan(page: Page, text: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  let t = Date.now() / 1000;
  for (const ch of text) {
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyDown',
      key: ch,
      text: ch,
      unmodifiedText: ch,
      timestamp: t,
    });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, timestamp: t + 0.002 });
    t += 0.005;
  }
  const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 };
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...enter, text: '\r', timestamp: t });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...enter, timestamp: t + 0.002 });
  await cdp.detach();
}
