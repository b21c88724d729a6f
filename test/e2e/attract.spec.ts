import { writeLaunchPage } from '../../electron/hosts/launch-page';
import { exchangeLaunchCode, expect, startKiosk, test } from './fixtures';

test('the attract screen shows what the kiosk does, in Chinese and in English', async ({
  page,
  kiosk,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') violations.push(m.text());
  });
  await kiosk.open(page);
  await expect(
    page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }),
  ).toBeVisible();
  await expect(page.getByText('德清县企业综合服务中心')).toBeVisible();
  await expect(page.getByText('人工服务时间：')).toBeVisible();
  await expect(page.getByText('周一至周五 08:30-17:00；周六 09:00-12:00')).toBeVisible();

  await page.getByRole('button', { name: 'English' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Enterprise self-service, 24 hours a day' }),
  ).toBeVisible();
  await expect(page.getByText('Mon–Fri 08:30-17:00; Sat 09:00-12:00')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  await page.getByRole('button', { name: '中文' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }),
  ).toBeVisible();
  // No CSP violation or script error on the way.
  expect(violations).toEqual([]);
});

test('the page cannot call the services without the launch secret', async ({ page, kiosk }) => {
  await kiosk.open(page);
  const status = await page.evaluate(async () => {
    const res = await fetch('./api/appInfo', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    return res.status;
  });
  expect(status).toBe(401);
});

test('started as the launcher starts Chromium, the page gets the key once; a stolen code kills it', async ({
  page,
}) => {
  test.setTimeout(60_000);
  // Not a key handed over by the fixture: the launch page the launcher writes, then the code.
  const kiosk = await startKiosk({ launch: 'page' });
  try {
    expect(kiosk.url).toMatch(/\/#c=[A-Za-z0-9_-]+$/);
    await page.goto(writeLaunchPage(kiosk.dataDir, kiosk.url));
    const attract = page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' });
    await expect(attract).toBeVisible();
    expect(new URL(page.url()).origin).toBe(kiosk.origin);
    // The code left the address bar; calls work (the staffed-hours line comes from one), also
    // after a reload.
    expect(new URL(page.url()).hash).toBe('');
    await expect(page.getByText('人工服务时间：')).toBeVisible();
    await page.reload();
    await expect(attract).toBeVisible();
    await expect(page.getByText('人工服务时间：')).toBeVisible();
    // Someone presents the used code again: it is refused, and the key it gave is replaced, so
    // whoever took it first holds nothing — here the page itself, which goes out of service
    // until the launcher starts the browser afresh.
    await expect(exchangeLaunchCode(kiosk.url)).rejects.toThrow(/401/);
    await expect(page.getByRole('heading', { level: 1, name: '本机暂停服务' })).toBeVisible({
      timeout: 20_000,
    });
  } finally {
    await kiosk.stop();
  }
});
