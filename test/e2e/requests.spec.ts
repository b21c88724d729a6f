// The guided 一类事 request end to end, driven as a person would: identify, a recommended bundle,
// the six steps (back and forward keep every answer), submit, the receipt, tracking by a keyed
// ticket; the founder path; a printer fault; guide mode's reprint and cancel.
import type { Page } from '@playwright/test';
import { generateKeyPair, signToken } from '../../electron/services/identity/tokens';
import { expect, startKiosk, test, type RunningKiosk } from './fixtures';
import { expectAccessible } from './support/axe';
import { createPdfQueue, requireRealCups, waitForPrintedPdf, type CupsQueue } from './support/cups';
import { signInAsGuide } from './support/guide';
import { kioskctl } from './support/kioskctl';
import { typeOnScreen } from './support/keyboard';
import { usbScan } from './support/usb-scan';

const NOODLES = '92330521DQ0000181E'; // 德清县武康街道老张面馆, 个体工商户 (demo data)

let kiosk: RunningKiosk | null = null;
let queue: CupsQueue | null = null;
test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = null;
  queue?.remove();
  queue = null;
});

/** The kiosk printing to a real CUPS-PDF queue of this test's own. */
async function startWithPrinter(page: Page, config: object = {}): Promise<RunningKiosk> {
  requireRealCups();
  queue = createPdfQueue();
  kiosk = await startKiosk({
    config: { ...config, printer: { receiptPrinter: queue.name, checklistPrinter: queue.name } },
  });
  await kiosk.open(page);
  return kiosk;
}

const main = (page: Page) => page.getByRole('main');
const next = (page: Page) => main(page).getByRole('button', { name: '下一步' });
const count = (page: Page) => page.getByTestId('wizard-count');

