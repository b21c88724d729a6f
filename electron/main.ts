// Electron's entry: a boot list. Each step is a setupX() here or in electron/shell/; the services
// come from the composition root (electron/compose.ts).
import { app, ipcMain, type BrowserWindow } from 'electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { embeddedKioskctlArgs, runKioskctl } from './cli/run';
import { setupIpc } from './ipc';
import { loadConfigFile } from './services/config';
import { dataDirLayout } from './services/data-dir';
import { createKioskServices, type KioskServices } from './compose';
import { createLogger, type Logger } from './services/logger';
import {
  setupChromiumSwitches,
  setupPowerSaveBlocker,
  setupProcessGuards,
  setupShutdown,
  setupSingleInstance,
} from './shell/lifecycle';
import { APP_ORIGIN, registerAppScheme, setupAppProtocol } from './shell/protocol';
import { setupNavigationGuards, setupPermissions } from './shell/security';
import { electronNetTransport } from './shell/back-office-net';
import { electronPrintParts } from './shell/printing';
import { setupRendererWatchdog } from './shell/watchdog';
import type { StartupAction } from './services/updates/update-service';
import { createShellUpdater, type ShellUpdater } from './shell/updates';
import { createKioskWindow } from './shell/window';
import { APP_VERSION } from './version';

const here = __dirname;

const dataRoot = () => process.env.KIOSK_DATA_DIR ?? path.join(app.getPath('userData'), 'data');

function setupServices(log: Logger): Promise<KioskServices> {
  return createKioskServices({
    dataRoot: dataRoot(),
    log,
    shell: 'electron',
    appVersion: APP_VERSION,
    requestExit: () => app.quit(),
    // Chromium's network stack: the system's trust store and proxy settings.
    sync: { transportFactory: electronNetTransport },
  });
}

/**
 * `deqing-kiosk --kioskctl <command>`: the operator's commands on an installed kiosk (the
 * run-as-Node fuse is off, so the binary runs them itself). No window, no single-instance lock
 * (the kiosk may be running beside it), the same data directory as the kiosk.
 */
async function runCli(args: string[]): Promise<void> {
  process.env.KIOSK_DATA_DIR = dataRoot();
  // Chromium keeps its own state in the user-data folder the running kiosk uses: this process
  // gets a throwaway one, so it can never touch the kiosk's.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deqing-kioskctl-'));
  app.setPath('userData', scratch);
  app.setPath('sessionData', scratch);
  const code = await runKioskctl(args, {
    program: 'kioskctl',
    dataDefault: `the kiosk's own, ${process.env.KIOSK_DATA_DIR}`,
  });
  // app.exit() does not wait for pending output (asynchronous pipes on Windows).
  await Promise.all(
    [process.stdout, process.stderr].map((s) => new Promise<void>((r) => s.write('', () => r()))),
  );
  fs.rmSync(scratch, { recursive: true, force: true });
  app.exit(code);
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

/**
 * Before anything else can fail: counts this start of a newly installed version, or reinstalls
 * the previous one when it failed too often (then nothing else starts).
 */
async function setupUpdates(
  log: Logger,
): Promise<{ updater: ShellUpdater; started: StartupAction } | null> {
  const root = dataRoot();
  const updater = createShellUpdater({
    dataRoot: root,
    config: loadConfigFile(dataDirLayout(root).config).config,
    appVersion: APP_VERSION,
    log,
  });
  const started = await updater.service.atStartup();
  if (started.action === 'rollback') {
    try {
      await updater.run(started.plan);
      return null;
    } catch (e) {
      log.error('update.rollback_failed', { error: (e as Error).message });
    }
  }
  return { updater, started };
}

/** The Electron sandbox for every renderer, and the app:// scheme registered before ready. */
function setupSandbox(): void {
  app.enableSandbox();
  registerAppScheme();
}

function setupLog(): Logger {
  return createLogger({ dir: dataDirLayout(dataRoot()).logs });
}

/** Receipts and checklists are laid out by the kiosk's own window. */
function setupPrinting(services: KioskServices, win: BrowserWindow): void {
  services.printing.use(electronPrintParts(win));
}

/**
 * After the first screen: the new version counts as started once the renderer beats, the
 * heartbeat reports the updater, and the updater starts looking for the next version.
 */
function setupUpdateWatch(
  { updater, started }: { updater: ShellUpdater; started: StartupAction },
  services: KioskServices,
): void {
  updater.watchStart(started, () => services.rendererWatch.lastBeatAt());
  services.sync.provideHealth('updates', () => updater.service.report());
  updater.service.start();
}

async function boot(): Promise<void> {
  setupChromiumSwitches();
  setupSandbox();
  if (!setupSingleInstance()) return;
  await app.whenReady();
  const log = setupLog();
  const updates = await setupUpdates(log);
  if (!updates) return;
  const { updater } = updates;
  const services = await setupServices(log);
  const relaunch = setupShutdown(async () => {
    await updater.service.close();
    await services.close();
  }, services.log);
  setupProcessGuards(services.log, relaunch);
  setupAppProtocol(path.join(here, '..', 'renderer'));
  setupPermissions(services.log);
  setupNavigationGuards(services.log);
  setupIpc(ipcMain, services.dispatch, services.log, APP_ORIGIN);
  const win = setupWindow(services, relaunch);
  setupPrinting(services, win);
  // The nightly restart installs a verified update when one is ready and nobody is at the screen.
  setupRendererWatchdog(win, services, () => {
    void updater.nightlyRestart(services.session.state().audience !== 'anonymous', relaunch);
  });
  setupPowerSaveBlocker(services.log);
  setupUpdateWatch(updates, services);
}

const cliArgs = embeddedKioskctlArgs(process.argv);
if (cliArgs)
  runCli(cliArgs).catch((e: unknown) => {
    process.stderr.write(`kioskctl: ${e instanceof Error ? e.message : String(e)}\n`);
    app.exit(1);
  });
else
  boot().catch((e: unknown) => {
    process.stderr.write(`kiosk failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
    app.exit(1);
  });
