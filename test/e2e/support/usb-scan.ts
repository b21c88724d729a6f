// Types like a USB keyboard-wedge scanner: trusted key events 5 ms apart by their hardware
// timestamps (CDP Input.dispatchKeyEvent), then Enter. The detector judges a burst by the keys'
// own timestamps, as it would a real scanner's; `page.keyboard.type` cannot set them, and on a
// loaded machine its round trips alone sometimes exceed the 35 ms a burst allows.
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
