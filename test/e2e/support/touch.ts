// Touch-only input, as on the kiosk's screen: every key is tapped, nothing is typed.
import type { Locator, Page } from '@playwright/test';

/** Taps each character's key on `keyboard` (an on-screen keyboard or the part holding it). */
export async function tapKeys(keyboard: Locator, text: string): Promise<void> {
  for (const ch of text) await keyboard.getByRole('button', { name: ch, exact: true }).tap();
}

/** The code and digit keypads name their keys in capitals. */
export async function tapCode(page: Page, text: string): Promise<void> {
  const keyboard = page.locator('.osk');
  for (const ch of text)
    await keyboard.getByRole('button', { name: ch.toUpperCase(), exact: true }).tap();
}
