// 政策找企业 end to end: a verified 地理信息 high-tech enterprise sees its recommendations with
// reasons, the 地信+ bundles, 应享未享, a measure's page and a one-page A4 policy sheet (printed
// through the real spooler into a CUPS-PDF queue and read back with pdftotext); an individual
// business sees the 个转企 measures; the public audience sees no matching, and the services
// refuse it.
import type { Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { generateKeyPair, signToken } from '../../electron/services/identity/tokens';
import { expect, startKiosk, test, type RunningKiosk } from './fixtures';
import { expectAccessible, setMode } from './support/axe';
import { createPdfQueue, requireRealCups, waitForPrintedPdf } from './support/cups';
import { kioskctl } from './support/kioskctl';
import { pdfPageMm, printedText } from './support/pdf';
import { usbScan } from './support/usb-scan';

const GEO = '91330521DQ0000018A';
const GEO_NAME = '德清星图测绘地理信息有限公司';
const SHOP = '92330521DQ0000181E';
const SHOP_NAME = '德清县武康街道老张面馆';

const key = generateKeyPair('code1');
let kiosk: RunningKiosk;
test.beforeEach(async () => {
  kiosk = await startKiosk({ config: { identity: { enterpriseKeys: { code1: key.publicKey } } } });
});
test.afterEach(async () => {
  await kiosk.stop();
  fs.rmSync(kiosk.dataDir, { recursive: true, force: true });
});
const signedCode = (uscc: string) =>
  signToken({ kid: 'code1', secretKey: key.secretKey, subject: { kind: 'enterprise', uscc } })
    .token;

test('a verified 地理信息 high-tech enterprise sees its policies with reasons, the 地信+ bundles, a measure page and a one-page sheet', async ({
  page,
}) => {
  test.setTimeout(120_000);
  requireRealCups();
  const queue = createPdfQueue();
  await kiosk.stop();
  fs.rmSync(kiosk.dataDir, { recursive: true, force: true });
  kiosk = await startKiosk({
    config: {
      identity: { enterpriseKeys: { code1: key.publicKey } },
      printer: { receiptPrinter: queue.name, checklistPrinter: queue.name },
    },
  });
  // The page never prints itself: a call to window.print() fails the test.
  await page.addInitScript(() => {
    window.print = () => {
      throw new Error('window.print() called');
    };
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  try {
    await sheetJourney(page);
  } finally {
    queue.remove();
  }
  expect(pageErrors).toEqual([]);
});

async function sheetJourney(page: Page): Promise<void> {
  await kiosk.open(page);
  await usbScan(page, signedCode(GEO));
  await expect(page.getByRole('heading', { level: 1, name: GEO_NAME })).toBeVisible();
  const recs = page.getByTestId('policy-recommendations');
  await expect(recs.getByRole('heading', { name: '为您推荐的政策' })).toBeVisible();
  await expect(recs).toContainText('因为贵企业是国家高新技术企业（原文：“高新技术企业”）');
  // 应享未享: measure 35 (失业保险费率) is 免申即享 and the file has no record of it.
  const unclaimed = page.getByTestId('policy-unclaimed');
  await expect(unclaimed).toContainText('应享未享提醒');
  await expect(unclaimed).toContainText('第 35 项');
  // Measure 2, received, is not pointed out.
  await expect(unclaimed).not.toContainText('第 2 项');
  // 应享未享 offers a consultation request to the policy board.
  await expect(unclaimed.getByTestId('request-button').first()).toBeVisible();
  // The 地信+ bundles and the station, with why.
  const bundles = page.getByTestId('policy-bundles');
  for (const name of [
    '地信+企业开办',
    '地信+企业研发试验',
    '地信+企业政策兑现',
    '地信+企业测绘行政审批',
  ])
    await expect(
      bundles.getByRole('button', { name: new RegExp(name.replace('+', '\\+')) }),
    ).toBeVisible();
  await expect(bundles).toContainText('因为贵企业属于地理信息产业');
  await expect(page.getByTestId('policy-stations')).toContainText('德清县地信小镇特色服务驿站');

  // All recommendations: the 地理信息 measures 32 and 38 with their reasons.
  await page.getByRole('button', { name: /查看全部推荐/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '为您推荐的政策' })).toBeVisible();
  const m38 = page.getByTestId('policy-match-38');
  await expect(m38).toContainText('因为贵企业属于地理信息产业（原文：“地理信息”）');
  await expect(page.getByTestId('policy-match-32')).toContainText('地理信息');
  await expect(page.getByTestId('policy-match-48')).toContainText('科技型中小企业');
  // Not for this enterprise: 个转企 and internal work.
  await expect(page.getByTestId('policy-match-93')).toHaveCount(0);
  await expect(page.getByTestId('policy-match-5')).toHaveCount(0);

  // The measure's own page: text, lead department, channels, board, the analysis with its words.
  await m38.getByRole('button', { name: '查看详情' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '第 38 项' })).toBeVisible();
  await expect(page.getByTestId('measure-text')).toContainText('下放人才职能评审权限');
  const facts = page.getByTestId('measure-facts');
  await expect(facts).toContainText('县人力资源和社会保障局');
  await expect(facts).toContainText('人才服务板块');
  await expect(facts).toContainText('县委人才办、县人社局');
  await expect(page.getByTestId('measure-analysis')).toContainText(
    '依据原文（措施内容）：“地理信息”',
  );
  await page.getByRole('button', { name: '返回上一步' }).click();

  // The policy sheet: previewed on screen, printed by main through the spooler; A4, one page,
  // its text read back from the PDF CUPS-PDF wrote.
  await page.getByRole('button', { name: '打印政策清单' }).click();
  const sheet = page.getByTestId('policy-sheet');
  await expect(sheet).toContainText(GEO_NAME);
  await expect(sheet).toContainText('应享未享提醒');
  const today = ((await sheet.getByText(/^\d{4}-\d{2}-\d{2}$/).textContent()) ?? '').trim();
  const since = Date.now();
  await page.getByRole('button', { name: '打印', exact: true }).click();
  await expect(page.getByTestId('sheet-print-status')).toHaveText('政策清单已打印，请取走。', {
    timeout: 60_000,
  });
  const pdf = await waitForPrintedPdf('policy-sheet', today, since, 5_000);
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  expect(info.status).toBe(0);
  expect(info.stdout).toMatch(/^Pages:\s+1$/m);
  const a4 = pdfPageMm(pdf);
  expect(Math.round(a4.width)).toBe(210);
  expect(Math.round(a4.height)).toBe(297);
  const flat = printedText(pdf, 'raw').replace(/\s+/g, '');
  expect(flat).toContain(GEO_NAME);
  expect(flat).toContain(GEO);
  expect(flat).toContain('为您推荐的政策清单');
  expect(flat).toContain('应享未享提醒');
  expect(flat).toContain('因为贵企业是国家高新技术企业');
  expect(flat).toContain('地信+企业开办');
  // Nothing of the kiosk's chrome on paper.
  expect(flat).not.toContain('结束服务');
  expect(flat).not.toContain('呼叫帮办');
}

test('an individual business sees the 个转企 measures (nos. 93–97)', async ({ page }) => {
  await kiosk.open(page);
  await usbScan(page, signedCode(SHOP));
  await expect(page.getByRole('heading', { level: 1, name: SHOP_NAME })).toBeVisible();
  await expect(page.getByTestId('policy-recommendations')).toContainText('因为您是个体工商户');
  await page.getByRole('button', { name: /查看全部推荐/ }).click();
  for (const no of [93, 94, 95, 96, 97])
    await expect(page.getByTestId(`policy-match-${no}`)).toContainText(
      '因为您是个体工商户（原文：“个体工商户”）',
    );
  await expect(page.getByTestId('policy-match-93')).toContainText('“个转企”');
  // Not for an individual business: measures for SMEs (enterprises) and for high-tech firms.
  await expect(page.getByTestId('policy-match-58')).toHaveCount(0);
  await expect(page.getByTestId('policy-match-48')).toHaveCount(0);
  await expect(page.getByTestId('policy-bundles')).toHaveCount(0);
  // kioskctl gives the operator the same ranked list.
  const cli = kioskctl(kiosk.dataDir, ['policies', 'match', SHOP, '--json']);
  expect(cli.code).toBe(0);
  const out = JSON.parse(cli.out) as { matches: { measureNo: number; reason: string }[] };
  expect(
    out.matches.filter((m) => m.reason.includes('个体工商户')).map((m) => m.measureNo),
  ).toEqual(expect.arrayContaining([93, 94, 95, 96, 97]));

  // "办理/咨询" on measure 93 becomes a consultation request to the measure's board.
  await page.getByTestId('policy-match-93').getByTestId('request-button').click();
  await expect(page.getByRole('main')).toContainText('您要咨询的内容');
  await page.getByRole('main').getByRole('checkbox', { name: '我已阅读并同意上述告知' }).click();
  await page.getByRole('main').getByRole('button', { name: '下一步' }).click();
  await page.getByRole('main').getByRole('button', { name: '确认提交' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '已提交' })).toBeVisible();
  const ticket = ((await page.getByTestId('ticket').textContent()) ?? '').trim();
  const shown = JSON.parse(kioskctl(kiosk.dataDir, ['requests', 'show', ticket, '--json']).out) as {
    request: { routing: { board: string } };
  };
  expect(shown.request.routing.board).toBe('law'); // 法治服务, the board of measure 93
});

