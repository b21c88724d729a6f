// A whole session filled with marker values, then ended: none of them may be found anywhere in
// the page afterwards — DOM, web storage, IndexedDB, caches, or the JavaScript heap (stores,
// router history, closures), and the display modes are back to normal.
import { expect, test } from './fixtures';
import { heapContains, storedStrings } from './support/heap';
import { typeOnScreen } from './support/keyboard';

const USCC = '91330521DQ0000018A';
const NAME = '德清星图测绘地理信息有限公司';
const SEARCH_MARKER = 'xqzjvw';

test('ending a session leaves nothing of it in the page', async ({ page, kiosk }) => {
  await kiosk.open(page);

  // A search nobody else should see.
  await page.getByRole('button', { name: /浏览和搜索服务/ }).click();
  await page.getByRole('button', { name: '搜索服务' }).click();
  await typeOnScreen(page, SEARCH_MARKER);
  await expect(page.getByRole('textbox', { name: '搜索内容' })).toHaveValue(SEARCH_MARKER);
  await page.getByRole('button', { name: '回到首页' }).click();

  // An enterprise keyed in on the keypad, its profile on screen, the elder mode on.
  await page.getByRole('button', { name: '扫描企业码' }).click();
  const keypad = page.getByRole('group', { name: '统一社会信用代码键盘' });
  for (const c of USCC) await keypad.getByRole('button', { name: c, exact: true }).click();
  await keypad.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  await page.getByRole('banner').getByRole('button', { name: '大字模式' }).click();
  await page.getByRole('banner').getByRole('button', { name: 'English' }).click();

  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }),
  ).toBeVisible();

  const markers = [USCC, NAME, SEARCH_MARKER];
  const text = await page.evaluate(() => document.documentElement.outerHTML);
  expect(
    markers.filter((m) => text.includes(m)),
    'in the DOM',
  ).toEqual([]);
  const stored = await storedStrings(page);
  expect(
    markers.filter((m) => stored.includes(m)),
    'in web storage, IndexedDB or caches',
  ).toEqual([]);
  expect(await heapContains(page, markers), 'in the JavaScript heap').toEqual([]);
  await expect(page.locator('html')).not.toHaveClass(/elder/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  // Nothing to go back to.
  await expect(page.getByRole('button', { name: '返回上一步' })).toHaveCount(0);
});
