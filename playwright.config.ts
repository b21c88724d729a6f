// End-to-end tests drive Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium) against the
// browser host, each test with its own data directory (see test/e2e/fixtures.ts).
import { defineConfig } from '@playwright/test';
import { chromiumPath, CHROMIUM_FLAGS } from './test/e2e/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: 2,
  // One retry absorbs a timing hiccup on a loaded 2-core machine; the list reporter still marks
  // such a test "flaky", so it stays visible.
  retries: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalSetup: './test/e2e/global-setup.ts',
  use: {
    viewport: { width: 1080, height: 1920 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'off',
    launchOptions: { executablePath: chromiumPath() ?? undefined, args: CHROMIUM_FLAGS },
  },
});
