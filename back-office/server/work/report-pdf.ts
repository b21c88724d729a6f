// Reports as PDF through the Chromium the kiosk already uses (playwright-core driving Debian's
// /usr/bin/chromium, or CHROMIUM_PATH): the report's static page is laid out with JavaScript off
// and printed to A4. One browser per PDF: reports are rare, and nothing stays resident.
import fs from 'node:fs';

export function reportChromiumPath(): string | null {
  const p = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return fs.existsSync(p) ? p : null;
}

export function createReportPdf(executablePath: string): (html: string) => Promise<Buffer> {
  return async (html) => {
    // Loaded on the first report, not at start: it takes about a second to load, which every
    // restart of the service (and every kiosk waiting on it) would otherwise pay.
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath,
      args: ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--mute-audio'],
      chromiumSandbox: false,
      timeout: 30_000,
    });
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load', timeout: 15_000 });
      return await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    } finally {
      await browser.close();
    }
  };
}
