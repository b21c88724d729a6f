// The back office end to end (issue 7), driven as people would:
//   - many sites: a kiosk configured with a back office (the reference receiver, running in this
//     test process on loopback) sends a request made on screen; statuses set at the back office
//     reach the kiosk's tracking screen; guide mode's console is read-only there;
//   - single site: no back office; a guide works the request in guide mode's console (in
//     progress, then returned with a note); tracking shows it; the audit log has it.
import type { Page } from '@playwright/test';
import {
  newKioskSecret,
  startReferenceReceiver,
  type ReferenceReceiver,
} from '../support/reference-receiver';
import { expect, startKiosk, test, type RunningKiosk } from './fixtures';
import { expectAccessible } from './support/axe';
import { signInAsGuide } from './support/guide';
import { kioskctl } from './support/kioskctl';
import { founderRequest, receiptCode, trackKeyed, untilStatus } from './support/founder-request';

let kiosk: RunningKiosk | null = null;
let receiver: ReferenceReceiver | null = null;
test.afterEach(async () => {
  await kiosk?.stop();
  await receiver?.close();
  kiosk = null;
  receiver = null;
});

const main = (page: Page) => page.getByRole('main');

test('with a back office: the request reaches it, its statuses reach tracking, the console only shows', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const secret = newKioskSecret();
  receiver = await startReferenceReceiver({ kiosks: { DQ01: secret } });
  const rcv = receiver;
  kiosk = await startKiosk({
    config: {
      backOffice: { endpoint: rcv.url, kioskSecret: secret, pullIntervalSeconds: 10 },
    },
  });
  const k = kiosk;
  await k.open(page);
  const ticket = await founderRequest(page, '13700004444');
  const code = await receiptCode(page);

  // The back office has it, signed and exactly once.
  await expect
    .poll(() => [...rcv.submissions.values()].filter((s) => s.body.ticket === ticket).length, {
      timeout: 20_000,
    })
    .toBe(1);
  const arrived = [...rcv.submissions.values()].find((s) => s.body.ticket === ticket);
  expect(arrived).toMatchObject({
    kind: 'request',
    kioskId: 'DQ01',
    body: { title: '企业开办', contact: { phone: '13700004444' } },
  });
  const id = arrived?.id ?? '';

  // The enterprise keys in its ticket and code: submitted, then what the back office says.
  await main(page).getByRole('button', { name: '完成' }).click();
  await trackKeyed(page, ticket, code);
  await expect(page.getByTestId('timeline')).toContainText('已提交');
  rcv.setStatus(id, 'accepted');
  await untilStatus(page, '已受理');
  await expect(page.getByTestId('timeline')).toContainText('后台已接收');
  rcv.setStatus(id, 'completed', { note: '营业执照已核发，请到 3 号窗口领取' });
  await untilStatus(page, '已办结');
  const timeline = page.getByTestId('timeline');
  await expect(timeline.getByRole('listitem')).toHaveCount(4);
  await expect(timeline).toContainText('已受理');
  await expect(timeline).toContainText('说明：营业执照已核发，请到 3 号窗口领取');
  await expect(page.getByTestId('track-result')).not.toContainText('13700004444');

  // The kiosk reported its health, with the catalog it runs.
  const beat = rcv.heartbeats.at(-1)?.body as
    | { kioskId?: string; versions?: { catalog?: unknown }; printer?: { state?: unknown } }
    | undefined;
  expect(beat?.kioskId).toBe('DQ01');
  expect(beat?.versions?.catalog).toMatch(/^\S+ [0-9a-f]{12}$/);
  expect(beat?.printer?.state).toMatch(/^(ok|fault|unknown)$/);

  // The CLI sees the same queue while the kiosk runs; a delivered request needs no resend.
  const status = JSON.parse(kioskctl(k.dataDir, ['sync', 'status', '--json']).out) as {
    mode: string;
    delivered: number;
    backlog: { pending: number };
  };
  expect(status).toMatchObject({ mode: 'back-office', backlog: { pending: 0 } });
  expect(status.delivered).toBeGreaterThanOrEqual(1);
  const retry = kioskctl(k.dataDir, ['sync', 'retry', ticket, '--json']);
  expect(retry.code).toBe(1);
  expect(JSON.parse(retry.out)).toMatchObject({ result: 'not-dead', id, state: 'delivered' });

  // Guide mode's console shows the request but leaves its status to the back office.
  kioskctl(k.dataDir, ['set-pin', '--staff', 'G021'], '86420135\n86420135\n');
  await page.getByRole('button', { name: '结束服务' }).click();
  await signInAsGuide(page, 'G021', '86420135');
  await page.getByRole('tab', { name: '办件处理' }).click();
  await expect(page.getByTestId('work-queue-mode')).toContainText('已连接后台');
  await main(page)
    .getByRole('button', { name: /已办结、退回或取消/ })
    .click();
  const row = main(page).locator(`[data-ticket="${ticket}"]`);
  await expect(row).toContainText('已办结');
  await expect(row.getByRole('button')).toHaveCount(0);
});

