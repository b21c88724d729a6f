// The service catalog through the UI: from the attract screen, browse bundles, a bundle's page,
// measures and the station; search with the on-screen pinyin keyboard.
import { expect, test } from './fixtures';

/** Types on the on-screen keyboard, key by key, as a person would. */
async function typeOnKeyboard(page: import('@playwright/test').Page, text: string) {
  const keyboard = page.getByRole('group', { name: '拼音键盘' });
  for (const ch of text) await keyboard.getByRole('button', { name: ch, exact: true }).click();
}

test('browse: attract → bundles by topic → 企业开办 → back → by board → measures → station', async ({
  page,
  kiosk,
}) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await kiosk.open(page);
  await page.getByRole('button', { name: /浏览和搜索服务/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '服务目录' })).toBeVisible();
  await expect(page.getByText(/目录版本 1\.2\.0（[0-9a-f]{12}）/)).toBeVisible();

  await page.getByRole('button', { name: /按营商环境指标浏览一类事/ }).click();
  await expect(
    page.getByRole('heading', { level: 2, name: '市场准入 · Business Entry' }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '德清特色一类事' })).toBeVisible();
  await page.getByRole('button', { name: /^企业开办/ }).click();

  await expect(page.getByRole('heading', { level: 1, name: '企业开办' })).toBeVisible();
  const basic = page.getByRole('region', { name: /基本服务事项/ });
  await expect(basic.getByRole('listitem')).toHaveCount(6);
  await expect(basic.getByRole('listitem').first()).toContainText('公司设立登记');
  // No 办事指南 is built in: each service says so, and the page says where to ask.
  await expect(basic.getByTestId('service-guide-missing')).toHaveCount(6);
  await expect(basic.getByTestId('guides-missing-note')).toContainText('综合受理窗口');
  await expect(
    page.getByRole('region', { name: /增值服务事项/ }).getByRole('listitem'),
  ).toHaveCount(12);
  await expect(page.getByRole('region', { name: /证、照、章、金、银、税、码/ })).toContainText(
    '公章刻制',
  );
  // The center's own guidance, marked as such; the food question adds the food business permit.
  const guidance = page.getByRole('region', { name: '中心办理指引' });
  await expect(guidance).toContainText('不是文件原文');
  await expect(guidance).toContainText('中心承诺 3 个工作日内反馈办理进度');
  await expect(guidance).toContainText('不是法定办理时限');
  await guidance
    .getByRole('group', { name: '您是否从事食品销售或餐饮服务？' })
    .getByRole('button', { name: '是' })
    .click();
  await expect(guidance.getByText('根据您的回答，还需要办理：')).toBeVisible();
  await expect(guidance.getByRole('listitem').filter({ hasText: '食品经营许可' })).toBeVisible();

  await page.getByRole('button', { name: '返回上一步' }).click();
  await page.getByRole('button', { name: '按服务板块', exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 2, name: '金融服务板块 · Financial services' }),
  ).toBeVisible();

  await page.getByRole('button', { name: '返回上一步' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '服务目录' })).toBeVisible();
  await page.getByRole('button', { name: /惠企细化措施/ }).click();
  await page.getByRole('button', { name: /^金融服务板块/ }).click();
  const finance = page.locator('.measure-card');
  await expect(finance).toHaveCount(17);
  const m30 = page.locator('#measure-30');
  await expect(m30).toContainText('深化银担合作');
  await expect(m30).toContainText('县金融办');
  await expect(m30).toContainText('地方细化落实');
  await page.getByRole('button', { name: '按总体任务' }).click();
  await page.getByRole('button', { name: /^三、真公平破隐性/ }).click();
  await expect(page.locator('.measure-card')).toHaveCount(19);
  await page.getByRole('button', { name: /^（十六）严格实行“非禁即入”/ }).click();
  await expect(page.locator('.measure-card')).toHaveCount(2);

  await page.getByRole('button', { name: '回到首页' }).click();
  await page.getByRole('button', { name: /浏览和搜索服务/ }).click();
  await page.getByRole('button', { name: /德清县地信小镇特色服务驿站/ }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: '德清县地信小镇特色服务驿站' }),
  ).toBeVisible();
  await expect(page.getByText('可办理的特色服务共 66 项')).toBeVisible();
  await expect(page.locator('.service-list li')).toHaveCount(66);

  // English chrome, Chinese data.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByText('66 services offered here')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '“地信+”产业特色服务' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('search with the pinyin keyboard: initials, highlighting, opening a hit, and a miss', async ({
  page,
  kiosk,
}) => {
  await kiosk.open(page);
  await page.getByRole('button', { name: /浏览和搜索服务/ }).click();
  // A name without `exact` also matches the menu's 浏览和搜索服务 while that screen is still up.
  await expect(page.getByRole('heading', { level: 1, name: '服务目录' })).toBeVisible();
  await page.getByRole('button', { name: '搜索服务', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '搜索服务' })).toBeVisible();

  await typeOnKeyboard(page, 'qykb');
  await expect(page.getByRole('textbox', { name: '搜索内容' })).toHaveValue('qykb');
  await expect(page.getByRole('main').getByRole('status')).toHaveText(/找到 \d+ 项/);
  const first = page.locator('.search-hit').first();
  await expect(first).toContainText('一类事');
  await expect(first.locator('mark')).toHaveText('企业开办');

  await first.click();
  await expect(page.getByRole('heading', { level: 1, name: '企业开办' })).toBeVisible();
  await page.getByRole('button', { name: '返回上一步' }).click();
  // The query is still there when coming back.
  await expect(page.getByRole('textbox', { name: '搜索内容' })).toHaveValue('qykb');

  // A measure found by its text opens the measures list at that measure.
  await page.getByRole('button', { name: '清空' }).click();
  await typeOnKeyboard(page, 'fenghuangxingdong');
  const hit = page.locator('.search-hit').first();
  await expect(hit).toContainText('细化措施 第 26 项');
  await expect(hit.locator('mark')).toHaveText('凤凰行动');
  await hit.click();
  await expect(page.locator('#measure-26')).toHaveClass(/measure-card--focus/);
  await page.getByRole('button', { name: '返回上一步' }).click();

  // Nothing found; pressing Search records the miss (text and time only).
  await page.getByRole('button', { name: '清空' }).click();
  await typeOnKeyboard(page, 'zzzzzz');
  await expect(page.getByRole('main').getByRole('status')).toHaveText(
    '没有找到与“zzzzzz”相关的服务。',
  );
  await page.getByRole('group', { name: '拼音键盘' }).getByRole('button', { name: '搜索' }).click();
  await expect(page.getByText('只记录文字和时间')).toBeVisible();

  // Going home forgets the query for the next person.
  await page.getByRole('button', { name: '回到首页' }).click();
  await page.getByRole('button', { name: /浏览和搜索服务/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '服务目录' })).toBeVisible();
  await page.getByRole('button', { name: '搜索服务', exact: true }).click();
  await expect(page.getByRole('textbox', { name: '搜索内容' })).toHaveValue('');
});
