// Electron's entry: a boot list. Each step is a setupX() in electron/shell/ or the services.
import { app, ipcMain, type BrowserWindow } from 'electron';
import path from 'node:path';
import { setupIpc } from './ipc';
import { createKioskServices, type KioskServices } from './services/kiosk-services';
import {
  setupChromiumSwitches,
  setupPowerSaveBlocker,
  setupProcessGuards,
  setupShutdown,
  setupSingleInstance,
} from './shell/lifecycle';
import { APP_ORIGIN, registerAppScheme, setupAppProtocol } from './shell/protocol';
import { setupNavigationGuards, setupPermissions } from './shell/security';
import { electronPrintParts } from './shell/printing';
import { setupRendererWatchdog } from './shell/watchdog';
import { createKioskWindow } from './shell/window';
import { APP_VERSION } from './version';

const here = __dirname;

function setupServices(): Promise<KioskServices> {
  const dataRoot = process.env.KIOSK_DATA_DIR ?? path.join(app.getPath('userData'), 'data');
  return createKioskServices({
    dataRoot,
    shell: 'electron',
    appVersion: APP_VERSION,
    requestExit: () => app.quit(),
  });
}

function setupWindow(services: KioskServices, relaunch: (reason: string) => void): BrowserWindow {
  const win = createKioskWindow({
    preload: path.join(here, 'preload.cjs'),
    log: services.log,
    // KIOSK_WINDOWED=1 gives a normal window for development and the smoke test.
    kiosk: process.env.KIOSK_WINDOWED !== '1',
    packaged: app.isPackaged,
    relaunch,
  });
  app.on('second-instance', () => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  return win;
}

async function boot(): Promise<void> {
  setupChromiumSwitches();
  app.enableSandbox();
  registerAppScheme();
  if (!setupSingleInstance()) return;
  await app.whenReady();
  const services = await setupServices();
  const relaunch = setupShutdown(() => services.close(), services.log);
  setupProcessGuards(services.log, relaunch);
  setupAppProtocol(path.join(here, '..', 'renderer'));
  setupPermissions(services.log);
  setupNavigationGuards(services.log);
  setupIpc(ipcMain, services.dispatch, services.log, APP_ORIGIN);
  const win = setupWindow(services, relaunch);
  services.printing.use(electronPrintParts(win));
  setupRendererWatchdog(win, services, relaunch);
  setupPowerSaveBlocker(services.log);
}

boot().catch((e: unknown) => {
  process.stderr.write(`kiosk failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  app.exit(1);
});