test('single site: a guide works the request in the console; tracking and the audit log show it', async ({
  page,
}) => {
  test.setTimeout(150_000);
  kiosk = await startKiosk();
  const k = kiosk;
  kioskctl(k.dataDir, ['set-pin', '--staff', 'G007'], '24681357\n24681357\n');
  await k.open(page);
  const ticket = await founderRequest(page, '13600005555');
  const code = await receiptCode(page);
  await main(page).getByRole('button', { name: '完成' }).click();
  const shown = JSON.parse(kioskctl(k.dataDir, ['requests', 'show', ticket, '--json']).out) as {
    request: { routing: { boardName: string; leadDepartments: string[] } };
  };
  const lead = shown.request.routing.leadDepartments[0] ?? '';

  await signInAsGuide(page, 'G007', '24681357');
  await page.getByRole('tab', { name: '办件处理' }).click();
  await expect(page.getByTestId('work-queue-mode')).toContainText('单点模式');
  const row = main(page).locator(`[data-ticket="${ticket}"]`);
  await expect(row).toContainText('已提交');
  await expect(row).toContainText(shown.request.routing.boardName);
  await expectAccessible(page, 'guide: work queue');

  // Filters: by due date (promised days ahead: due later, not overdue), board, lead department.
  const filter = (group: string, name: RegExp) =>
    main(page).getByRole('group', { name: group }).getByRole('button', { name });
  await filter('按承诺反馈日期', /^已逾期/).click();
  await expect(main(page).getByText('没有符合条件的办件。')).toBeVisible();
  await filter('按承诺反馈日期', /^以后到期（1）/).click();
  await expect(row).toBeVisible();
  await filter('按牵头部门', new RegExp(`^${lead}`)).click();
  await expect(row).toBeVisible();
  await filter('按板块', new RegExp(`^${shown.request.routing.boardName}`)).click();
  await expect(row).toBeVisible();

  // In progress.
  await row.getByRole('button', { name: '标为办理中' }).click();
  await expect(
    main(page)
      .getByRole('status')
      .filter({ hasText: `已将 ${ticket} 标为“办理中”` }),
  ).toBeVisible();
  await expect(row.getByTestId('work-status')).toHaveText('办理中');
  await expect(row.getByRole('button', { name: '标为已受理' })).toHaveCount(0);

  // Returned: a note is required.
  await row.getByRole('button', { name: '退回' }).click();
  const form = row.getByRole('group', { name: `退回办件 ${ticket}` });
  await form.getByRole('button', { name: '确认退回' }).click();
  await expect(main(page).getByRole('alert')).toHaveText('请填写退回说明（至少 2 个字）。');
  await form.getByRole('textbox', { name: '退回说明' }).fill('请补充经营场所租赁合同');
  await form.getByRole('button', { name: '确认退回' }).click();
  await expect(
    main(page)
      .getByRole('status')
      .filter({ hasText: `已将 ${ticket} 标为“已退回”` }),
  ).toBeVisible();
  // It left the waiting list; it is among the closed ones, with its note.
  await expect(row).toHaveCount(0);
  await main(page)
    .getByRole('button', { name: /已办结、退回或取消/ })
    .click();
  await expect(row).toContainText('已退回');
  await expect(row).toContainText('最新说明：请补充经营场所租赁合同');

  // The audit log has both, by this guide.
  await page.getByRole('tab', { name: '操作记录' }).click();
  const audits = page.getByRole('table').getByRole('row').filter({ hasText: 'set-request-status' });
  await expect(audits).toHaveCount(2);
  const audit = JSON.parse(kioskctl(k.dataDir, ['audit', '--json']).out) as {
    action: string;
    staffId: string;
    detail: string | null;
  }[];
  expect(audit.filter((a) => a.action === 'set-request-status')).toEqual([
    expect.objectContaining({
      staffId: 'G007',
      detail: `${ticket}: in-progress → returned: 请补充经营场所租赁合同`,
    }),
    expect.objectContaining({ staffId: 'G007', detail: `${ticket}: submitted → in-progress` }),
  ]);

  // The enterprise keys its ticket and code in: returned, with the note; in progress before it.
  await page.getByRole('button', { name: '锁定并退出帮办' }).click();
  await trackKeyed(page, ticket, code);
  await expect(page.getByTestId('track-status')).toHaveText('已退回');
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toContainText('办理中');
  await expect(timeline).toContainText('说明：请补充经营场所租赁合同');
});
