// Identification end to end: the fake camera, a USB scanner burst, the keypad, signed codes and
// their refusals, and the camera switched off on leaving the scan screen.
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import { generateKeyPair, signToken } from '../../electron/services/identity/tokens';
import { expect, startKiosk, test, type RunningKiosk } from './fixtures';
import { launchWithFakeCamera } from './support/fake-camera';
import { usbScan } from './support/usb-scan';

const SEEDED = '91330521DQ0000018A';
const SEEDED_NAME = '德清星图测绘地理信息有限公司';
const UNKNOWN = '91330521DQ9999999E';

const badge = (page: Page) => page.getByTestId('audience-badge');

/** Opens the scan screen and waits for it: keys sent while it is still loading go nowhere. */
async function openScan(page: Page): Promise<void> {
  await page.getByRole('button', { name: '扫描企业码' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '扫描企业码' })).toBeVisible();
}

test('a USB scanner burst on the attract screen shows the public facts only', async ({
  page,
  kiosk,
}) => {
  await kiosk.open(page);
  await expect(badge(page)).toHaveText(/公开信息/);
  await usbScan(page, `http://www.gsxt.gov.cn/index.html?uniscid=${SEEDED}`);
  await expect(page.getByRole('heading', { level: 1, name: SEEDED_NAME })).toBeVisible();
  await expect(badge(page)).toHaveText(/公开信息/);
  await expect(page.getByTestId('demo-marker')).toHaveText('演示数据');
  await expect(page.getByTestId('profile-facts')).toContainText('存续（在营）');
  // Public: no legal representative, no tags.
  await expect(page.getByTestId('profile-detail')).toHaveCount(0);
  await expect(page.getByText('法定代表人')).toHaveCount(0);
  await page.getByRole('button', { name: '回到首页' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: '企业办事 7×24 小时自助服务' }),
  ).toBeVisible();
});

test('typing at a person’s pace is not taken for a scan', async ({ page, kiosk }) => {
  await kiosk.open(page);
  await openScan(page);
  await page.keyboard.type(SEEDED, { delay: 90 });
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  await expect(page.getByRole('heading', { level: 1, name: '扫描企业码' })).toBeVisible();
  await expect(page.getByTestId('scan-result')).toHaveCount(0);
  // The same text as a burst is a scan.
  await usbScan(page, SEEDED);
  await expect(page.getByRole('heading', { level: 1, name: SEEDED_NAME })).toBeVisible();
});

test('keypad entry with live check feedback; a failed check asks to verify', async ({
  page,
  kiosk,
}) => {
  await kiosk.open(page);
  await openScan(page);
  const keypad = page.getByRole('group', { name: '统一社会信用代码键盘' });
  for (const c of '91330521DQ000001')
    await keypad.getByRole('button', { name: c, exact: true }).click();
  await expect(page.locator('#uscc-entry-state')).toHaveText('还需输入 2 位');
  await keypad.getByRole('button', { name: '8', exact: true }).click();
  await keypad.getByRole('button', { name: 'B', exact: true }).click();
  await expect(page.locator('#uscc-entry-state')).toContainText('校验码不符');
  await expect(keypad.getByRole('button', { name: '查询' })).toBeDisabled();
  await keypad.getByRole('button', { name: '退格' }).click();
  await keypad.getByRole('button', { name: 'A', exact: true }).click();
  await expect(page.locator('#uscc-entry-state')).toHaveText('校验通过，可以查询');
  await keypad.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('heading', { level: 1, name: SEEDED_NAME })).toBeVisible();

  // A scanned pre-standard code that fails its check: verify, with the keyed path offered.
  await page.getByRole('button', { name: '扫描其他企业码' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '扫描企业码' })).toBeVisible();
  await usbScan(page, '91350211M00013FA1N');
  await expect(page.getByTestId('scan-result')).toContainText('代码未通过校验（校验码）');
  await page.getByRole('button', { name: '核对并修改代码' }).click();
  await expect(page.getByRole('textbox', { name: '统一社会信用代码' })).toHaveAttribute(
    'data-value',
    '91350211M00013FA1N',
  );
});

test('an unknown but valid code: no file here, with next steps', async ({ page, kiosk }) => {
  await kiosk.open(page);
  await openScan(page);
  await usbScan(page, UNKNOWN);
  const result = page.getByTestId('scan-result');
  await expect(result).toContainText('本机暂无该企业档案');
  await result.getByRole('button', { name: '请帮办人员协助' }).click();
  await expect(result).toContainText('请到服务窗口或呼叫现场帮办人员');
  await result.getByRole('button', { name: '以公开身份继续' }).click();
  await expect(page.getByTestId('code-facts')).toContainText('湖州市德清县');
  await expect(page.getByTestId('code-facts')).toContainText('市场监督管理部门');
  await expect(badge(page)).toHaveText(/公开信息/);
});

test('hostile texts are refused without anything being opened', async ({ page, kiosk }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await kiosk.open(page);
  await openScan(page);
  await usbScan(page, 'javascript:alert(document.domain)//91330521DQ0000018A');
  await expect(page.getByTestId('scan-result')).toContainText('本机不会打开其中的链接');
  await usbScan(page, '<img src=x onerror=alert(1)>xxxxxxxxxxxxxxxxxx');
  await expect(page.getByTestId('scan-result')).toContainText('这不是本机能识别的代码');
  expect(dialogs).toEqual([]);
  expect(new URL(page.url()).origin).toBe(kiosk.origin);
});

