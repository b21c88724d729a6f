// The services plus the loopback HTTP host: what `start:web` runs and what `npm start` falls back
// to when Electron's binary is missing.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKioskServices, type KioskServices } from './compose';
import { createPrintTokens } from './services/printing/print-tokens';
import { findChromium } from './services/runtimes';
import { APP_VERSION } from './version';
import { createHeadlessPdf, type HeadlessPdf } from './hosts/headless-pdf';
import { startHttpHost, type HttpHost } from './hosts/http-host';

export interface BrowserHost {
  host: HttpHost;
  services: KioskServices;
  /** Renders the print view to PDF for the print service. */
  printRenderer: HeadlessPdf;
  stop(): Promise<void>;
}

/** The built renderer next to the bundled host (dist/electron → dist/renderer). */
export function builtRendererDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

export async function startBrowserHost(opts: {
  dataRoot: string;
  port?: number;
  staticDir?: string;
  logEcho?: boolean;
  /** What closing the kiosk from guide mode does (default: stop the host and exit). */
  onExitRequested?: () => void;
}): Promise<BrowserHost> {
  let stopRef: (() => Promise<void>) | null = null;
  const services = await createKioskServices({
    dataRoot: opts.dataRoot,
    shell: 'browser',
    appVersion: APP_VERSION,
    logEcho: opts.logEcho ?? false,
    requestExit: opts.onExitRequested ?? (() => void stopRef?.().finally(() => process.exit(0))),
  });
  // Printing: a headless Chromium of main's renders the print view, which fetches its document
  // with a one-time token; the PDF goes to the spooler like Electron's.
  const tokens = createPrintTokens();
  const host = await startHttpHost({
    dispatch: services.dispatch,
    staticDir: opts.staticDir ?? builtRendererDir(),
    log: services.log,
    port: opts.port ?? 0,
    printView: (token) => tokens.redeem(token),
  });
  const printRenderer = createHeadlessPdf({
    origin: () => host.origin,
    tokens,
    log: services.log,
    chromiumPath: () => findChromium().path,
  });
  services.printing.use({ renderer: printRenderer.render });
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      await printRenderer.close();
      await host.close();
      await services.close();
    })());
  stopRef = stop;
  return { host, services, printRenderer, stop };
}

/** Stops cleanly (database flushed) on Ctrl-C or SIGTERM, then exits. */
export function stopOnSignals(stop: () => Promise<void>, log: (signal: string) => void): void {
  const handler = (signal: NodeJS.Signals) => {
    log(signal);
    void stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
