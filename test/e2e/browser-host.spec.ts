// The browser host's polish: the page opts out of translation; the launcher's Chromium window
// fills the screen under a bare X server; in elder mode in English every button's label stays
// inside the button.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { browserHostFlags } from '../../electron/services/chromium-flags';
import { probeScreenSize } from '../../electron/services/display-size';
import { chromiumPath } from './chromium';
import { expect, test } from './fixtures';
import { setMode } from './support/axe';
import { overflowingButtons } from './support/overflow';
import { tapCode, tapKeys } from './support/touch';

test('the page opts out of translation', async ({ page, kiosk }) => {
  await kiosk.open(page);
  await expect(page.locator('html')).toHaveAttribute('translate', 'no');
  await expect(page.locator('meta[name="google"]')).toHaveAttribute('content', 'notranslate');
  // Switching to English keeps the opt-out.
  await page.getByRole('banner').getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('translate', 'no');
});

const hasXvfb = spawnSync('which', ['Xvfb']).status === 0;

test('under a bare X server the kiosk window fills the screen', async () => {
  test.skip(!hasXvfb, 'Xvfb is not installed (apt-get install xvfb): no X server to test on');
  const chromium = chromiumPath();
  test.skip(!chromium, 'Chromium is not installed');
  test.setTimeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-x-'));
  // -displayfd: Xvfb picks a free display and writes its number.
  const xvfb = spawn(
    'Xvfb',
    ['-displayfd', '1', '-screen', '0', '1080x1920x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  let browser: ChildProcess | null = null;
  try {
    const display = await new Promise<string>((resolve, reject) => {
      xvfb.stdout?.once('data', (d: Buffer) => resolve(`:${d.toString().trim()}`));
      xvfb.once('exit', () => reject(new Error('Xvfb exited')));
    });
    const env = { ...process.env, DISPLAY: display };
    const run = (cmd: string, args: string[]) =>
      spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 5_000 }).stdout;
    const probed = probeScreenSize(run);
    expect(probed?.size).toEqual({ width: 1080, height: 1920 });

    const flags = browserHostFlags({
      dataRoot: dir,
      asRoot: process.getuid?.() === 0,
      screen: probed!.size,
    });
    browser = spawn(
      chromium!,
      ['--app=data:text/html,<title>kiosk-window</title>', ...flags, '--disable-gpu'],
      { env, stdio: 'ignore' },
    );
    // The window's geometry as the X server has it: WxH+X+Y.
    await expect
      .poll(
        () =>
          /"kiosk-window".*?\s(\d+)x(\d+)\+(-?\d+)\+(-?\d+)/
            .exec(run('xwininfo', ['-root', '-tree']))
            ?.slice(1)
            .map(Number),
        { timeout: 30_000 },
      )
      .toEqual([1081, 1921, 0, 0]);
  } finally {
    const b = browser as ChildProcess | null;
    if (b && b.exitCode === null) {
      const exited = new Promise((r) => b.once('exit', r));
      b.kill('SIGKILL');
      await exited;
    }
    xvfb.kill('SIGTERM');
    // Chromium's helper processes can outlive the browser by a moment, still writing its profile.
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
});

const main = (page: Page) => page.getByRole('main');

test.describe('by touch', () => {
  test.use({ hasTouch: true });

  test('elder mode in English: no button label spills out of its button', async ({
    page,
    kiosk,
  }) => {
    test.setTimeout(120_000);
    const seen: Record<string, string[]> = {};
    const check = async (screen: string) => {
      seen[screen] = await overflowingButtons(page);
    };
    await kiosk.open(page);
    await setMode(page, 'en', 'elder');
    await check('attract');
    await page.getByRole('button', { name: /Browse and search services/ }).tap();
    await check('catalog home');
    await page.getByRole('button', { name: 'Start page' }).first().tap();
    await setMode(page, 'en', 'elder');
    await page.getByRole('button', { name: /Raise an issue/ }).tap();
    await main(page).getByRole('button', { name: 'Overdue payments owed to us' }).tap();
    await main(page).getByRole('radio').first().tap();
    await main(page)
      .getByRole('textbox', { name: /In a few words/ })
      .tap();
    const keyboard = main(page).getByRole('group', { name: /On-screen keyboard/ });
    await tapKeys(keyboard, 'tuoqian');
    await check('issue with the keyboard open');
    await keyboard.getByRole('button', { name: 'Done' }).tap();
    await main(page).getByRole('button', { name: 'Next', exact: true }).tap();
    await check('contact step');
    await tapCode(page, '13912345678');
    await main(page).getByRole('button', { name: 'Confirm number' }).tap();
    await main(page).getByRole('checkbox', { name: 'I have read and accept this notice' }).tap();
    await main(page).getByRole('button', { name: 'Next', exact: true }).tap();
    await check('review');
    await main(page).getByRole('button', { name: 'Submit', exact: true }).tap();
    await expect(page.getByTestId('rating')).toBeVisible();
    await check('receipt with the rating');
    await page.getByTestId('rating').getByRole('button', { name: 'Very unsatisfied' }).tap();
    await check('rating reasons');
    expect(seen).toEqual(Object.fromEntries(Object.keys(seen).map((k) => [k, []])));
  });
});
