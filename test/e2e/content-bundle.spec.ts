// A signed content bundle on one site, from the build as an operator runs it: keygen --for
// content, content sign (a 办事指南 for 公司设立登记, the 2027 calendar), content apply; the kiosk
// then shows the guide on 企业开办's page. A tampered copy is refused and changes nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, startKiosk, test } from './fixtures';
import { expectAccessible, setMode } from './support/axe';

function kioskctl(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/electron/kioskctl.mjs', ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Test text, not a real department's guide. */
const GUIDE = {
  materials: ['测试材料：营业执照申请书', '测试材料：章程'],
  steps: ['测试步骤一', '测试步骤二'],
  promisedLimit: '测试承诺时限',
  window: '测试窗口 A01',
  source: '测试来源（e2e）',
  checkedOn: '2026-12-01',
};

test('a signed bundle brings a service guide in; a tampered one is refused', async ({ page }) => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'content-e2e-'));
  const data = path.join(work, 'data');
  const key = path.join(work, 'key.json');
  expect(
    kioskctl('keygen', '--for', 'content', '--kid', 'e2e', '--out', key, '--trust', '--data', data)
      .code,
  ).toBe(0);
  const catalogDir = path.join(work, 'catalog');
  fs.mkdirSync(catalogDir);
  const bundles = JSON.parse(fs.readFileSync('seeds/bundles.json', 'utf8')) as {
    id: string;
    guides?: unknown;
  }[];
  (bundles.find((b) => b.id === 'business-startup') as { guides?: unknown }).guides = {
    公司设立登记: GUIDE,
  };
  fs.writeFileSync(path.join(catalogDir, 'bundles.json'), JSON.stringify(bundles));
  const bundle = path.join(work, 'bundle.json');
  const signed = kioskctl(
    'content',
    'sign',
    '--key',
    key,
    '--version',
    '1',
    '--catalog',
    catalogDir,
    '--calendar',
    'docs/examples/2027.example.json',
    '--out',
    bundle,
  );
  expect(signed.err).toBe('');
  const tampered = path.join(work, 'tampered.json');
  const env = JSON.parse(fs.readFileSync(bundle, 'utf8')) as Record<string, string>;
  env.payload = `${(env.payload as string).slice(0, -4)}AAAA`;
  fs.writeFileSync(tampered, JSON.stringify(env));

  const refused = kioskctl('content', 'apply', tampered, '--data', data);
  expect(refused.code).toBe(1);
  expect(refused.out).toContain('REFUSED (bad-signature)');
  expect(kioskctl('content', 'apply', bundle, '--data', data).code).toBe(0);
  expect(kioskctl('calendar', 'status', '--data', data).out).toContain('2004–2027');

  const kiosk = await startKiosk({ dataDir: data });
  try {
    await kiosk.open(page);
    await page.getByRole('button', { name: /浏览和搜索服务/ }).click();
    await page.getByRole('button', { name: /按营商环境指标浏览一类事/ }).click();
    await page.getByRole('button', { name: /^企业开办/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: '企业开办' })).toBeVisible();
    const basic = page.getByRole('region', { name: /基本服务事项/ });
    const guide = basic.getByTestId('service-guide');
    await expect(guide).toHaveCount(1);
    await guide.getByText('办事指南').click();
    await expect(guide).toContainText('测试材料：营业执照申请书');
    await expect(guide).toContainText('测试窗口 A01');
    await expect(guide).toContainText('来源：测试来源（e2e）；2026-12-01 核对');
    // The other five still say no guide is loaded; nothing is filled in for them.
    await expect(basic.getByTestId('service-guide-missing')).toHaveCount(5);
    await expectAccessible(page, 'bundle page with a guide open (zh-CN, normal)');
    await setMode(page, 'en', 'high-contrast');
    await expect(page.getByTestId('service-guide')).toContainText('What to bring');
    await expectAccessible(page, 'bundle page with a guide open (en, high-contrast)');

    // A tampered copy offered again is refused; the kiosk keeps the bundle in force.
    expect(kioskctl('content', 'apply', tampered, '--data', data).code).toBe(1);
    const status = JSON.parse(kioskctl('content', 'status', '--json', '--data', data).out) as {
      active: { version: number } | null;
      lastRefusal: { reason: string } | null;
    };
    expect(status.active?.version).toBe(1);
    expect(status.lastRefusal?.reason).toBe('bad-signature');
  } finally {
    await kiosk.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
