// The kiosk window: fullscreen kiosk, no menu, isolated and sandboxed, no zoom, no context menu,
// in a packaged build no devtools or reload keys; a dead or hung renderer is brought back.
import { app, BrowserWindow, Menu } from 'electron';
import path from 'node:path';
import { createCrashPolicy, KIOSK_CRASH_POLICY } from '../services/crash-policy';
import type { Logger } from '../services/logger';
import { keyVerdict } from './keys';
import { urlForLog } from './navigation';
import { APP_ORIGIN } from './origin';

/** How long a renderer may stay unresponsive before it is killed (and so reloaded). */
const HANG_LIMIT_MS = 30_000;
/** Show the window even if the page never signals it is ready, so a failure is visible. */
const SHOW_FALLBACK_MS = 10_000;

export interface KioskWindowOptions {
  preload: string;
  log: Logger;
  /** Fullscreen kiosk mode; false gives a normal window (development, the smoke test). */
  kiosk: boolean;
  /** app.isPackaged: devtools and reload keys exist only in development. */
  packaged: boolean;
  /** Restart the whole app (the crash policy's last resort). */
  relaunch: (reason: string) => void;
}

export function createKioskWindow(opts: KioskWindowOptions): BrowserWindow {
  const { log } = opts;
  Menu.setApplicationMenu(null);
  const win = new BrowserWindow({
    kiosk: opts.kiosk,
    fullscreen: opts.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#f3f6fa',
    show: false,
    webPreferences: {
      preload: path.resolve(opts.preload),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      devTools: !opts.packaged,
    },
  });
  const wc = win.webContents;

  wc.on('context-menu', (event) => event.preventDefault());
  wc.on('before-input-event', (event, input) => {
    if (keyVerdict(input, { packaged: opts.packaged }) === 'block') event.preventDefault();
  });
  // Pinch zoom limits are reset by every load, so set them after each one.
  wc.on('did-finish-load', () => void wc.setVisualZoomLevelLimits(1, 1));
  wc.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
    if (isMainFrame) log.error('electron.load_failed', { code, description, url: urlForLog(url) });
  });

  const policy = createCrashPolicy(KIOSK_CRASH_POLICY);
  wc.on('render-process-gone', (_event, details) => {
    if (win.isDestroyed()) return;
    const action = policy.onCrash(Date.now());
    log.error('electron.renderer_gone', {
      reason: details.reason,
      exitCode: details.exitCode,
      action,
    });
    if (action === 'reload') wc.reload();
    else opts.relaunch(`renderer gone (${details.reason}) too often`);
  });

  let hangTimer: NodeJS.Timeout | null = null;
  wc.on('unresponsive', () => {
    log.warn('electron.renderer_unresponsive', {});
    hangTimer ??= setTimeout(() => {
      hangTimer = null;
      if (win.isDestroyed()) return;
      log.error('electron.renderer_hung', { afterMs: HANG_LIMIT_MS });
      // Ends in render-process-gone, where the crash policy decides.
      wc.forcefullyCrashRenderer();
    }, HANG_LIMIT_MS);
  });
  wc.on('responsive', () => {
    if (hangTimer) clearTimeout(hangTimer);
    hangTimer = null;
    log.info('electron.renderer_responsive', {});
  });

  // In kiosk mode nothing but quitting the app closes the window (not a page's window.close()).
  let closing = false;
  app.on('before-quit', () => (closing = true));
  // The operating system's log-off or shutdown (Electron's name for it), not the visitor's session.
  win.on('session-end', () => (closing = true));
  win.on('close', (event) => {
    if (!opts.kiosk || closing) return;
    event.preventDefault();
    log.warn('electron.close_blocked', {});
  });

  const show = () => {
    if (!win.isDestroyed() && !win.isVisible()) win.show();
  };
  win.once('ready-to-show', show);
  setTimeout(show, SHOW_FALLBACK_MS).unref();
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
