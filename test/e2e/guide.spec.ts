import { expect, test } from './fixtures';
import { kioskctl } from './support/kioskctl';
import { longPressLogo, typeOnScreen } from './support/keyboard';

async function signIn(
  page: import('@playwright/test').Page,
  staffId: string,
  pin: string,
): Promise<void> {
  await longPressLogo(page);
  await expect(page.getByRole('heading', { level: 1, name: '帮办人员登录' })).toBeVisible();
  await typeOnScreen(page, staffId);
  await page.getByRole('button', { name: '下一步' }).click();
  await typeOnScreen(page, pin);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

test('kioskctl set-pin refuses a mismatch and stores only a hash', async ({ kiosk }) => {
  expect(kioskctl(kiosk.dataDir, ['set-pin', '--staff', 'G001'], '123456\n654321\n').out).toContain(
    'differ',
  );
  const ok = kioskctl(
    kiosk.dataDir,
    ['set-pin', '--staff', 'G001', '--role', 'admin', '--json'],
    '123456\n123456\n',
  );
  expect(ok.code).toBe(0);
  expect(JSON.parse(ok.out)).toEqual({ ok: true, staff: 'G001', role: 'admin' });
  expect(ok.out + ok.err).not.toContain('123456');
});

test('a guide signs in with a PIN, answers a help call, changes a setting, and every action is audited', async ({
  page,
  kiosk,
}) => {
  kioskctl(kiosk.dataDir, ['set-pin', '--staff', 'G007'], '24681357\n24681357\n');
  await kiosk.open(page);
  // No visible button leads to guide mode.
  await expect(page.getByRole('button', { name: /帮办人员登录|帮办模式/ })).toHaveCount(0);

  // A visitor calls for help. No guide has signed in (and it may be after hours): the kiosk says
  // nobody is coming, and records the call for the next guide.
  await page.getByRole('button', { name: '呼叫帮办' }).click();
  await expect(page.getByText(/不会有人前来/)).toBeVisible();

  await signIn(page, 'G007', '24681357');
  await expect(page.getByRole('heading', { level: 1, name: '帮办模式' })).toBeVisible();
  await expect(page.getByText('工号 G007（帮办人员）')).toBeVisible();
  await expect(page.getByRole('rowheader', { name: '数据库' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: '打印机' })).toBeVisible();
  // Only admins may close the kiosk.
  await expect(page.getByRole('button', { name: '关闭自助机程序' })).toHaveCount(0);

  await page.getByRole('tab', { name: '求助' }).click();
  await expect(page.getByText('来自页面：attract')).toBeVisible();
  await page.getByRole('button', { name: '已处理' }).click();
  await expect(page.getByText('目前没有求助。')).toBeVisible();

  await page.getByRole('tab', { name: '设置' }).click();
  await page.getByRole('button', { name: '120 秒' }).first().click();
  await expect(page.getByText('已保存。')).toBeVisible();

  await page.getByRole('tab', { name: '操作记录' }).click();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.filter({ hasText: 'change-settings' })).toContainText('idleSeconds: 90 → 120');
  await expect(rows.filter({ hasText: 'answer-help-call' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'unlock' }).first()).toContainText('G007');

  await page.getByRole('button', { name: '锁定并退出帮办' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }),
  ).toBeVisible();

  const audit = JSON.parse(kioskctl(kiosk.dataDir, ['audit', '--json']).out) as {
    action: string;
    staffId: string;
  }[];
  expect(audit.map((a) => a.action)).toEqual([
    'lock',
    'change-settings',
    'answer-help-call',
    'unlock',
  ]);
  expect(audit.every((a) => a.staffId === 'G007')).toBe(true);
});

test('five wrong PINs lock PIN entry for five minutes', async ({ page, kiosk }) => {
  kioskctl(kiosk.dataDir, ['set-pin', '--staff', 'G008'], '11223344\n11223344\n');
  await kiosk.open(page);
  await longPressLogo(page);
  await typeOnScreen(page, 'G008');
  await page.getByRole('button', { name: '下一步' }).click();
  for (let i = 4; i >= 1; i--) {
    await typeOnScreen(page, '999999');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText(`工号或密码不正确，还可以再试 ${i} 次。`);
  }
  await typeOnScreen(page, '999999');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('密码登录已锁定至');
  await typeOnScreen(page, '11223344');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('密码登录已锁定至');
  await expect(page.getByRole('heading', { level: 1, name: '帮办模式' })).toHaveCount(0);
});
