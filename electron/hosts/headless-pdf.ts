// The browser host's PDF renderer. The visitor's Chromium never prints (window.print() under
// --kiosk-printing blocks the page and reaches no spooler); instead main drives a headless
// Chromium of its own to render the print view (print.html: the same receipt, checklist and policy sheet
// components, laid out by the same styles), with a one-time print token in place of the visitor's
// session, and takes the PDF at the document's own page size: 80 mm × the measured length, or A4.
//
// Driven with playwright-core (the DevTools protocol over a pipe: no debugging port is opened
// that another local program could attach to). The browser starts at the first print, is reused,
// and is closed after a few idle minutes and with the host, so a kiosk running for months does
// not keep a second Chromium resident between visitors. The print view stays loaded between
// prints (each print changes only its URL fragment); it stores nothing, and each document leaves
// it as soon as its PDF is taken.
import { chromium, type Browser, type Page } from 'playwright-core';
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

/** What is touched in the print view's page (the main process has no DOM types). */
interface PrintViewGlobals {
  document: { documentElement: { removeAttribute(name: string): void } };
  location: { hash: string };
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
          if (browser === b) {
            browser = null;
            page = null;
          }
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
      page = null;
      if (b) void b.then((br) => br.close()).catch(() => undefined);
      opts.log.info('print.renderer_idle_closed', {});
    }, idleMs);
    idleTimer.unref();
  }

  /** The print view, loaded once and kept: each print only changes its URL fragment. */
  let page: Promise<Page> | null = null;
  const openPage = async (br: Browser): Promise<Page> => {
    const context = await br.newContext({ timezoneId: 'Asia/Shanghai' });
    const p = await context.newPage();
    p.setDefaultTimeout(timeoutMs);
    p.on('close', () => {
      page = null;
    });
    await p.goto(`${opts.origin()}/print.html`);
    return p;
  };

  async function renderOn(p: Page, token: string) {
    const t0 = Date.now();
    // The view lays out the document for the token in the fragment (a same-document navigation:
    // the bundle, fonts and styles stay loaded), then marks itself ready.
    await p.evaluate((t) => {
      const page = globalThis as unknown as PrintViewGlobals;
      page.document.documentElement.removeAttribute('data-print-ready');
      page.document.documentElement.removeAttribute('data-print-error');
      page.location.hash = `t=${t}`;
    }, token);
    const marker = await p.waitForSelector('html[data-print-ready], html[data-print-error]', {
      state: 'attached',
    });
    const error = await marker.getAttribute('data-print-error');
    if (error !== null) throw new Error(`the print view failed: ${error}`);
    const measured = Number(await marker.getAttribute('data-print-ready'));
    const t1 = Date.now();
    const pdf = await p.pdf({ preferCSSPageSize: true, printBackground: true });
    return { pdf, measured, layoutMs: t1 - t0, pdfMs: Date.now() - t1 };
  }

  return {
    async render(job) {
      // The view gets the document and its language, not the page size (its own @page says it).
      const { pageSize: _size, ...view } = job;
      const token = opts.tokens.issue(view);
      const t0 = Date.now();
      try {
        const br = await ensure();
        const p = await (page ??= openPage(br).catch((e: unknown) => {
          page = null;
          throw e;
        }));
        const t1 = Date.now();
        let out;
        try {
          out = await renderOn(p, token);
        } catch (e) {
          // A view in an unknown state is not reused.
          page = null;
          await p
            .context()
            .close()
            .catch(() => undefined);
          throw e;
        }
        // The document leaves the view as soon as it is on paper.
        await p
          .evaluate(() => void ((globalThis as unknown as PrintViewGlobals).location.hash = ''))
          .catch(() => undefined);
        opts.log.info('print.rendered', {
          document: job.document,
          startMs: t1 - t0,
          layoutMs: out.layoutMs,
          pdfMs: out.pdfMs,
        });
        return {
          pdf: out.pdf,
          // The print view measured the receipt as it laid it out; its @page says the same.
          pageSize:
            job.pageSize === 'A4' || !(out.measured > 0)
              ? job.pageSize
              : { widthMm: job.pageSize.widthMm, heightMm: out.measured },
        };
      } finally {
        opts.tokens.revoke(token);
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
      page = null;
      if (b) await b.then((br) => br.close()).catch(() => undefined);
    },
  };
}
