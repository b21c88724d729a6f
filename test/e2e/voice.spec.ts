// The enterprise's voice, driven as a person would: a 诉求 raised from the attract
// screen by an unverified visitor and from home by a verified enterprise, each ending in a receipt
// marked 兜底办 with its promised response date; the 好差评 rating right after; a low rating opens a
// follow-up the guide sees; ratings reach the reference back office exactly once.
import type { Page } from '@playwright/test';
import { generateKeyPair, signToken } from '../../electron/services/identity/tokens';
import {
  newKioskSecret,
  startReferenceReceiver,
  type ReferenceReceiver,
} from '../support/reference-receiver';
import { expect, startKiosk, test, type RunningKiosk } from './fixtures';
import { expectAccessible } from './support/axe';
import { signInAsGuide } from './support/guide';
import { typeOnScreen } from './support/keyboard';
import { kioskctl } from './support/kioskctl';
import { usbScan } from './support/usb-scan';

let kiosk: RunningKiosk | null = null;
let receiver: ReferenceReceiver | null = null;
test.afterEach(async () => {
  await kiosk?.stop();
  await receiver?.close();
  kiosk = null;
  receiver = null;
});

const main = (page: Page) => page.getByRole('main');
const next = (page: Page) => main(page).getByRole('button', { name: '下一步' });

/** From the attract screen: a 诉求 in `category` with a prepared description and a phone, submitted. */
async function raiseAppeal(page: Page, category: string, topic: string, phone: string) {
  await page.getByRole('button', { name: /我有诉求/ }).click();
  await main(page).getByRole('button', { name: category, exact: true }).click();
  await main(page).getByRole('radio', { name: topic }).click();
  await next(page).click();
  await typeOnScreen(page, phone);
  await main(page).getByRole('button', { name: '确定号码' }).click();
  await main(page).getByRole('checkbox', { name: '我已阅读并同意上述告知' }).click();
  await next(page).click();
  await main(page).getByRole('button', { name: '确认提交' }).click();
}

/** The ticket and its tracking code as the receipt screen shows them. */
async function receiptOf(page: Page): Promise<{ ticket: string; code: string }> {
  return {
    ticket: ((await page.getByTestId('ticket').textContent()) ?? '').trim(),
    code: ((await page.getByTestId('track-code').textContent()) ?? '').replace(/\s/g, ''),
  };
}

/** On the tracking screen: the ticket number and the receipt's tracking code, keyed in. */
async function keyReceipt(page: Page, r: { ticket: string; code: string }): Promise<void> {
  await typeOnScreen(page, r.ticket);
  await page.getByTestId('code-field').click();
  await typeOnScreen(page, r.code);
}