test('identify → recommended bundle → six steps with back and forward → receipt → tracking', async ({
  page,
}) => {
  // A whole visit with an axe run on seven screens: longer than one test's default under load.
  test.setTimeout(180_000);
  const k = await startWithPrinter(page);
  await page.getByRole('button', { name: '扫描企业码' }).click();
  await typeOnScreen(page, NOODLES);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: '德清县武康街道老张面馆' }),
  ).toBeVisible();
  await main(page).getByRole('button', { name: '办事（一类事一次办）' }).click();

  // Home: the recommendation and its reason come from the profile.
  await expect(
    page.getByRole('heading', { level: 1, name: '德清县武康街道老张面馆，您好' }),
  ).toBeVisible();
  const recommended = main(page).getByRole('region', { name: '为您推荐' });
  const startup = recommended.getByRole('button', { name: /企业开办/ });
  await expect(startup).toContainText('因为贵企业是个体工商户');
  await expectAccessible(page, 'home');
  await startup.click();

  // 1. What it covers (证照章金银税码).
  await expect(count(page)).toHaveText('第 1 步，共 6 步');
  await expect(main(page).getByText('证、照、章、金、银、税、码', { exact: false })).toBeVisible();
  await next(page).click();

  // 2. Questions: each must be answered.
  await expect(count(page)).toHaveText('第 2 步，共 6 步');
  await next(page).click();
  await expect(main(page).getByRole('alert')).toHaveText('请回答每一个问题（选择“是”或“否”）。');
  await expectAccessible(page, 'wizard questions with a message');
  const question = (name: RegExp) => main(page).getByRole('group', { name });
  await question(/食品销售/)
    .getByRole('button', { name: '是' })
    .click();
  await question(/个体工商户转为企业/)
    .getByRole('button', { name: '是' })
    .click();
  await question(/预约银行开户/)
    .getByRole('button', { name: '否' })
    .click();
  await next(page).click();

  // 3. Basic services, pre-selected from the answers.
  await expect(count(page)).toHaveText('第 3 步，共 6 步');
  const choice = (name: string) => main(page).getByRole('checkbox', { name: new RegExp(name) });
  await expect(choice('食品经营许可')).toHaveAttribute('aria-checked', 'true');
  await expect(choice('公司设立登记')).toHaveAttribute('aria-checked', 'true');
  await choice('医保登记及员工参保登记').click();
  await expect(choice('医保登记及员工参保登记')).toHaveAttribute('aria-checked', 'false');
  await expectAccessible(page, 'wizard basic services');

  // Back and forward keep every answer.
  await main(page).getByRole('button', { name: '返回' }).click();
  await expect(count(page)).toHaveText('第 2 步，共 6 步');
  await expect(question(/食品销售/).getByRole('button', { name: '是' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(question(/预约银行开户/).getByRole('button', { name: '否' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await next(page).click();
  await expect(choice('医保登记及员工参保登记')).toHaveAttribute('aria-checked', 'false');
  await next(page).click();

  // 4. Value-added: the answer "个体工商户转企业" is pre-selected, the bank appointment is not.
  await expect(count(page)).toHaveText('第 4 步，共 6 步');
  await expect(choice('个体工商户转企业')).toHaveAttribute('aria-checked', 'true');
  await expect(choice('银行预约开户')).toHaveAttribute('aria-checked', 'false');
  await next(page).click();

  // 5. Contact: phone required (a static code is not proof), privacy notice accepted.
  await expect(count(page)).toHaveText('第 5 步，共 6 步');
  await next(page).click();
  await expect(main(page).getByText('请输入手机号码，以便办理部门联系您。')).toBeVisible();
  await expect(main(page).getByText('请阅读并同意个人信息告知后再提交。')).toBeVisible();
  await expectAccessible(page, 'wizard contact with messages');
  await typeOnScreen(page, '12812345678');
  await expect(
    main(page).getByText('手机号码应为 11 位数字，以 1 开头，第二位为 3 至 9。').first(),
  ).toBeVisible();
  await main(page).getByRole('button', { name: '清空' }).click();
  await typeOnScreen(page, '13812345678');
  await main(page).getByRole('button', { name: '确定号码' }).click();
  await expect(page.getByTestId('phone-field')).toContainText('138****5678');
  await expect(page.getByTestId('phone-field')).not.toContainText('13812345678');
  await main(page).getByRole('checkbox', { name: '我已阅读并同意上述告知' }).click();
  await next(page).click();

  // 6. Review: edit in place, then submit.
  await expect(count(page)).toHaveText('第 6 步，共 6 步');
  await expect(page.getByTestId('review-phone')).toHaveText('138****5678');
  await expectAccessible(page, 'wizard review');
  await main(page).getByRole('button', { name: '修改基本服务' }).click();
  await choice('医保登记及员工参保登记').click();
  await main(page).getByRole('button', { name: '修改基本服务' }).click();
  const services = main(page).locator('[data-review="services"]');
  await expect(services).toContainText('医保登记及员工参保登记');
  await main(page).getByRole('button', { name: '确认提交' }).click();

  // The receipt: stored, printed, with the promised date.
  await expect(page.getByRole('heading', { level: 1, name: '已提交' })).toBeVisible();
  const ticket = (await page.getByTestId('ticket').textContent())?.trim() ?? '';
  expect(ticket).toMatch(/^DQ01-\d{8}-0001$/);
  await expect(page.getByTestId('print-status')).toHaveText('回执已打印，请取走。', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('promise')).toContainText('个工作日内');
  await expectAccessible(page, 'receipt');

  const shown = JSON.parse(kioskctl(k.dataDir, ['requests', 'show', ticket, '--json']).out) as {
    request: {
      services: { name: string; department: string }[];
      applicant: object;
      phoneMasked: string;
    };
  };
  expect(shown.request.applicant).toMatchObject({
    audience: 'public',
    verified: false,
    uscc: NOODLES,
  });
  expect(shown.request.phoneMasked).toBe('138****5678');
  expect(shown.request.services.map((s) => s.name)).toEqual([
    '公司设立登记',
    '公章刻制备案',
    '申领发票',
    '社保登记及员工参保登记',
    '医保登记及员工参保登记',
    '住房公积金登记及员工缴存登记',
    '食品经营许可',
    '个体工商户转企业“直接变更”登记服务',
  ]);

  // Finish; the next person tracks the ticket by keying it in: status, no personal data.
  await main(page).getByRole('button', { name: '完成' }).click();
  await page.getByRole('button', { name: /查询进度/ }).click();
  await typeOnScreen(page, ticket);
  await main(page).getByRole('button', { name: '查询', exact: true }).click();
  const result = page.getByTestId('track-result');
  await expect(page.getByTestId('track-status')).toHaveText('已提交');
  await expect(page.getByTestId('timeline')).toContainText('已提交');
  await expect(result).toContainText('共 8 项服务');
  await expect(result).not.toContainText('138');
  await expect(result).not.toContainText('老张面馆');
  await expectAccessible(page, 'tracking result');
});

/** Through the contact and review steps with a phone and the privacy notice accepted. */
async function contactAndSubmit(page: Page, phone: string | null): Promise<string> {
  if (phone) {
    await typeOnScreen(page, phone);
    await main(page).getByRole('button', { name: '确定号码' }).click();
  }
  await main(page).getByRole('checkbox', { name: '我已阅读并同意上述告知' }).click();
  await next(page).click();
  await main(page).getByRole('button', { name: '确认提交' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '已提交' })).toBeVisible();
  return ((await page.getByTestId('ticket').textContent()) ?? '').trim();
}

test('the founder path: no code, straight into 企业开办, phone required', async ({ page }) => {
  const k = await startWithPrinter(page);
  await page.getByRole('button', { name: /我要开办企业/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '企业开办' })).toBeVisible();
  await expect(count(page)).toHaveText('第 1 步，共 6 步');
  await next(page).click();
  for (const q of [/食品销售/, /个体工商户转为企业/, /预约银行开户/])
    await main(page).getByRole('group', { name: q }).getByRole('button', { name: '否' }).click();
  await next(page).click();
  // Offered, but not chosen: the food question was answered "no".
  await expect(main(page).getByRole('checkbox', { name: /食品经营许可/ })).toHaveAttribute(
    'aria-checked',
    'false',
  );
  await next(page).click();
  await next(page).click();
  await expect(main(page).getByText('手机号码（必填）').first()).toBeVisible();
  const ticket = await contactAndSubmit(page, '13900001111');
  await expect(main(page)).toContainText('新开办企业（尚无统一社会信用代码）');
  const shown = JSON.parse(kioskctl(k.dataDir, ['requests', 'show', ticket, '--json']).out) as {
    request: { applicant: object; services: unknown[]; title: string };
  };
  expect(shown.request.applicant).toEqual({
    audience: 'anonymous',
    verified: false,
    founder: true,
    uscc: null,
    enterpriseName: null,
  });
  expect(shown.request.title).toBe('企业开办');
  expect(shown.request.services).toHaveLength(6);
});

test('a stopped print queue: the receipt stays on screen as a QR, guide mode shows the fault, the guide reprints once it runs again, and cancels', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const k = await startWithPrinter(page);
  const printer = queue as CupsQueue;
  kioskctl(k.dataDir, ['set-pin', '--staff', 'G007'], '24681357\n24681357\n');
  // The queue is stopped (as `cupsdisable` leaves it, or CUPS after a printer error).
  printer.disable();
  await page.getByRole('button', { name: /我要开办企业/ }).click();
  await next(page).click();
  for (const q of [/食品销售/, /个体工商户转为企业/, /预约银行开户/])
    await main(page).getByRole('group', { name: q }).getByRole('button', { name: '否' }).click();
  for (let i = 0; i < 3; i++) await next(page).click();
  const ticket = await contactAndSubmit(page, '13700002222');
  await expect(page.getByTestId('print-status')).toContainText(
    '打印机暂时不能使用。您的申请已保存',
  );
  await expect(main(page).getByRole('img', { name: `回执二维码：${ticket}` })).toBeVisible();
  // Stored regardless.
  expect(JSON.parse(kioskctl(k.dataDir, ['requests', 'list', '--json']).out)).toMatchObject({
    count: 1,
    requests: [{ ticket }],
  });
  await main(page).getByRole('button', { name: '完成' }).click();

  // The guide sees the fault in the kiosk's health.
  await signInAsGuide(page, 'G007', '24681357');
  const printerRow = page.getByRole('row', { name: /打印机/ });
  await expect(printerRow).toContainText('异常');
  await expect(printerRow).toContainText('打印队列已暂停或停止');

  // The queue runs again; the guide reprints from today's requests and it comes out.
  printer.enable();
  const since = Date.now();
  await page.getByRole('tab', { name: '今日办件' }).click();
  const row = main(page).locator(`[data-ticket="${ticket}"]`);
  await expect(row).toContainText('已提交');
  await expectAccessible(page, 'guide: today’s requests');
  await row.getByRole('button', { name: '补打回执' }).click();
  await expect(
    main(page)
      .getByRole('status')
      .filter({ hasText: `已补打 ${ticket}` }),
  ).toBeVisible({ timeout: 30_000 });
  await waitForPrintedPdf('receipt', ticket, since, 2_000);
  await page.getByRole('tab', { name: '设备状态' }).click();
  await expect(page.getByRole('row', { name: /打印机/ })).not.toContainText('异常');

  // Cancel with a reason: audited, and the visitor's tracking shows it cancelled.
  await page.getByRole('tab', { name: '今日办件' }).click();
  await row.getByRole('button', { name: '取消办件' }).click();
  await main(page).getByRole('button', { name: '确认取消' }).click();
  await expect(main(page).getByRole('alert')).toHaveText('请填写取消原因。');
  await main(page).getByRole('button', { name: '重复提交' }).click();
  await main(page).getByRole('button', { name: '确认取消' }).click();
  await expect(
    main(page)
      .getByRole('status')
      .filter({ hasText: `已取消 ${ticket}` }),
  ).toBeVisible();
  await expect(row).toContainText('已取消');
  await expect(row.getByRole('button', { name: '取消办件' })).toHaveCount(0);

  const audit = JSON.parse(kioskctl(k.dataDir, ['audit', '--json']).out) as {
    action: string;
    staffId: string;
    detail: string | null;
  }[];
  expect(audit.filter((a) => a.action === 'cancel-request')).toEqual([
    expect.objectContaining({ staffId: 'G007', detail: `${ticket}: 重复提交` }),
  ]);
  expect(audit.filter((a) => a.action === 'reprint-receipt')).toEqual([
    expect.objectContaining({ staffId: 'G007', detail: `${ticket}: printed` }),
  ]);
  await page.getByRole('button', { name: '锁定并退出帮办' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }),
  ).toBeVisible();
  // The receipt's QR at the scanner, on the attract screen: straight to its progress.
  await usbScan(page, `DQT1.${ticket}`);
  await expect(page.getByTestId('track-status')).toHaveText('已取消');
});

