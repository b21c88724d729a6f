// The services plus the loopback HTTP host: what `start:web` runs and what `npm start` falls back
// to when Electron's binary is missing.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKioskServices, type KioskServices } from '../services/kiosk-services';
import { APP_VERSION } from '../version';
import { startHttpHost, type HttpHost } from './http-host';

export interface BrowserHost {
  host: HttpHost;
  services: KioskServices;
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
  const host = await startHttpHost({
    dispatch: services.dispatch,
    staticDir: opts.staticDir ?? builtRendererDir(),
    log: services.log,
    port: opts.port ?? 0,
  });
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      await host.close();
      await services.close();
    })());
  stopRef = stop;
  return { host, services, stop };
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
