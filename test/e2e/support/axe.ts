// axe-core over the current screen: no serious or critical WCAG 2.2 A/AA violation.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
  expect(bad, `axe on ${where}`).toEqual([]);
}

export type DisplayMode = 'normal' | 'elder' | 'high-contrast';

/** Switches language and display mode with the on-screen controls, as a visitor would. */
export async function setMode(
  page: Page,
  locale: 'zh-CN' | 'en',
  mode: DisplayMode,
): Promise<void> {
  const header = page.getByRole('banner');
  await header.getByRole('button', { name: locale === 'en' ? 'English' : '中文' }).click();
  const elder = header.getByRole('button', { name: locale === 'en' ? 'Large text' : '大字模式' });
  const contrast = header.getByRole('button', {
    name: locale === 'en' ? 'High contrast' : '高对比度',
  });
  if ((await elder.getAttribute('aria-pressed')) !== String(mode === 'elder')) await elder.click();
  if ((await contrast.getAttribute('aria-pressed')) !== String(mode === 'high-contrast'))
    await contrast.click();
}