async function until(what: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('an unverified visitor raises a 诉求: receipt marked 兜底办, a low rating, a follow-up, the back office gets it once', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const secret = newKioskSecret();
  // The rating's first delivery is answered with a 500: the kiosk retries, the receiver keeps one.
  const seen = new Set<string>();
  let faulted = false;
  receiver = await startReferenceReceiver({
    kiosks: { DQ01: secret },
    // (alone, or in a batch with the 诉求 if both happen to be due together)
    fault: (a) => {
      const ids = a.id ? [a.id] : a.ids;
      if (ids.length === 0 || a.method !== 'POST') return null;
      for (const id of ids) seen.add(id);
      if (seen.size === 2 && !faulted) {
        faulted = true;
        return { type: 'status', status: 500 };
      }
      return null;
    },
  });
  kiosk = await startKiosk({
    config: { backOffice: { endpoint: receiver.url, kioskSecret: secret } },
  });
  const k = kiosk;
  await k.open(page);
  await page.getByRole('button', { name: /我有诉求/ }).click();

  // 1. What it is about: a category is required, then a description or a typed text.
  await expect(page.getByRole('heading', { level: 1, name: '我有诉求（兜底办）' })).toBeVisible();
  await expect(page.getByTestId('wizard-count')).toHaveText('第 1 步，共 3 步');
  await next(page).click();
  await expect(main(page).getByRole('alert')).toHaveText('请选择诉求类别。');
  await main(page).getByRole('button', { name: '拖欠账款', exact: true }).click();
  await expect(page.getByTestId('appeal-routing')).toContainText('县经信局');
  await next(page).click();
  await expect(main(page).getByRole('alert')).toHaveText('请选择一项描述，或简要说明您的诉求。');
  await expectAccessible(page, 'appeal step with a message');
  await main(page).getByRole('radio', { name: '工程款、货款长期未结' }).click();
  // Typed with the system's pinyin input method: the committed text lands in the field.
  await main(page)
    .getByRole('textbox', { name: /简要说明/ })
    .fill('某公司拖欠货款十二万元已一年');
  await next(page).click();

  // 2. Contact and the privacy notice, as for any request.
  await expect(page.getByTestId('wizard-count')).toHaveText('第 2 步，共 3 步');
  await typeOnScreen(page, '13912345678');
  await main(page).getByRole('button', { name: '确定号码' }).click();
  await main(page).getByRole('checkbox', { name: '我已阅读并同意上述告知' }).click();
  await next(page).click();

  // 3. Review, then submit.
  await expect(main(page).locator('[data-review="appeal"]')).toContainText('工程款、货款长期未结');
  await expectAccessible(page, 'appeal review');
  await main(page).getByRole('button', { name: '确认提交' }).click();

  // The receipt: ticket, marked 兜底办, routed, promised response in 3 working days.
  await expect(page.getByRole('heading', { level: 1, name: '已提交' })).toBeVisible();
  const ticket = ((await page.getByTestId('ticket').textContent()) ?? '').trim();
  expect(ticket).toMatch(/^DQ01-\d{8}-\d{4}$/);
  await expect(page.getByTestId('receipt-title')).toHaveText('诉求（兜底办）：拖欠账款');
  await expect(page.getByTestId('fallback-mark')).toContainText('兜底办');
  await expect(page.getByTestId('appeal-about')).toContainText('某公司拖欠货款十二万元已一年');
  await expect(main(page)).toContainText('法治服务');
  await expect(page.getByTestId('promise')).toContainText('3 个工作日内');
  await expect(main(page)).toContainText('未识别企业');

  // 好差评 below the receipt: 非常不满意 asks for reasons, then sends.
  const rating = page.getByTestId('rating');
  await expect(rating.getByRole('heading', { name: '请为本次服务评价（好差评）' })).toBeVisible();
  await expectAccessible(page, 'receipt with the rating');
  await rating.getByRole('button', { name: '非常不满意' }).click();
  await rating.getByRole('checkbox', { name: '材料要求' }).click();
  await rating.getByRole('checkbox', { name: '效率' }).click();
  await expectAccessible(page, 'rating with reasons');
  await rating.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByTestId('rating-outcome')).toHaveText(
    '感谢您的评价。中心已记录，将安排专人回访。',
  );
  // The receipt stays: the rating never replaces it.
  await expect(page.getByTestId('ticket')).toHaveText(ticket);

  // Tracking the ticket: the 回访 step is still to come.
  await main(page).getByRole('button', { name: '查看进度' }).click();
  // Delivered by now, or about to be: either way not yet handled.
  await expect(page.getByTestId('track-status')).toHaveText(/^(已提交|后台已接收)$/);
  await expect(page.getByTestId('follow-up-pending')).toContainText('回访');
  await expect(page.getByTestId('rating')).toHaveCount(0);

  // The follow-up item is open for the center, the number masked.
  await expect
    .poll(() => {
      const r = kioskctl(k.dataDir, ['followups', 'list', '--json']);
      return (JSON.parse(r.out) as { followUps: { ticket: string }[] }).followUps.length;
    })
    .toBe(1);
  const followUps = JSON.parse(kioskctl(k.dataDir, ['followups', 'list', '--json']).out) as {
    followUps: { ticket: string; level: string; reasons: string[]; phoneMasked: string }[];
  };
  expect(followUps.followUps[0]).toMatchObject({
    ticket,
    level: 'very-unsatisfied',
    reasons: ['materials', 'efficiency'].sort(),
    phoneMasked: '139****5678',
  });

  // The back office: the 诉求 once, marked 兜底办; the rating once, no personal data.
  await until(
    () =>
      [...(receiver?.submissions.values() ?? [])].filter((s) => s.kind === 'rating').length === 1 &&
      faulted,
  );
  const subs = [...receiver.submissions.values()];
  const appeal = subs.filter((s) => s.kind !== 'rating');
  expect(appeal).toHaveLength(1);
  expect(JSON.stringify(appeal[0]?.body)).toContain('兜底办');
  const ratings = subs.filter((s) => s.kind === 'rating');
  expect(ratings).toHaveLength(1);
  expect(ratings[0]?.body).toMatchObject({
    ticket,
    requestKind: 'appeal',
    level: 'very-unsatisfied',
    occasion: 'submission',
    followUp: true,
  });
  expect(JSON.stringify(ratings[0]?.body)).not.toContain('5678');
  // The refused first delivery was retried; still one stored rating.
  const ratingId = ratings[0]?.id ?? '';
  expect(
    receiver.arrivals.filter((a) => a.id === ratingId || a.ids?.includes(ratingId)).length,
  ).toBeGreaterThanOrEqual(2);

  // End the visit (on a loaded machine the idle timeout may have ended it already).
  await page
    .getByRole('button', { name: '结束服务' })
    .click({ timeout: 5_000 })
    .catch(() => undefined);
  await expect(page.getByTestId('brand-logo')).toBeVisible();

  // Guide mode: the summary and the follow-up, closed with a note and the verdict.
  kioskctl(k.dataDir, ['set-pin', '--staff', 'G010'], '24681357\n24681357\n');
  await signInAsGuide(page, 'G010', '24681357');
  await page.getByRole('tab', { name: '好差评' }).click();
  await expect(page.getByTestId('ratings-overall')).toContainText('共 1 条评价，好评率 0%');
  await expect(main(page).locator('[data-table="byBundle"]')).toContainText('诉求（兜底办）');
  await expect(main(page).locator('[data-table="byBoard"]')).toContainText('法治服务');
  await expect(page.getByTestId('rating-reasons')).toContainText('材料要求: 1');
  await expectAccessible(page, 'guide ratings summary');
  await page.getByRole('tab', { name: '回访待办' }).click();
  const item = main(page).locator(`[data-ticket="${ticket}"]`);
  await expect(item).toContainText('提交时评价：非常不满意');
  await expect(item).toContainText('139****5678');
  await item.getByRole('button', { name: '查看联系电话' }).click();
  await expect(item).toContainText('13912345678');
  await expectAccessible(page, 'guide follow-ups');
  await item.getByRole('button', { name: '关闭待办' }).click();
  await main(page).getByRole('button', { name: '关闭待办' }).last().click();
  await expect(main(page).getByRole('alert')).toHaveText('请填写处理说明。');
  await main(page).getByRole('button', { name: '基本满意' }).click();
  await main(page)
    .getByRole('textbox', { name: /处理说明/ })
    .fill('已电话回访，协调清欠');
  await main(page).getByRole('button', { name: '关闭待办' }).last().click();
  await expect(
    main(page)
      .getByRole('status')
      .filter({ hasText: `已处理 ${ticket}` }),
  ).toBeVisible();
  await expect(main(page)).toContainText('没有待回访的事项。');
});

