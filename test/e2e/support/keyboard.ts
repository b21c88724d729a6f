// Types on the kiosk's on-screen keyboard, key by key, as a person would.
import type { Page } from '@playwright/test';

export async function typeOnScreen(page: Page, text: string): Promise<void> {
  const keyboard = page.locator('.osk');
  // Code keypads name their keys in capitals, text keyboards as printed (`t`).
  for (const ch of text) {
    const name = new RegExp(`^${ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
    await keyboard.getByRole('button', { name }).click();
  }
}

/** The discreet door to guide mode: a two-second press on the attract screen's logo. */
export async function longPressLogo(page: Page): Promise<void> {
  const box = await page.getByTestId('brand-logo').boundingBox();
  if (!box) throw new Error('no logo on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(2300);
  await page.mouse.up();
}