test.describe('signed codes', () => {
  const codeKey = generateKeyPair('code1');
  const badgeKey = generateKeyPair('badge1');
  let kiosk: RunningKiosk;
  test.beforeEach(async () => {
    kiosk = await startKiosk({
      config: {
        identity: {
          enterpriseKeys: { code1: codeKey.publicKey },
          staffKeys: { badge1: badgeKey.publicKey },
        },
      },
    });
  });
  test.afterEach(async () => {
    await kiosk.stop();
    fs.rmSync(kiosk.dataDir, { recursive: true, force: true });
  });
  const code = (issuedAt = new Date()) =>
    signToken({
      kid: 'code1',
      secretKey: codeKey.secretKey,
      subject: { kind: 'enterprise', uscc: SEEDED },
      issuedAt,
    }).token;

  test('a signed code shows the verified profile; replayed, expired and tampered ones are refused', async ({
    page,
  }) => {
    await kiosk.open(page);
    const token = code();
    await usbScan(page, token);
    await expect(page.getByRole('heading', { level: 1, name: SEEDED_NAME })).toBeVisible();
    await expect(badge(page)).toHaveText(/已验证企业/);
    await expect(page.getByTestId('legal-representative')).toHaveText('张*');
    await expect(page.getByTestId('profile-detail')).toContainText('高新技术企业');
    await expect(page.getByTestId('profile-detail')).toContainText('免申即享');
    await expect(page.locator('body')).not.toContainText('张三');

    await page.getByRole('button', { name: '回到首页' }).click();
    await expect(badge(page)).toHaveText(/公开信息/);
    await openScan(page);
    await usbScan(page, token);
    await expect(page.getByTestId('scan-result')).toContainText('此企业码已经使用过');
    await expect(badge(page)).toHaveText(/公开信息/);

    await usbScan(page, code(new Date(Date.now() - 10 * 60_000)));
    await expect(page.getByTestId('scan-result')).toContainText('企业码已过期');

    const fresh = code();
    // A digit near the end of the v2 (decimal) body changed: the signature's last bytes differ,
    // the payload is intact — well-formed, but not what was signed. (A digit further left
    // changes the number's lower bytes wholesale: a malformed payload, another refusal.)
    const i = fresh.length - 3;
    const tampered = fresh.slice(0, i) + (fresh[i] === '1' ? '2' : '1') + fresh.slice(i + 1);
    await usbScan(page, tampered);
    await expect(page.getByTestId('scan-result')).toContainText('内容被改动过');
    await expect(badge(page)).toHaveText(/公开信息/);
  });

  test('a staff badge makes the screen staff; the next code shows the full profile', async ({
    page,
  }) => {
    await kiosk.open(page);
    await openScan(page);
    const token = signToken({
      kid: 'badge1',
      secretKey: badgeKey.secretKey,
      subject: { kind: 'staff', staffId: 'G007', role: 'guide' },
    }).token;
    await usbScan(page, token);
    // A verified badge opens guide mode.
    await expect(page.getByRole('heading', { level: 1, name: '帮办模式' })).toBeVisible();
    await expect(page.getByText('工号 G007（帮办人员）')).toBeVisible();
    await expect(badge(page)).toHaveText(/帮办人员/);
    await page.getByRole('button', { name: '为来访企业扫码' }).click();
    await usbScan(page, SEEDED);
    await expect(page.getByTestId('legal-representative')).toHaveText('张*');
    await expect(badge(page)).toHaveText(/帮办人员/);
  });
});

test.describe('camera', () => {
  // Chromium's fake camera plays a y4m made here from a QR PNG; each test launches its own
  // browser because the video file is a launch flag.
  const fakeCameraBrowser = launchWithFakeCamera;

  test('a licence QR held to the camera shows the profile, and the camera is off after', async ({
    kiosk,
  }) => {
    const cam = await fakeCameraBrowser(`http://www.gsxt.gov.cn/index.html?uniscid=${SEEDED}`);
    try {
      const errors: string[] = [];
      cam.page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await kiosk.open(cam.page);
      await openScan(cam.page);
      await expect(cam.page.getByText('摄像头仅用于识别二维码')).toBeVisible();
      await expect(cam.page.getByRole('heading', { level: 1, name: SEEDED_NAME })).toBeVisible({
        timeout: 20_000,
      });
      expect(await cam.openedTracks()).toBeGreaterThan(0);
      await expect.poll(cam.liveTracks).toBe(0);
      // No CSP violation (the packaged wasm compiled under 'wasm-unsafe-eval') or script error.
      expect(errors).toEqual([]);
    } finally {
      await cam.close();
    }
  });

  test('leaving the scan screen leaves no live camera track', async ({ kiosk }) => {
    const cam = await fakeCameraBrowser('not a code, just a picture');
    try {
      await kiosk.open(cam.page);
      for (let visit = 0; visit < 3; visit++) {
        await openScan(cam.page);
        await expect(cam.page.getByTestId('camera-status')).toHaveText('请将二维码对准摄像头');
        expect(await cam.liveTracks()).toBe(1);
        await cam.page.getByRole('button', { name: '回到首页' }).click();
        await expect.poll(cam.liveTracks).toBe(0);
      }
      expect(await cam.openedTracks()).toBe(3);
    } finally {
      await cam.close();
    }
  });

  test('without a camera the keypad and the USB scanner still work, and the screen says so', async ({
    page,
    kiosk,
  }) => {
    // The default test browser has no camera and no permission to one.
    await kiosk.open(page);
    await openScan(page);
    await expect(page.getByTestId('camera-status')).toContainText(
      '您仍可使用扫码枪扫描，或在下方键盘输入代码',
    );
    await usbScan(page, SEEDED);
    await expect(page.getByRole('heading', { level: 1, name: SEEDED_NAME })).toBeVisible();
  });
});
