// The browser host's PDF renderer. The visitor's Chromium never prints (window.print() under
// --kiosk-printing blocks the page and reaches no spooler); instead main drives a headless
// Chromium of its own to render the print view (print.html: the same receipt and checklist
// components, laid out by the same styles), with a one-time print token in place of the visitor's
// session, and takes the PDF at the document's own page size: 80 mm × the measured length, or A4.
//
// Driven with playwright-core (the DevTools protocol over a pipe: no debugging port is opened
// that another local program could attach to). The browser starts at the first print, is reused,
// and is closed after a few idle minutes and with the host, so a kiosk running for months does
// not keep a second Chromium resident between visitors. Each print gets a fresh context (no
// cookies or storage carried from one print to the next).
import { chromium, type Browser } from 'playwright-core';
import type { Logger } from '../services/logger';
import type { PdfRenderer } from '../services/printing/print-service';
import type { PrintTokens } from '../services/printing/print-tokens';

export interface HeadlessPdf {
  render: PdfRenderer;
  /** Starts the browser ahead of a print (the first print otherwise pays for its start). */
  warm(): Promise<void>;
  /** Whether a browser is running now. */
  running(): boolean;
  close(): Promise<void>;
}

const ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--mute-audio',
];

export function createHeadlessPdf(opts: {
  /** The host's origin (http://127.0.0.1:<port>). */
  origin: () => string;
  tokens: PrintTokens;
  log: Logger;
  /** The Chromium to run, looked up at the first print. */
  chromiumPath: () => string | null;
  /** Close the browser after this long without a print (default 5 min). */
  idleMs?: number;
  /** The print view must be laid out within this (default 15 s). */
  timeoutMs?: number;
}): HeadlessPdf {
  const idleMs = opts.idleMs ?? 5 * 60_000;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  let browser: Promise<Browser> | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let closed = false;

  function launch(): Promise<Browser> {
    if (closed) return Promise.reject(new Error('the print renderer is closed'));
    const executablePath = opts.chromiumPath();
    if (!executablePath) return Promise.reject(new Error('no Chromium to render with'));
    const started = Date.now();
    const b = chromium
      .launch({
        executablePath,
        args: ARGS,
        // Renders only this host's own print view; Chromium's sandbox needs user namespaces that
        // a locked-down kiosk often lacks.
        chromiumSandbox: false,
        timeout: 30_000,
      })
      .then((br) => {
        opts.log.info('print.renderer_started', { ms: Date.now() - started });
        br.on('disconnected', () => {
          if (browser === b) browser = null;
        });
        return br;
      });
    b.catch(() => {
      if (browser === b) browser = null;
    });
    return b;
  }

  const ensure = () => (browser ??= launch());

  function scheduleIdleClose() {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimer = null;
      const b = browser;
      browser = null;
      if (b) void b.then((br) => br.close()).catch(() => undefined);
      opts.log.info('print.renderer_idle_closed', {});
    }, idleMs);
    idleTimer.unref();
  }

  return {
    async render(job) {
      const token = opts.tokens.issue({
        document: job.document,
        locale: job.locale,
        receipt: job.receipt,
      });
      const br = await ensure();
      const context = await br.newContext({ locale: job.locale, timezoneId: 'Asia/Shanghai' });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(timeoutMs);
        await page.goto(`${opts.origin()}/print.html#t=${token}`);
        const marker = await page.waitForSelector(
          'html[data-print-ready], html[data-print-error]',
          {
            state: 'attached',
          },
        );
        const error = await marker.getAttribute('data-print-error');
        if (error !== null) throw new Error(`the print view failed: ${error}`);
        // The print view measured the receipt as it laid it out here; its @page says the same.
        const measured = Number(await marker.getAttribute('data-print-ready'));
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        return {
          pdf,
          pageSize:
            job.pageSize === 'A4' || !(measured > 0)
              ? job.pageSize
              : { widthMm: job.pageSize.widthMm, heightMm: measured },
        };
      } finally {
        opts.tokens.revoke(token);
        await context.close().catch(() => undefined);
        if (!closed) scheduleIdleClose();
      }
    },
    async warm() {
      await ensure();
      scheduleIdleClose();
    },
    running: () => browser !== null,
    async close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      const b = browser;
      browser = null;
      if (b) await b.then((br) => br.close()).catch(() => undefined);
    },
  };
}