test('the public sees the measures but no matching, and the services refuse it', async ({
  page,
}) => {
  await kiosk.open(page);
  // A static code is a lookup key only: public facts.
  await usbScan(page, GEO);
  await expect(page.getByRole('heading', { level: 1, name: GEO_NAME })).toBeVisible();
  await expect(page.getByTestId('policy-public-note')).toContainText('验证身份后');
  await expect(page.getByTestId('policy-recommendations')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: '为您推荐的政策' })).toHaveCount(0);
  const reply = await page.request.post(`${kiosk.origin}/api/policyMatches`, {
    headers: { 'x-kiosk-key': kiosk.secret },
    data: {},
  });
  expect(await reply.json()).toMatchObject({ ok: false, error: { code: 'NOT_VERIFIED' } });
  // The measures themselves are public: by board, with the 8+N boards page.
  await page.getByRole('button', { name: '浏览全部惠企措施' }).click();
  await page.getByRole('button', { name: /^政策服务板块/ }).click();
  await expect(page.getByText('精准落实“免申即享”', { exact: false })).toBeVisible();
  await page.locator('#measure-2').getByRole('button', { name: '查看详情' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '第 2 项' })).toBeVisible();
  await expect(page.getByTestId('measure-analysis')).toContainText('免申即享');
  await expect(page.getByTestId('measure-facts')).toContainText('浙江税务征纳沟通平台');
  await expect(page.getByTestId('measure-facts')).toContainText('窗口服务');
});