test('a verified enterprise raises a 诉求 from home without a phone, and rates it with one tap', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const codeKey = generateKeyPair('code1');
  const code = signToken({
    kid: 'code1',
    secretKey: codeKey.secretKey,
    subject: { kind: 'enterprise', uscc: '91330521DQ0000018A' },
  }).token;
  kiosk = await startKiosk({
    config: {
      identity: { enterpriseKeys: { code1: codeKey.publicKey } },
      voice: { responseDays: 5 },
    },
  });
  const k = kiosk;
  await k.open(page);
  await usbScan(page, code);
  await main(page).getByRole('button', { name: '办事（一类事一次办）' }).click();
  await main(page)
    .getByRole('button', { name: /我有诉求/ })
    .click();
  await main(page).getByRole('button', { name: '审批卡点', exact: true }).click();
  await main(page).getByRole('radio', { name: '部门之间互相推诿' }).click();
  await next(page).click();
  await expect(main(page).getByText('手机号码（选填）').first()).toBeVisible();
  await main(page).getByRole('checkbox', { name: '我已阅读并同意上述告知' }).click();
  await next(page).click();
  await main(page).getByRole('button', { name: '确认提交' }).click();

  await expect(page.getByRole('heading', { level: 1, name: '已提交' })).toBeVisible();
  const ticket = ((await page.getByTestId('ticket').textContent()) ?? '').trim();
  await expect(page.getByTestId('receipt-title')).toHaveText('诉求（兜底办）：审批卡点');
  await expect(page.getByTestId('fallback-mark')).toBeVisible();
  await expect(page.getByTestId('appeal-about')).toHaveText('部门之间互相推诿');
  await expect(main(page)).toContainText('德清星图测绘地理信息有限公司');
  await expect(main(page)).toContainText('项目服务');
  await expect(page.getByTestId('promise')).toContainText('5 个工作日内');

  // One tap for 满意: sent at once, no reasons asked, no follow-up.
  await page.getByTestId('rating').getByRole('button', { name: '满意', exact: true }).click();
  await expect(page.getByTestId('rating-outcome')).toHaveText('感谢您的评价！');
  const followUps = JSON.parse(kioskctl(k.dataDir, ['followups', 'list', '--json']).out) as {
    followUps: unknown[];
  };
  expect(followUps.followUps).toEqual([]);
  const summary = JSON.parse(kioskctl(k.dataDir, ['ratings', 'summary', '--json']).out) as {
    summary: { overall: { total: number; levels: Record<string, number> } };
  };
  expect(summary.summary.overall.total).toBe(1);
  expect(summary.summary.overall.levels.satisfied).toBe(1);

  // The enterprise's own list shows it; the rating is not asked again on the same occasion.
  const shown = JSON.parse(kioskctl(k.dataDir, ['requests', 'show', ticket, '--json']).out) as {
    request: { applicant: { verified: boolean } };
  };
  expect(shown.request.applicant.verified).toBe(true);
});

