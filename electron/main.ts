// Electron's entry: a boot list. Each step is a setupX() in electron/shell/ or the services.
import { app, ipcMain, powerSaveBlocker } from 'electron';
import path from 'node:path';
import { setupIpc } from './ipc';
import { createKioskServices, type KioskServices } from './services/kiosk-services';
import { APP_ORIGIN, registerAppScheme, setupAppProtocol } from './shell/protocol';
import { setupNavigationGuards, setupPermissions } from './shell/security';
import { createKioskWindow } from './shell/window';
import { APP_VERSION } from './version';

const here = __dirname;

function setupSingleInstance(): boolean {
  if (app.requestSingleInstanceLock()) return true;
  app.quit();
  return false;
}

function setupServices(): Promise<KioskServices> {
  const dataRoot = process.env.KIOSK_DATA_DIR ?? path.join(app.getPath('userData'), 'data');
  return createKioskServices({ dataRoot, shell: 'electron', appVersion: APP_VERSION });
}

function setupWindow(services: KioskServices) {
  const win = createKioskWindow({
    preload: path.join(here, 'preload.cjs'),
    log: services.log,
    // KIOSK_WINDOWED=1 gives a normal window for development and the smoke test.
    kiosk: process.env.KIOSK_WINDOWED !== '1',
  });
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  return win;
}

function setupPowerSaveBlocker(): void {
  powerSaveBlocker.start('prevent-display-sleep');
}

function setupShutdown(services: KioskServices): void {
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    void services.close().finally(() => app.exit(0));
  });
  app.on('window-all-closed', () => app.quit());
}

async function boot(): Promise<void> {
  app.enableSandbox();
  registerAppScheme();
  if (!setupSingleInstance()) return;
  await app.whenReady();
  const services = await setupServices();
  setupAppProtocol(path.join(here, '..', 'renderer'));
  setupPermissions(services.log);
  setupNavigationGuards(services.log);
  setupIpc(ipcMain, services.dispatch, services.log, APP_ORIGIN);
  setupWindow(services);
  setupPowerSaveBlocker();
  setupShutdown(services);
}

boot().catch((e: unknown) => {
  process.stderr.write(`kiosk failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
  app.exit(1);
});
