// A 企业开办 request made on screen as a founder would, and tracking it by its ticket.
import type { Page } from '@playwright/test';
import { expect } from '../fixtures';
import { typeOnScreen } from './keyboard';

const main = (page: Page) => page.getByRole('main');
const next = (page: Page) => main(page).getByRole('button', { name: '下一步' });

/** 我要开办企业 on the attract screen, every question "no", a phone, submitted: the ticket. */
export async function founderRequest(page: Page, phone: string): Promise<string> {
  await page.getByRole('button', { name: /我要开办企业/ }).click();
  await next(page).click();
  for (const q of [/食品销售/, /个体工商户转为企业/, /预约银行开户/])
    await main(page).getByRole('group', { name: q }).getByRole('button', { name: '否' }).click();
  for (let i = 0; i < 3; i++) await next(page).click();
  await typeOnScreen(page, phone);
  await main(page).getByRole('button', { name: '确定号码' }).click();
  await main(page).getByRole('checkbox', { name: '我已阅读并同意上述告知' }).click();
  await next(page).click();
  await main(page).getByRole('button', { name: '确认提交' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '已提交' })).toBeVisible();
  return ((await page.getByTestId('ticket').textContent()) ?? '').trim();
}

/** The receipt's 6-digit tracking code (查询码), as shown after submitting. */
export async function receiptCode(page: Page): Promise<string> {
  return ((await page.getByTestId('track-code').textContent()) ?? '').replace(/\s/g, '');
}

/**
 * From the attract screen: 查询进度, the ticket keyed in (and the receipt's 查询码, which shows
 * the notes too), 查询.
 */
export async function trackKeyed(page: Page, ticket: string, code?: string): Promise<void> {
  await page.getByRole('button', { name: /查询进度/ }).click();
  await typeOnScreen(page, ticket);
  if (code) {
    await page.getByTestId('code-field').click();
    await typeOnScreen(page, code);
  }
  await main(page).getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByTestId('track-result')).toBeVisible();
}

/** Presses 查询 again until the status shows (the kiosk pulls statuses every 10 s here). */
export async function untilStatus(page: Page, status: string): Promise<void> {
  await expect(async () => {
    await main(page).getByRole('button', { name: '查询', exact: true }).click();
    await expect(page.getByTestId('track-status')).toHaveText(status, { timeout: 1_000 });
  }).toPass({ timeout: 40_000, intervals: [1_000] });
}