test('a guide starts a bundle for a walk-in: the request records who assisted', async ({
  page,
}) => {
  const k = await startWithPrinter(page);
  kioskctl(k.dataDir, ['set-pin', '--staff', 'G009'], '13572468\n13572468\n');
  await signInAsGuide(page, 'G009', '13572468');
  await main(page).getByRole('button', { name: '为来访者办理一类事' }).click();
  await expect(main(page)).toContainText('帮办模式：为来访者办理');
  await main(page).getByRole('button', { name: /^纳税/ }).click();
  await expect(main(page)).toContainText('帮办人员 G009 协助办理');
  await next(page).click();
  await main(page)
    .getByRole('group', { name: /车辆回收/ })
    .getByRole('button', { name: '否' })
    .click();
  for (let i = 0; i < 3; i++) await next(page).click();
  const ticket = await contactAndSubmit(page, '13600003333');
  const shown = JSON.parse(kioskctl(k.dataDir, ['requests', 'show', ticket, '--json']).out) as {
    request: { assisted: boolean; services: { department: string }[] };
  };
  expect(shown.request.assisted).toBe(true);
  expect(new Set(shown.request.services.map((s) => s.department))).toEqual(new Set(['县税务局']));
  const list = JSON.parse(kioskctl(k.dataDir, ['requests', 'list', '--json']).out) as {
    requests: { assistedBy: string }[];
  };
  expect(list.requests[0]?.assistedBy).toBe('G009');
});

