// Signs a staff member into guide mode as a person does: the long press on the attract screen's
// logo, the staff id and the PIN on the on-screen keypad.
import { expect, type Page } from '@playwright/test';
import { longPressLogo, typeOnScreen } from './keyboard';

export async function signInAsGuide(page: Page, staffId: string, pin: string): Promise<void> {
  await longPressLogo(page);
  await expect(page.getByRole('heading', { level: 1, name: '帮办人员登录' })).toBeVisible();
  await typeOnScreen(page, staffId);
  await page.getByRole('button', { name: '下一步' }).click();
  await typeOnScreen(page, pin);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '帮办模式' })).toBeVisible();
}
