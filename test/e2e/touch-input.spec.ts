// Chinese text by touch alone (hasTouch, taps, no physical keyboard): pinyin on the on-screen
// keyboard, words chosen from the candidate bar, stored as typed.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectAccessible, setMode, type DisplayMode } from './support/axe';
import { kioskctl } from './support/kioskctl';
import { tapCode, tapKeys } from './support/touch';

test.use({ hasTouch: true });

const main = (page: Page) => page.getByRole('main');

/** Opens the 诉求 description's keyboard (拖欠账款) and returns the field and the keyboard. */
async function openDescription(page: Page, category: RegExp) {
  await page.getByRole('button', { name: /我有诉求|Raise an issue/ }).tap();
  await main(page).getByRole('button', { name: category }).tap();
  const field = main(page).getByRole('textbox', { name: /简要说明|In a few words/ });
  await field.tap();
  const keyboard = main(page).getByRole('group', { name: /屏幕键盘|On-screen keyboard/ });
  await expect(keyboard).toBeVisible();
  return { field, keyboard };
}

test('a 诉求 typed in pinyin by touch: tuoqian → 拖欠, gongchengkuan → 工程款, stored as shown', async ({
  page,
  kiosk,
}) => {
  test.setTimeout(120_000);
  await kiosk.open(page);
  const { field, keyboard } = await openDescription(page, /^拖欠账款$/);

  // The keyboard sits below the field, never over it, and its keys are big enough to tap.
  const fieldBox = (await field.boundingBox())!;
  const keysBox = (await keyboard.boundingBox())!;
  expect(keysBox.y).toBeGreaterThanOrEqual(fieldBox.y + fieldBox.height);
  const t = (await keyboard.getByRole('button', { name: 't', exact: true }).boundingBox())!;
  expect(Math.min(t.width, t.height)).toBeGreaterThanOrEqual(56);

  await tapKeys(keyboard, 'tuoqian');
  await expect(keyboard.getByText('tuoqian', { exact: true })).toBeVisible();
  const candidates = keyboard.getByRole('group', { name: '候选字词' });
  await candidates.getByRole('button', { name: '拖欠', exact: true }).tap();
  await expect(field).toHaveValue('拖欠');

  await tapKeys(keyboard, 'gongchengkuan');
  await candidates.getByRole('button', { name: '工程款', exact: true }).tap();
  await expect(field).toHaveValue('拖欠工程款');

  // Delete takes back the last character; a character from a later page of candidates.
  await keyboard.getByRole('button', { name: '退格' }).tap();
  await expect(field).toHaveValue('拖欠工程');
  await tapKeys(keyboard, 'kuan');
  await candidates.getByRole('button', { name: '款', exact: true }).tap();
  // Digits and punctuation from the symbols layout, then back to pinyin.
  await keyboard.getByRole('button', { name: '符号' }).tap();
  await tapKeys(keyboard, '12，');
  await keyboard.getByRole('button', { name: '拼音' }).tap();
  await tapKeys(keyboard, 'wan');
  await candidates.getByRole('button', { name: '万', exact: true }).tap();
  await expect(field).toHaveValue('拖欠工程款12，万');
  await keyboard.getByRole('button', { name: '完成' }).tap();
  await expect(keyboard).toHaveCount(0);

  await main(page).getByRole('button', { name: '下一步' }).tap();
  await tapCode(page, '13912345678');
  await main(page).getByRole('button', { name: '确定号码' }).tap();
  await main(page).getByRole('checkbox', { name: '我已阅读并同意上述告知' }).tap();
  await main(page).getByRole('button', { name: '下一步' }).tap();
  await main(page).getByRole('button', { name: '确认提交' }).tap();

  await expect(page.getByRole('heading', { level: 1, name: '已提交' })).toBeVisible();
  await expect(page.getByTestId('appeal-about')).toContainText('拖欠工程款12，万');
  const ticket = ((await page.getByTestId('ticket').textContent()) ?? '').trim();
  const shown = kioskctl(kiosk.dataDir, ['requests', 'show', ticket, '--json']);
  expect(shown.code).toBe(0);
  expect(shown.out).toContain('拖欠工程款12，万');
});

test('the contact name is typed by touch too, in Latin letters when asked', async ({
  page,
  kiosk,
}) => {
  await kiosk.open(page);
  await page.getByRole('button', { name: /我有诉求/ }).tap();
  await main(page).getByRole('button', { name: '其他', exact: true }).tap();
  await main(page).getByRole('radio').first().tap();
  await main(page).getByRole('button', { name: '下一步' }).tap();
  const name = main(page).getByRole('textbox', { name: '联系人姓名（选填）' });
  await name.tap();
  const keyboard = main(page).getByRole('group', { name: /联系人姓名.*屏幕键盘/ });
  await tapKeys(keyboard, 'zhang');
  await keyboard.getByRole('group', { name: '候选字词' }).getByRole('button', { name: '张' }).tap();
  await keyboard.getByRole('button', { name: '字母' }).tap();
  await tapKeys(keyboard, 'li');
  await keyboard.getByRole('button', { name: '完成' }).tap();
  await expect(name).toHaveValue('张li');
});

const MODES: ['zh-CN' | 'en', DisplayMode][] = [
  ['zh-CN', 'normal'],
  ['en', 'normal'],
  ['zh-CN', 'elder'],
  ['en', 'elder'],
  ['zh-CN', 'high-contrast'],
  ['en', 'high-contrast'],
];

for (const [locale, mode] of MODES) {
  test(`the open keyboard with candidates passes axe in ${locale}, ${mode} mode`, async ({
    page,
    kiosk,
  }) => {
    await kiosk.open(page);
    await setMode(page, locale, mode);
    const { keyboard } = await openDescription(page, /^(拖欠账款|Overdue payments owed to us)$/);
    await tapKeys(keyboard, 'tuoqian');
    await expect(keyboard.getByRole('button', { name: '拖欠', exact: true })).toBeVisible();
    const min = mode === 'elder' ? 80 : 56;
    for (const name of ['t', '拖欠']) {
      const box = (await keyboard.getByRole('button', { name, exact: true }).boundingBox())!;
      expect(Math.min(box.width, box.height), `${name} in ${mode}`).toBeGreaterThanOrEqual(min);
    }
    await expectAccessible(page, `keyboard open, ${locale}, ${mode}`);
  });
}

test('catalog search: pinyin finds services while typed, and a candidate puts the characters in', async ({
  page,
  kiosk,
}) => {
  await kiosk.open(page);
  await page.getByRole('button', { name: /浏览和搜索服务/ }).tap();
  await expect(page.getByRole('heading', { level: 1, name: '服务目录' })).toBeVisible();
  await page.getByRole('button', { name: '搜索服务', exact: true }).tap();
  const keyboard = page.getByRole('group', { name: '拼音键盘' });
  await keyboard.getByRole('button', { name: '拼音', exact: true }).tap();
  await tapKeys(keyboard, 'kaiban');
  // Not yet converted, the pinyin already searches.
  await expect(page.getByRole('main').getByRole('status')).toHaveText(/找到 \d+ 项/);
  await keyboard
    .getByRole('group', { name: '候选字词' })
    .getByRole('button', { name: '开办' })
    .tap();
  await expect(page.getByRole('textbox', { name: '搜索内容' })).toHaveValue('开办');
  await expect(page.locator('.search-hit').first().locator('mark')).toHaveText('开办');
});
