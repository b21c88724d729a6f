// A whole session filled with marker values (a search, an enterprise, a request with a phone
// number and its ticket), then ended: none of them may be found anywhere in
// the page afterwards — DOM, web storage, IndexedDB, caches, or the JavaScript heap (stores,
// router history, closures), and the display modes are back to normal.
import { expect, test } from './fixtures';
import { heapContains, storedStrings } from './support/heap';
import { typeOnScreen } from './support/keyboard';

const USCC = '91330521DQ0000018A';
const NAME = '德清星图测绘地理信息有限公司';
const SEARCH_MARKER = 'xqzjvw';
const PHONE = '13987654321';

test('ending a session leaves nothing of it in the page', async ({ page, kiosk }) => {
  await kiosk.open(page);

  // A search nobody else should see.
  await page.getByRole('button', { name: /浏览和搜索服务/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '服务目录' })).toBeVisible();
  await page.getByRole('button', { name: '搜索服务', exact: true }).click();
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

  // A request with a phone number, submitted: the receipt screen shows the ticket.
  const main = page.getByRole('main');
  await main.getByRole('button', { name: '办事（一类事一次办）' }).click();
  await main
    .getByRole('button', { name: /企业注销/ })
    .first()
    .click();
  const next = main.getByRole('button', { name: '下一步' });
  for (let step = 1; step <= 4; step++) await next.click();
  await typeOnScreen(page, PHONE);
  await main.getByRole('button', { name: '确定号码' }).click();
  await main.getByRole('checkbox', { name: '我已阅读并同意上述告知' }).click();
  await next.click();
  await main.getByRole('button', { name: '确认提交' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '已提交' })).toBeVisible();
  const ticket = ((await page.getByTestId('ticket').textContent()) ?? '').trim();
  expect(ticket).toMatch(/^DQ01-\d{8}-\d{4,}$/);
  // The receipt's tracking code (what proves the receipt is in hand), as its QR carries it.
  const code = ((await page.getByTestId('track-code').textContent()) ?? '').replace(/\s/g, '');
  const receiptQr = `DQT2.${ticket}.${code}`;
  await page.getByRole('banner').getByRole('button', { name: 'English' }).click();

  await page.locator('.session-bar').getByRole('button', { name: 'Finish' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }),
  ).toBeVisible();

  const markers = [USCC, NAME, SEARCH_MARKER, PHONE, ticket, receiptQr];
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
