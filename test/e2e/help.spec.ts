// "呼叫帮办" tells the truth: after hours nobody is promised, the hotline is shown and a 诉求 is
// offered; within staffed hours the usual wait is said. The call is recorded either way.
import { expect, startKiosk, test } from './fixtures';
import { expectAccessible } from './support/axe';

test.use({ hasTouch: true });

const CLOSED = { '1': [], '2': [], '3': [], '4': [], '5': [], '6': [], '7': [] };
const ALWAYS_OPEN = Object.fromEntries(
  ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, ['00:00-24:00']]),
);
// A test number, not the center's: the source document names none.
const HOTLINE = '0572-0000000';

test('after hours: no promise that someone is coming, the hotline, and a 诉求 instead', async ({
  page,
}) => {
  const kiosk = await startKiosk({
    config: { hours: { weekly: CLOSED }, help: { hotline: HOTLINE } },
  });
  try {
    await kiosk.open(page);
    // The banner offers the hotline before anyone asks.
    await expect(page.getByRole('note').filter({ hasText: '现在是非工作时间' })).toContainText(
      `7×24 小时助企服务热线：${HOTLINE}（48 小时内回应）`,
    );
    await page.getByRole('button', { name: '呼叫帮办' }).tap();
    const answer = page.locator('.session-bar').getByRole('status');
    await expect(answer).toContainText('帮办人员不在岗，不会有人前来');
    await expect(answer).toContainText('您的求助已记录');
    await expect(answer).toContainText(HOTLINE);
    await expect(answer).not.toContainText('请在此稍候');
    await expect(page.getByText('已通知帮办人员')).toHaveCount(0);
    await expectAccessible(page, 'help call after hours');

    await page.getByRole('button', { name: '改为提出诉求' }).tap();
    await expect(page.getByRole('heading', { level: 1, name: '我有诉求（兜底办）' })).toBeVisible();

    await page.getByRole('banner').getByRole('button', { name: 'English' }).tap();
    await page.getByRole('button', { name: 'Call a guide' }).tap();
    await expect(page.locator('.session-bar').getByRole('status')).toContainText(
      'no guide is on duty, so nobody will come',
    );
  } finally {
    await kiosk.stop();
  }
});

test('within staffed hours with a guide on duty: the usual wait is said', async ({ page }) => {
  const kiosk = await startKiosk({
    config: {
      hours: { weekly: ALWAYS_OPEN },
      help: { guideWindowMinutes: null, responseMinutes: 5 },
    },
  });
  try {
    await kiosk.open(page);
    await page.getByRole('button', { name: '呼叫帮办' }).tap();
    const answer = page.locator('.session-bar').getByRole('status');
    await expect(answer).toContainText('已通知帮办人员，请在此稍候。');
    await expect(answer).toContainText('帮办人员通常在 5 分钟内前来。');
    // No hotline configured: none is shown, and no number is made up.
    await expect(page.getByTestId('hotline')).toHaveCount(0);
  } finally {
    await kiosk.stop();
  }
});

test('within staffed hours but no guide signed in lately: said plainly', async ({ page }) => {
  const kiosk = await startKiosk({ config: { hours: { weekly: ALWAYS_OPEN } } });
  try {
    await kiosk.open(page);
    await page.getByRole('button', { name: '呼叫帮办' }).tap();
    const answer = page.locator('.session-bar').getByRole('status');
    await expect(answer).toContainText('现在没有帮办人员在岗，不会有人前来。');
    await expect(page.getByRole('button', { name: '改为提出诉求' })).toBeVisible();
  } finally {
    await kiosk.stop();
  }
});
