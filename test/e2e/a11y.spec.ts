// Every screen, in both languages and every display mode, has no serious or critical axe finding.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectAccessible, setMode, type DisplayMode } from './support/axe';
import { kioskctl } from './support/kioskctl';
import { longPressLogo, typeOnScreen } from './support/keyboard';

const MODES: ['zh-CN' | 'en', DisplayMode][] = [
  ['zh-CN', 'normal'],
  ['en', 'normal'],
  ['zh-CN', 'elder'],
  ['en', 'high-contrast'],
  ['zh-CN', 'high-contrast'],
  ['en', 'elder'],
];

/** Screens a visitor reaches, each opened from the attract screen. */
const SCREENS: { name: string; open: (page: Page) => Promise<void> }[] = [
  { name: 'attract', open: async () => {} },
  {
    name: 'catalog home',
    open: async (page) =>
      page.getByRole('button', { name: /浏览和搜索服务|Browse and search services/ }).click(),
  },
  {
    name: 'scan',
    open: async (page) =>
      page.getByRole('button', { name: /^(扫描企业码|Scan your enterprise code)$/ }).click(),
  },
  {
    name: 'guide sign-in',
    open: async (page) => longPressLogo(page),
  },
  {
    name: 'start a company (wizard step 1)',
    open: async (page) =>
      page.getByRole('button', { name: /我要开办企业|Start a company/ }).click(),
  },
  {
    name: 'raise an issue (诉求 category and descriptions)',
    open: async (page) => {
      await page.getByRole('button', { name: /我有诉求|Raise an issue/ }).click();
      await page
        .getByRole('main')
        .getByRole('button', { name: /^(拖欠账款|Overdue payments owed to us)$/ })
        .click();
    },
  },
  {
    name: 'track a request',
    open: async (page) => page.getByRole('button', { name: /查询进度|Track a request/ }).click(),
  },
];

for (const [locale, mode] of MODES) {
  test(`screens pass axe in ${locale}, ${mode} mode`, async ({ page, kiosk }) => {
    // Seven screens with an axe run each: slower than one test's default on a loaded machine.
    test.setTimeout(150_000);
    await kiosk.open(page);
    for (const screen of SCREENS) {
      await page
        .getByRole('button', { name: /结束服务|Finish/ })
        .click()
        .catch(() => undefined);
      await expect(page.getByTestId('brand-logo')).toBeVisible();
      await screen.open(page);
      await setMode(page, locale, mode);
      await expectAccessible(page, `${screen.name} (${locale}, ${mode})`);
    }
  });
}

test('guide mode passes axe in both languages', async ({ page, kiosk }) => {
  // Eleven axe runs (ten tabs, the dashboard's charts among them, and one in English).
  test.setTimeout(240_000);
  kioskctl(kiosk.dataDir, ['set-pin', '--staff', 'A1', '--role', 'admin'], '97531864\n97531864\n');
  await kiosk.open(page);
  await longPressLogo(page);
  await typeOnScreen(page, 'A1');
  await page.getByRole('button', { name: '下一步' }).click();
  await typeOnScreen(page, '97531864');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  for (const tab of [
    '设备状态',
    '一屏总览',
    '今日办件',
    '办件处理',
    '好差评',
    '回访待办',
    '求助',
    '后台联办',
    '操作记录',
    '设置',
  ]) {
    await page.getByRole('tab', { name: tab }).click();
    await expectAccessible(page, `guide ${tab}`);
  }
  await setMode(page, 'en', 'high-contrast');
  await expectAccessible(page, 'guide settings (en, high contrast)');
});

test('a 诉求 receipt with its 好差评 rating passes axe in every language and mode', async ({
  page,
  kiosk,
}) => {
  test.setTimeout(150_000);
  await kiosk.open(page);
  const main = page.getByRole('main');
  await page.getByRole('button', { name: /我有诉求/ }).click();
  await main.getByRole('button', { name: '审批卡点', exact: true }).click();
  await main.getByRole('radio', { name: '审批时间过长' }).click();
  await main.getByRole('button', { name: '下一步' }).click();
  await typeOnScreen(page, '13812345678');
  await main.getByRole('button', { name: '确定号码' }).click();
  await main.getByRole('checkbox', { name: '我已阅读并同意上述告知' }).click();
  await main.getByRole('button', { name: '下一步' }).click();
  await main.getByRole('button', { name: '确认提交' }).click();
  // The bottom level opens the reasons: the fullest state of the rating screen.
  await page.getByTestId('rating').getByRole('button', { name: '不满意', exact: true }).click();
  for (const [locale, mode] of MODES) {
    await setMode(page, locale, mode);
    await expect(page.getByTestId('rating').getByRole('checkbox')).toHaveCount(5);
    await expectAccessible(page, `appeal receipt with the rating (${locale}, ${mode})`);
  }
});

test('the elder mode has big text, big targets, loose lines and no motion', async ({
  page,
  kiosk,
}) => {
  await kiosk.open(page);
  await setMode(page, 'zh-CN', 'elder');
  const m = await page.evaluate(() => {
    const lead = getComputedStyle(document.querySelector('.attract-lead') as Element);
    const body = getComputedStyle(document.body);
    const buttons = [...document.querySelectorAll('button')]
      .map((b) => b.getBoundingClientRect())
      .filter((r) => r.width > 0);
    return {
      bodyFont: parseFloat(body.fontSize),
      leadFont: parseFloat(lead.fontSize),
      lineHeight: parseFloat(body.lineHeight) / parseFloat(body.fontSize),
      smallestTarget: Math.min(...buttons.map((r) => Math.min(r.width, r.height))),
      motion: getComputedStyle(document.documentElement).getPropertyValue('--motion').trim(),
    };
  });
  expect(m.bodyFont).toBeGreaterThanOrEqual(30);
  expect(m.leadFont).toBeGreaterThanOrEqual(30);
  expect(m.lineHeight).toBeGreaterThanOrEqual(1.3);
  expect(m.smallestTarget).toBeGreaterThanOrEqual(60);
  expect(parseFloat(m.motion)).toBe(0);
});

test('the axe check itself catches a violation', async ({ page, kiosk }) => {
  await kiosk.open(page);
  // An image button without a name: a critical finding the check must report.
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.appendChild(document.createElement('img'));
    document.querySelector('main')?.appendChild(b);
  });
  await expect(expectAccessible(page, 'attract with an unnamed button')).rejects.toThrow(
    /button-name/,
  );
});