test('a verified enterprise: its recommendations with reasons, no phone needed, all its requests', async ({
  page,
}) => {
  const codeKey = generateKeyPair('code1');
  const code = () =>
    signToken({
      kid: 'code1',
      secretKey: codeKey.secretKey,
      subject: { kind: 'enterprise', uscc: '91330521DQ0000018A' },
    }).token;
  await startWithPrinter(page, { identity: { enterpriseKeys: { code1: codeKey.publicKey } } });
  await usbScan(page, code());
  await expect(page.getByTestId('profile-detail')).toContainText('高新技术企业');
  await main(page).getByRole('button', { name: '办事（一类事一次办）' }).click();
  const recommended = main(page).getByRole('region', { name: '为您推荐' });
  const rnd = recommended.getByRole('button', { name: /地信\+企业研发试验/ });
  await expect(rnd).toContainText('因为贵企业的标签是「地理信息」');
  await rnd.click();
  await next(page).click();
  await expect(main(page)).toContainText('这件事无需回答问题');
  for (let i = 0; i < 3; i++) await next(page).click();
  await expect(main(page).getByText('手机号码（选填）').first()).toBeVisible();
  const ticket = await contactAndSubmit(page, null);
  await main(page).getByRole('button', { name: '查看进度' }).click();
  await expect(page.getByTestId('track-result')).toContainText('德清星图测绘地理信息有限公司');
  await main(page).getByRole('button', { name: '回到首页' }).click();
  await page.getByRole('button', { name: '结束服务' }).click();

  // Back another day with a fresh code: the request is listed on the profile and on home.
  await usbScan(page, code());
  const mine = main(page).getByRole('region', { name: '我的办件' });
  await expect(mine).toContainText(ticket);
  await mine.getByRole('button', { name: new RegExp(ticket) }).click();
  await expect(page.getByTestId('track-status')).toHaveText('已提交');
});
