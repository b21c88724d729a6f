// The real back office end to end, as its operator and a founder would use it: the service is
// started with `npm run back-office -- serve` (the built entry), prints its admin token once, a
// kiosk is enrolled with `kiosks add`, the kiosk (browser host) hands it a 企业开办 request made
// on screen, `requests list` shows it in its queue, `requests set-status … completed` makes the
// kiosk's tracking say 已办结 after its next pull, and SIGTERM stops the service cleanly.
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, startKiosk, test, type RunningKiosk } from './fixtures';
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

const main = (page: Page) => page.getByRole('main');

test('a kiosk hands a 企业开办 request to the real back office; a status set there reaches its tracking', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'back-office-e2e-'));
  service = await serveBackOffice(dataDir);
  const s = service;
  // First start of an empty database: the admin token, printed once and kept readable by its
  // owner only.
  expect(s.adminToken).toMatch(/^bo_[A-Za-z0-9_-]{43}$/);
  const tokenFile = path.join(dataDir, 'admin-token');
  expect(fs.readFileSync(tokenFile, 'utf8').trim()).toBe(s.adminToken);
  expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
  const auth = ['--url', s.url, '--token', s.adminToken ?? ''];

  const added = backOfficeCli([
    'kiosks',
    'add',
    'DQ01',
    '--name',
    '县政务服务中心 7×24 小时自助区',
    ...auth,
    '--json',
  ]);
  expect(added.code, added.err).toBe(0);
  const enrolled = JSON.parse(added.out) as {
    kioskId: string;
    kioskSecret: string;
    endpoint: string;
  };
  expect(enrolled.endpoint).toBe(s.endpoint);

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
  const k = kiosk;
  await k.open(page);
  const ticket = await founderRequest(page, '13700004444');
  const code = await receiptCode(page);

  // The back office has it, in the queue of its board and lead department, with a promised date.
  await expect
    .poll(() => listedRequests(auth).filter((r) => r.ticket === ticket), { timeout: 30_000 })
    .toEqual([
      expect.objectContaining({
        ticket,
        kioskId: 'DQ01',
        status: 'received',
        board: 'project',
        department: '县市场监管局',
        dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as unknown,
      }),
    ]);
  const table = backOfficeCli(['requests', 'list', ...auth]);
  expect(table.out).toContain(ticket);
  expect(table.out).toContain('企业开办');

  await main(page).getByRole('button', { name: '完成' }).click();
  await trackKeyed(page, ticket, code);
  const done = backOfficeCli([
    'requests',
    'set-status',
    ticket,
    'completed',
    '--note',
    '营业执照已核发，请到 3 号窗口领取',
    ...auth,
  ]);
  expect(done.code, done.err).toBe(0);
  await untilStatus(page, '已办结');
  await expect(page.getByTestId('timeline')).toContainText(
    '说明：营业执照已核发，请到 3 号窗口领取',
  );
  await expect(page.getByTestId('track-result')).not.toContainText('13700004444');

  // The kiosk reported its health; the operator sees it.
  await expect
    .poll(
      () =>
        (
          JSON.parse(backOfficeCli(['kiosks', 'list', ...auth, '--json']).out) as {
            lastHeartbeatAt: string | null;
          }[]
        )[0]?.lastHeartbeatAt ?? null,
      {
        timeout: 30_000,
      },
    )
    .not.toBeNull();

  // A wrong token: one line, exit 1.
  const wrong = backOfficeCli([
    'requests',
    'list',
    '--url',
    s.url,
    '--token',
    'bo_wrong_wrong_wrong',
  ]);
  expect(wrong).toMatchObject({ code: 1, out: '' });
  expect(wrong.err.trim().split('\n')).toHaveLength(1);

  // SIGTERM: the calls in flight finish and the service exits; a second start on the same data
  // keeps everything and prints no new token.
  expect(await s.stop()).toBe(0);
  expect(s.stderr()).toContain('"event":"back_office.stopped"');
  service = await serveBackOffice(dataDir);
  expect(service.adminToken).toBeNull();
  const again = backOfficeCli([
    'requests',
    'list',
    '--url',
    service.url,
    '--token',
    s.adminToken ?? '',
    '--json',
  ]);
  expect(
    (JSON.parse(again.out) as { ticket: string; status: string }[]).map((r) => [
      r.ticket,
      r.status,
    ]),
  ).toEqual([[ticket, 'completed']]);
});
