// The department console end to end: a kiosk hands a 企业开办 request to the real back office; a
// handler of 县税务局 does not see it; a handler of 县市场监管局 signs in, finds it in the queue,
// sees the phone masked until 查看完整号码, completes it with 办理结果 and 确认办结; the kiosk's
// tracking then shows 已办结 with that note; a supervisor finds the phone view in the audit. Every
// console screen on the way is checked with axe.
import type { Browser, Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, startKiosk, test, type RunningKiosk } from './fixtures';
import { expectAccessible } from './support/axe';
import {
  backOfficeCli,
  listedRequests,
  serveBackOffice,
  type Service,
} from './support/back-office-service';
import { founderRequest, receiptCode, trackKeyed, untilStatus } from './support/founder-request';

let kiosk: RunningKiosk | null = null;
let service: Service | null = null;
test.afterEach(async () => {
  await kiosk?.stop();
  await service?.stop();
  kiosk = null;
  service = null;
});

const PASSWORD = 'console-test-password';

/** A desktop browser window signed in to the console as `username`. */
async function consolePage(browser: Browser, url: string, username: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await page.goto(`${url}/console/`);
  await expect(page.getByRole('heading', { name: '工作人员登录' })).toBeVisible();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(username);
  return page;
}

test('a handler works the kiosk’s request in the console; the kiosk shows 已办结 with the note', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'back-office-console-e2e-'));
  service = await serveBackOffice(dataDir);
  const s = service;
  const auth = ['--url', s.url, '--token', s.adminToken ?? ''];
  const added = backOfficeCli(['kiosks', 'add', 'DQ01', '--town', '武康街道', ...auth, '--json']);
  expect(added.code, added.err).toBe(0);
  const enrolled = JSON.parse(added.out) as { kioskSecret: string; endpoint: string };
  for (const [user, role, department] of [
    ['wang', 'handler', '县市场监管局'],
    ['zhao', 'handler', '县税务局'],
    ['sun', 'supervisor', null],
    ['root', 'admin', null],
  ] as const) {
    const made = backOfficeCli(
      [
        'users',
        'add',
        user,
        '--role',
        role,
        ...(department ? ['--department', department] : []),
        '--password-stdin',
        ...auth,
      ],
      `${PASSWORD}\n`,
    );
    expect(made.code, made.err).toBe(0);
  }

  kiosk = await startKiosk({
    config: {
      kioskId: 'DQ01',
      backOffice: {
        endpoint: enrolled.endpoint,
        kioskSecret: enrolled.kioskSecret,
        pullIntervalSeconds: 10,
      },
    },
  });
  await kiosk.open(page);
  const ticket = await founderRequest(page, '13700004444');
  // The receipt's tracking code: with it the kiosk shows the notes, not only the status.
  const code = await receiptCode(page);
  await expect
    .poll(() => listedRequests(auth).map((r) => r.ticket), { timeout: 30_000 })
    .toContain(ticket);

  // The sign-in screen, then another department's handler: an empty queue.
  const zhao = await consolePage(browser, s.url, 'zhao');
  await expect(zhao.getByTestId('due-counts')).toBeVisible();
  await expect(zhao.getByTestId('queue-table')).not.toContainText(ticket);
  await expect(zhao.getByText('没有符合条件的办件。')).toBeVisible();
  await zhao.context().close();

  const wang = await consolePage(browser, s.url, 'wang');
  await expectAccessible(wang, 'console queue');
  const row = wang.getByTestId('queue-table').locator(`tr[data-ticket="${ticket}"]`);
  await expect(row).toContainText('企业开办');
  await expect(row).toContainText('DQ01');
  await row.getByRole('link', { name: ticket }).click();
  await expect(wang.getByRole('heading', { level: 1 })).toContainText(ticket);
  await expect(wang.getByTestId('phone')).toHaveText('137****4444');
  await expect(wang.locator('body')).not.toContainText('13700004444');
  await expectAccessible(wang, 'console request');
  await wang.getByRole('button', { name: '查看完整号码' }).click();
  await expect(wang.getByTestId('phone')).toHaveText('13700004444');

  await wang.getByRole('button', { name: '办结', exact: true }).click();
  await wang.getByLabel('办理结果').fill('营业执照已核发，请到 3 号窗口领取');
  await expectAccessible(wang, 'console request, completing');
  await wang.getByRole('button', { name: '确认办结' }).click();
  await expect(wang.getByRole('status')).toContainText('已保存');
  await expect(wang.getByRole('heading', { level: 1 })).toContainText('已办结');

  // The kiosk's tracking, after its next pull.
  await page.getByRole('main').getByRole('button', { name: '完成' }).click();
  await trackKeyed(page, ticket, code);
  await untilStatus(page, '已办结');
  await expect(page.getByTestId('track-status-only')).toHaveCount(0);
  await expect(page.getByTestId('timeline')).toContainText('营业执照已核发，请到 3 号窗口领取');

  // The supervisor sees who looked at the full number, and the other screens pass axe.
  const sun = await consolePage(browser, s.url, 'sun');
  await sun.getByRole('link', { name: '号码查看记录' }).click();
  const audit = sun.getByTestId('phone-audit');
  await expect(audit).toContainText('wang');
  await expect(audit).toContainText(ticket);
  await expectAccessible(sun, 'console phone audit');
  await sun.getByRole('link', { name: '督办与回访' }).click();
  await expect(sun.getByRole('heading', { name: '督办与回访' })).toBeVisible();
  await expectAccessible(sun, 'console supervision');
  await sun.getByRole('link', { name: '短信发件箱' }).click();
  await expect(sun.getByTestId('outbox')).toContainText(ticket);
  await expectAccessible(sun, 'console outbox');
  await sun.getByRole('link', { name: '一屏总览' }).click();
  await expect(sun.getByTestId('fleet').locator('tr[data-kiosk="DQ01"]')).toContainText('在线');
  await expectAccessible(sun, 'console fleet');
  await sun.getByRole('link', { name: '统计报表' }).click();
  await expect(sun.getByTestId('report-table')).toContainText('县市场监管局');
  await expect(sun.getByTestId('report-chart')).toBeVisible();
  await expectAccessible(sun, 'console reports');
  await sun.getByRole('button', { name: 'English' }).click();
  await expect(sun.getByRole('heading', { name: 'Reports' })).toBeVisible();
  await expectAccessible(sun, 'console reports (English)');
  await sun.context().close();
  await wang.context().close();

  // An administrator: the fleet first, and the staff accounts.
  const root = await consolePage(browser, s.url, 'root');
  await expect(root.getByRole('heading', { name: '一屏总览' })).toBeVisible();
  await root.getByRole('link', { name: '工作人员账户' }).click();
  await expect(root.getByTestId('users')).toContainText('县市场监管局');
  await expectAccessible(root, 'console users');
  await root.context().close();
});
