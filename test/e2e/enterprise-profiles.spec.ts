// 一企一档 end to end: an enterprise profile imported on the real back office with its command
// line reaches a kiosk enrolled there through the signed profile feed. Its licence QR (a public
// code) identifies the profile; a guide assisting sees its policies with reasons and the 证照到期提醒
// for a licence expiring in 30 days; the public scanning the same QR sees neither; the enterprise's
// own signed code (DQE2) shows the verified profile with both, without a guide.
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { completeUscc } from '../../electron/domain/credit-code';
import { generateKeyPair, signToken } from '../../electron/services/identity/tokens';
import { expect, startKiosk, test, type RunningKiosk } from './fixtures';
import { backOfficeCli, serveBackOffice, type Service } from './support/back-office-service';
import { signInAsGuide } from './support/guide';
import { kioskctl } from './support/kioskctl';
import { usbScan } from './support/usb-scan';

// A code of the county's region (330521) that neither the demo set nor the docs' example uses; its
// two check characters computed by the project's own GB 32100 rules.
const USCC = completeUscc('91330521DQ7000' + '42') ?? '';
const NAME = '德清云图导航科技有限公司';

/** YYYY-MM-DD in the center's time zone, `days` from today. */
function shanghaiDate(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const codeKey = generateKeyPair('code1');
const signedCode = () =>
  signToken({
    kid: 'code1',
    secretKey: codeKey.secretKey,
    subject: { kind: 'enterprise', uscc: USCC },
  }).token;

let kiosk: RunningKiosk | null = null;
let service: Service | null = null;
const dirs: string[] = [];
test.afterEach(async () => {
  await kiosk?.stop();
  await service?.stop();
  for (const d of [kiosk?.dataDir, ...dirs]) if (d) fs.rmSync(d, { recursive: true, force: true });
  kiosk = null;
  service = null;
  dirs.length = 0;
});

const tempDir = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
};

async function expectFullProfile(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  const recs = page.getByTestId('policy-recommendations');
  await expect(recs.getByRole('heading', { name: '为您推荐的政策' })).toBeVisible();
  await expect(recs).toContainText('因为贵企业是国家高新技术企业（原文：“高新技术企业”）');
  // 证照到期提醒 names the licence expiring in 30 days, not the one without an end date.
  const reminders = page.getByRole('status').filter({ hasText: '证照到期提醒' });
  await expect(reminders.getByRole('heading', { name: '证照到期提醒' })).toBeVisible();
  await expect(reminders.getByRole('listitem')).toHaveCount(1);
  await expect(reminders.getByRole('listitem')).toHaveText(
    '食品经营许可证 JY13305210042 — 30 天后到期，请及时办理延续',
  );
  await expect(page.getByTestId('profile-licences')).toContainText(`食品经营许可证 JY13305210042`);
  await expect(page.getByTestId('profile-licences')).toContainText('排污许可证');
  // The imported profile is real: no demo marker.
  await expect(page.getByTestId('demo-marker')).toHaveCount(0);
}

test('a profile imported on the back office reaches the kiosk: its licence QR with a guide, and its signed code, show its policies and the licence expiring in 30 days', async ({
  page,
}) => {
  test.setTimeout(180_000);
  expect(USCC).toMatch(/^91330521DQ700042[0-9A-Z]{2}$/);
  const expiring = shanghaiDate(30);

  // The file an operator would import (docs/enterprise-import.md), Chinese headers.
  const csv = path.join(tempDir('profiles-e2e-csv-'), 'enterprises.csv');
  fs.writeFileSync(
    csv,
    [
      '统一社会信用代码,企业名称,主体类型,登记状态,法定代表人,标签,成立日期,所属镇街,证照',
      `${USCC},${NAME},有限责任公司（自然人投资或控股）,存续,李四海,高新技术企业、地理信息,2019-03-08,阜溪街道,食品经营许可证|JY13305210042|${expiring};排污许可证|PW0042|长期`,
      '',
    ].join('\n'),
  );

  service = await serveBackOffice(tempDir('profiles-e2e-bo-'));
  const auth = ['--url', service.url, '--token', service.adminToken ?? ''];
  const imported = backOfficeCli(['import', 'enterprises', csv, ...auth, '--json']);
  expect(imported.code, imported.err).toBe(0);
  expect(JSON.parse(imported.out)).toMatchObject({ imported: 1, updated: 0, rejected: [] });
  // The same file twice changes nothing.
  const again = backOfficeCli(['import', 'enterprises', csv, ...auth, '--json']);
  expect(JSON.parse(again.out)).toMatchObject({ imported: 0, updated: 0, unchanged: 1 });

  const added = backOfficeCli(['kiosks', 'add', 'DQ07', ...auth, '--json']);
  expect(added.code, added.err).toBe(0);
  const enrolled = JSON.parse(added.out) as { kioskSecret: string; endpoint: string };
  kiosk = await startKiosk({
    config: {
      kioskId: 'DQ07',
      backOffice: {
        endpoint: enrolled.endpoint,
        kioskSecret: enrolled.kioskSecret,
        pullIntervalSeconds: 10,
      },
      identity: { enterpriseKeys: { code1: codeKey.publicKey } },
    },
  });
  const k = kiosk;

  // The kiosk pulls the signed delta and holds the profile (and, real profiles being present,
  // no demo ones).
  await expect
    .poll(
      () => {
        const r = kioskctl(k.dataDir, ['enterprises', 'list', '--json']);
        return r.code === 0
          ? (JSON.parse(r.out) as { uscc: string; name: string; demo: boolean }[]).map((e) => [
              e.uscc,
              e.name,
              e.demo,
            ])
          : r.err;
      },
      { timeout: 60_000, intervals: [1_000] },
    )
    .toEqual([[USCC, NAME, false]]);

  kioskctl(k.dataDir, ['set-pin', '--staff', 'G007'], '24681357\n24681357\n');
  await k.open(page);
  const licenceQr = `http://www.gsxt.gov.cn/index.html?uniscid=${USCC}`;

  // (a) A guide assisting scans the licence QR: the full profile, its policies, the reminder.
  await signInAsGuide(page, 'G007', '24681357');
  await page.getByRole('button', { name: '为来访企业扫码' }).click();
  await usbScan(page, licenceQr);
  await expectFullProfile(page);
  await expect(page.getByText('帮办人员查看：完整档案（个人信息已脱敏）。')).toBeVisible();
  await expect(page.getByTestId('legal-representative')).toHaveText('李**');
  await page.getByRole('button', { name: '回到首页' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }),
  ).toBeVisible();

  // The same public code without a guide identifies the profile but verifies nothing.
  await usbScan(page, licenceQr);
  await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
  await expect(page.getByTestId('policy-public-note')).toContainText('验证身份后');
  await expect(page.getByTestId('policy-recommendations')).toHaveCount(0);
  await expect(page.getByText('证照到期提醒')).toHaveCount(0);
  await page.getByRole('button', { name: '回到首页' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }),
  ).toBeVisible();

  // (b) The enterprise's signed code, no guide: the verified profile, its policies, the reminder.
  await usbScan(page, signedCode());
  await expectFullProfile(page);
  await expect(page.getByText('已通过动态企业码验证，显示本企业完整档案。')).toBeVisible();
});