test('skipping the rating leaves the receipt as it was and stores nothing', async ({
  page,
  kiosk: k,
}) => {
  await k.open(page);
  await raiseAppeal(page, '其他', '意见建议', '13712345678');
  await expect(page.getByTestId('receipt-title')).toHaveText('诉求（兜底办）：其他');
  await page.getByTestId('rating').getByRole('button', { name: '跳过评价' }).click();
  await expect(page.getByTestId('rating-outcome')).toHaveText('已跳过评价。');
  await expect(page.getByTestId('ticket')).toBeVisible();
  const summary = JSON.parse(kioskctl(k.dataDir, ['ratings', 'summary', '--json']).out) as {
    summary: { overall: { total: number } };
  };
  expect(summary.summary.overall.total).toBe(0);
});

test('the back office completes a 诉求 and calls back: tracking shows 回访 and asks for a rating of the handling', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const secret = newKioskSecret();
  receiver = await startReferenceReceiver({ kiosks: { DQ01: secret } });
  kiosk = await startKiosk({
    config: {
      backOffice: { endpoint: receiver.url, kioskSecret: secret, pullIntervalSeconds: 10 },
    },
  });
  const r = receiver;
  await kiosk.open(page);
  await raiseAppeal(page, '政策兑现', '奖补资金未按时兑现', '13612345678');
  const receipt = await receiptOf(page);
  const ticket = receipt.ticket;
  await page.getByTestId('rating').getByRole('button', { name: '跳过评价' }).click();
  await main(page).getByRole('button', { name: '完成' }).click();

  await until(() => r.submissions.size === 1);
  const requestId = [...r.submissions.keys()][0] ?? '';
  r.setStatus(requestId, 'accepted');
  r.setStatus(requestId, 'completed', { note: '奖补资金已拨付' });
  r.setStatus(requestId, 'follow-up', { verdict: 'satisfied' });

  // Someone with the ticket number only sees the status: no verdict, no rating.
  await page.getByRole('button', { name: /查询进度/ }).click();
  await typeOnScreen(page, ticket);
  await expect
    .poll(
      async () => {
        await main(page).getByRole('button', { name: '查询', exact: true }).click();
        return (await page.getByTestId('track-status').textContent())?.trim();
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBe('已办结');
  await expect(page.getByTestId('track-status-only')).toBeVisible();
  await expect(page.getByTestId('timeline')).not.toContainText('回访评价');
  await expect(page.getByTestId('rating')).toHaveCount(0);
  await page.getByRole('button', { name: '结束服务' }).click();

  // The visitor with the receipt keys in its number and tracking code.
  await page.getByRole('button', { name: /查询进度/ }).click();
  await keyReceipt(page, receipt);
  await expect
    .poll(
      async () => {
        await main(page).getByRole('button', { name: '查询', exact: true }).click();
        return (await page.getByTestId('track-status').textContent())?.trim();
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBe('已办结');
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toContainText('回访');
  await expect(timeline).toContainText('回访评价：满意');
  await expect(page.getByTestId('follow-up-pending')).toHaveCount(0);

  const rating = page.getByTestId('rating');
  await expect(
    rating.getByRole('heading', { name: '该办件已办结，请为办理结果评价（好差评）' }),
  ).toBeVisible();
  await expectAccessible(page, 'tracking a completed 诉求 with the rating');
  await rating.getByRole('button', { name: '基本满意' }).click();
  await expect(page.getByTestId('rating-outcome')).toHaveText('感谢您的评价！');
  await until(() => [...r.submissions.values()].some((s) => s.kind === 'rating'));
  const ratings = [...r.submissions.values()].filter((s) => s.kind === 'rating');
  expect(ratings).toHaveLength(1);
  expect(ratings[0]?.body).toMatchObject({
    ticket,
    occasion: 'completion',
    level: 'basically-satisfied',
    followUp: false,
  });

  // Looking it up again: rated on this occasion, not asked twice.
  await main(page).getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByTestId('track-status')).toHaveText('已办结');
  await expect(page.getByTestId('rating-outcome')).toHaveText('这次服务已经评价过了。');
  await expect(page.getByTestId('rating')).toHaveCount(0);
});

test('single site: a guide completes a 诉求 in the console and records the 回访; tracking shows the verdict', async ({
  page,
}) => {
  test.setTimeout(150_000);
  kiosk = await startKiosk();
  const k = kiosk;
  kioskctl(k.dataDir, ['set-pin', '--staff', 'G008'], '24681357\n24681357\n');
  await k.open(page);
  await raiseAppeal(page, '其他', '意见建议', '13712345678');
  const receipt = await receiptOf(page);
  const ticket = receipt.ticket;
  await page.getByTestId('rating').getByRole('button', { name: '跳过评价' }).click();
  await main(page).getByRole('button', { name: '完成' }).click();

  await signInAsGuide(page, 'G008', '24681357');
  await page.getByRole('tab', { name: '办件处理' }).click();
  const row = main(page).locator(`[data-ticket="${ticket}"]`);
  await row.getByRole('button', { name: '标为已办结' }).click();
  await expect(row).toHaveCount(0);
  await main(page)
    .getByRole('button', { name: /已办结、退回或取消/ })
    .click();
  await row.getByRole('button', { name: '记录回访' }).click();
  const form = row.getByRole('group', { name: `记录 ${ticket} 的回访` });
  await form.getByRole('button', { name: '保存回访' }).click();
  await expect(main(page).getByRole('alert')).toHaveText('请选择企业的回访评价。');
  await form.getByRole('button', { name: '满意', exact: true }).click();
  await form.getByRole('textbox', { name: '回访说明（选填）' }).fill('已电话回访');
  await expectAccessible(page, 'guide: recording a 回访');
  await form.getByRole('button', { name: '保存回访' }).click();
  await expect(
    main(page)
      .getByRole('status')
      .filter({ hasText: `已记录 ${ticket} 的回访` }),
  ).toBeVisible();
  const audit = JSON.parse(kioskctl(k.dataDir, ['audit', '--json']).out) as {
    staffId: string;
    detail: string | null;
  }[];
  expect(audit.some((a) => a.staffId === 'G008' && (a.detail ?? '').includes(ticket))).toBe(true);

  await page.getByRole('button', { name: '锁定并退出帮办' }).click();
  await page.getByRole('button', { name: /查询进度/ }).click();
  await keyReceipt(page, receipt);
  await main(page).getByRole('button', { name: '查询', exact: true }).click();
  await expect(page.getByTestId('track-status')).toHaveText('已办结');
  await expect(page.getByTestId('timeline')).toContainText('回访评价：满意');
  await expect(page.getByTestId('timeline')).toContainText('已电话回访');
  await expect(page.getByTestId('follow-up-pending')).toHaveCount(0);
});
