// 一屏总览 in guide mode: a kiosk whose database holds a generated data set with known
// answers; a guide opens the dashboard, switches the period, opens a chart's table and finds the
// known numbers; the charts are SVG drawn under the app's CSP with no violation; axe is clean with
// a table open, in the elder mode the charts' text is big; kioskctl report gives the same numbers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bundle, BoardDetail, BundleDetail } from '../../electron/domain/catalog';
import { catalogLabels } from '../../electron/services/dashboard/dashboard-figures';
import { dataDirLayout } from '../../electron/services/data-dir';
import { createLogger } from '../../electron/services/logger';
import { openDatabase } from '../../electron/services/storage/database';
import { MIGRATIONS } from '../../electron/services/storage/migrations/index';
import { addDays, expected, generate, TZ } from '../support/dashboard-data';
import { expectAccessible, setMode } from './support/axe';
import { signInAsGuide } from './support/guide';
import { kioskctl } from './support/kioskctl';
import { expect, startKiosk, test } from './fixtures';

test('the dashboard shows the known figures, its tables, under the CSP, and passes axe', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-dash-'));
  const dirs = dataDirLayout(dataDir);
  // The built-in seeds, read as files (Playwright's loader does not take the catalog's JSON
  // imports): names and the 企业开办 parts are all the labels need.
  const seed = <T>(f: string) => JSON.parse(fs.readFileSync(path.join('seeds', f), 'utf8')) as T;
  const bundles = seed<Bundle[]>('bundles.json');
  const boardList = seed<BoardDetail[]>('boards.json');
  const labels = catalogLabels({
    bundle: (id) => (bundles.find((b) => b.id === id) as BundleDetail | undefined) ?? null,
    boards: () => boardList,
  });
  fs.mkdirSync(dirs.logs, { recursive: true });
  const db = await openDatabase({
    dir: dirs.db,
    migrations: MIGRATIONS,
    log: createLogger({ dir: dirs.logs, echo: false }),
  });
  const data = await db.write((tx) =>
    generate(tx, {
      n: 600,
      today,
      spanDays: 40,
      seed: 99,
      bundles,
      labels,
    }),
  );
  await db.close();
  const from30 = addDays(today, -29);
  const want = expected(data, from30, today, today, 2);

  kioskctl(dataDir, ['set-pin', '--staff', 'G009'], '24681357\n24681357\n');
  const kiosk = await startKiosk({ dataDir });
  try {
    // Any CSP violation the charts might cause is recorded in the page.
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.cspViolations.push(
          `${e.violatedDirective} ${e.blockedURI} ${e.sample} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
        ),
      );
    });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await kiosk.open(page);
    await signInAsGuide(page, 'G009', '24681357');
    await page.getByRole('tab', { name: '一屏总览' }).click();
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 2, name: '一屏总览' })).toBeVisible();
    await expect(main.getByRole('button', { name: '近 7 天' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await main.getByRole('button', { name: '近 30 天' }).click();
    await expect(main.getByRole('button', { name: '近 30 天' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(main.getByText(`${from30} 至 ${today}（北京时间）`)).toBeVisible();
    const headline = main.locator('.dash-figure', { hasText: '提交办件' });
    await expect(headline.locator('dd')).toHaveText(String(want.total));

    // The charts are SVG, drawn.
    for (const id of ['perDay', 'byBoard', 'startupParts', 'health']) {
      const svg = main.locator(`[data-chart="${id}"] svg`);
      await expect(svg).toHaveCount(1);
      expect(await svg.locator('path').count()).toBeGreaterThan(0);
    }

    // 各板块办件量: its table, one tap away, holds the known numbers.
    const boards = main.getByRole('region', { name: '各板块办件量' });
    const toggle = boards.getByRole('button', { name: '查看数据表' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(boards.getByRole('table')).toBeHidden();
    await toggle.click();
    await expect(boards.getByRole('button', { name: '收起数据表' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    const table = boards.getByRole('table', { name: '各板块办件量' });
    await expect(table).toBeVisible();
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.querySelector('th')?.textContent?.trim() ?? '',
          Number(tr.querySelector('td')?.textContent?.trim()),
        ]),
      );
    const boardName = (id: string) => labels.board(id) ?? id;
    expect(Object.fromEntries(rows)).toEqual(
      Object.fromEntries([...want.byBoard].map(([id, n]) => [boardName(id), n])),
    );

    // 企业开办's parts: 照 营业执照 as the generator counted it.
    const parts = main.getByRole('region', { name: /证照章金银税码/ });
    await parts.getByRole('button', { name: '查看数据表' }).click();
    await expect(parts.getByRole('row', { name: /照 营业执照/ })).toContainText(
      String(want.letters.get('照') ?? 0),
    );

    await expectAccessible(page, 'dashboard with tables open');

    // The elder mode: the charts' text grows with the screen's.
    await setMode(page, 'zh-CN', 'elder');
    await expect
      .poll(() =>
        main
          .locator('[data-chart="byBoard"] svg text')
          .first()
          .evaluate((el) => parseFloat(getComputedStyle(el).fontSize)),
      )
      .toBeGreaterThanOrEqual(30);
    await expectAccessible(page, 'dashboard (elder)');
    await setMode(page, 'en', 'high-contrast');
    await expect(page.getByRole('heading', { level: 2, name: 'Dashboard' })).toBeVisible();
    await expectAccessible(page, 'dashboard (en, high contrast)');

    // No style (or any other) violation from the charts. zod's own probe for `new Function`
    // (a caught eval test in the schemas chunk, on every screen) is not the dashboard's.
    const violations = await page.evaluate(
      () => (window as unknown as { cspViolations: string[] }).cspViolations,
    );
    expect(violations.filter((v) => !/^script-src eval .*\/schemas-[\w-]+\.js:/.test(v))).toEqual(
      [],
    );
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);

    // kioskctl report: the same figures, read-only.
    const json = kioskctl(dataDir, ['report', '--from', from30, '--to', today, '--format', 'json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out) as {
      requests: { total: number; byBoard: { key: string; n: number }[] };
    };
    expect(report.requests.total).toBe(want.total);
    expect(Object.fromEntries(report.requests.byBoard.map((b) => [b.key, b.n]))).toEqual(
      Object.fromEntries(want.byBoard),
    );
    const csv = kioskctl(dataDir, ['report', '--from', from30, '--to', today, '--format', 'csv']);
    expect(csv.out).toContain(`requests,all,,total,${want.total}\n`);
    expect(csv.out).not.toMatch(/DQ01-|1390000/);
  } finally {
    await kiosk.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
