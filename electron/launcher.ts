// `npm start`: the kiosk in Electron; where Electron's binary is missing, the same app through the
// browser host in the system's Chromium in kiosk (app) mode.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserHost, stopOnSignals } from './browser-host';
import { browserHostFlags } from './services/chromium-flags';
import { writeLaunchPage } from './hosts/launch-page';
import { defaultDataRoot } from './services/data-dir';
import { probeScreenSize } from './services/display-size';
import { findChromium, findElectron } from './services/runtimes';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const electron = findElectron();
  if (electron.available && electron.path) {
    const child = spawn(electron.path, [projectRoot], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  const chromium = findChromium();
  const dataRoot = defaultDataRoot();
  process.stdout.write(
    `Electron's binary is not available here (${electron.note}); starting the kiosk through the browser host` +
      (chromium.available ? ` in ${chromium.path}.\n` : '.\n'),
  );
  let browser: ChildProcess | null = null;
  let exiting = false;
  const running = await startBrowserHost({
    dataRoot,
    logEcho: false,
    onExitRequested: () => {
      exiting = true;
      browser?.kill('SIGTERM');
      void running.stop().finally(() => process.exit(0));
    },
  });
  stopOnSignals(running.stop, (signal) => running.services.log.info('kiosk.signal', { signal }));

  // Without a browser to start, a person opens the URL: it works once (a one-time launch code).
  if (!chromium.available || !chromium.path) {
    process.stdout.write(`KIOSK_URL=${running.host.url}\n`);
    process.stdout.write(
      `${chromium.note}. Open KIOSK_URL in a browser (it works once); Ctrl-C stops the kiosk.\n`,
    );
    return;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    process.stdout.write(`KIOSK_URL=${running.host.url}\n`);
    process.stdout.write(
      'No display to show Chromium on; open KIOSK_URL in a browser (it works once). Ctrl-C stops the kiosk.\n',
    );
    return;
  }
  // Under X, size the window from the screen: without a window manager nothing else will.
  const probed = process.env.DISPLAY ? probeScreenSize() : null;
  if (process.env.DISPLAY && !probed)
    process.stdout.write(
      'Could not read the screen size (install x11-utils for xdpyinfo); the window may not fill the screen without a window manager.\n',
    );
  running.services.log.info('launcher.screen', {
    size: probed ? `${probed.size.width}x${probed.size.height}` : null,
    via: probed?.via ?? null,
  });
  const flags = browserHostFlags({
    dataRoot,
    asRoot: process.getuid?.() === 0,
    screen: probed?.size ?? null,
  });
  const chromiumPath = chromium.path;
  const launch = () => {
    // Each start gets its own one-time launch code, in a file only the kiosk's user can read:
    // neither the key nor the code is ever on a command line.
    const launchPage = writeLaunchPage(dataRoot, running.host.launchUrl());
    browser = spawn(chromiumPath, [`--app=${launchPage}`, ...flags], { stdio: 'ignore' });
    browser.on('exit', () => {
      // Closed by a person (or crashed): the kiosk ends with it, unless the watchdog restarts it.
      if (!restarting && !exiting) void running.stop().finally(() => process.exit(0));
    });
  };
  let restarting = false;
  launch();
  // A renderer that stopped its heartbeats gets a fresh Chromium.
  const watchdog = setInterval(() => {
    if (!running.services.rendererWatch.stalled(60_000)) return;
    running.services.log.error('launcher.renderer_stalled', {
      lastBeat: running.services.rendererWatch.lastBeatAt(),
    });
    restarting = true;
    running.services.rendererWatch.beat();
    browser?.once('exit', () => {
      restarting = false;
      launch();
    });
    browser?.kill('SIGKILL');
  }, 15_000);
  watchdog.unref();
}

main().catch((e: unknown) => {
  process.stderr.write(`kiosk failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