test('the 8+N boards page: what each board does and who leads it; internal measures are marked', async ({
  page,
}) => {
  await kiosk.open(page);
  await page.getByRole('button', { name: /浏览和搜索服务/ }).click();
  await page.getByRole('button', { name: /8\+N 增值服务板块/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '8+N 增值服务板块' })).toBeVisible();
  await expect(
    page
      .getByTestId('boards')
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 2 }) }),
  ).toHaveCount(9);
  await expect(page.getByTestId('board-policy').getByTestId('board-leads')).toHaveText(
    '县企业综合服务中心',
  );
  await expect(page.getByTestId('board-finance')).toContainText('企业上市规划');
  await expect(page.getByTestId('board-other').getByTestId('board-leads')).toHaveText(
    '根据服务职责确定相关牵头部门',
  );
  await page
    .getByTestId('board-law')
    .getByRole('button', { name: /本板块承接的 \d+ 项措施/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: '惠企细化措施' })).toBeVisible();
  // No. 5 (严查内错) is the tax bureau's own discipline: marked, and its page says why.
  const m5 = page.locator('#measure-5');
  await expect(m5).toContainText('不面向企业');
  await m5.getByRole('button', { name: '查看详情' }).click();
  await expect(page.getByTestId('measure-not-offered')).toContainText('政府内部工作');
  await expect(page.getByTestId('measure-not-offered')).toContainText('“严查内错”');
  await expect(page.getByTestId('request-button')).toHaveCount(0);
});

test('the policy screens pass axe in both languages and in high contrast', async ({ page }) => {
  // A dozen axe runs: on a loaded machine this takes longer than the default minute.
  test.setTimeout(240_000);
  await kiosk.open(page);
  await usbScan(page, signedCode(GEO));
  await expect(page.getByTestId('policy-recommendations')).toContainText('因为贵企业');
  const check = async (where: string) => {
    for (const [locale, mode] of [
      ['zh-CN', 'normal'],
      ['en', 'high-contrast'],
      ['zh-CN', 'elder'],
    ] as const) {
      await setMode(page, locale, mode);
      await expectAccessible(page, `${where} (${locale}, ${mode})`);
    }
    await setMode(page, 'zh-CN', 'normal');
  };
  await check('profile with recommendations');
  await page.getByTestId('policy-match-44').getByRole('button', { name: '查看详情' }).click();
  await expect(page.getByTestId('measure-analysis')).toBeVisible();
  await check('measure page');
  await page.getByRole('button', { name: '返回上一步' }).click();
  await page.getByRole('button', { name: '打印政策清单' }).click();
  await expect(page.getByTestId('policy-sheet')).toBeVisible();
  await check('policy sheet');
  await page.getByRole('button', { name: '返回上一步' }).click();
  await page.getByRole('button', { name: '浏览全部惠企措施' }).click();
  await page.getByRole('button', { name: '返回上一步' }).click();
  await page.getByRole('button', { name: '回到首页' }).click();
  await page.getByRole('button', { name: /浏览和搜索服务/ }).click();
  await page.getByRole('button', { name: /8\+N 增值服务板块/ }).click();
  await expect(page.getByTestId('boards')).toBeVisible();
  await check('boards');
});
