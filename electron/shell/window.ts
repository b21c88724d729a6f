// The kiosk window: fullscreen, no menu, isolated and sandboxed, no zoom, no context menu, and in
// a packaged build no devtools or reload keys.
import { app, BrowserWindow, Menu } from 'electron';
import path from 'node:path';
import type { Logger } from '../services/logger';
import { createCrashPolicy } from '../services/crash-policy';
import { APP_ORIGIN } from './protocol';

const BLOCKED_KEYS = new Set(['F5', 'F11', 'F12']);

export function createKioskWindow(opts: {
  preload: string;
  log: Logger;
  kiosk: boolean;
}): BrowserWindow {
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
      devTools: !app.isPackaged,
    },
  });
  const wc = win.webContents;
  void wc.setVisualZoomLevelLimits(1, 1);
  wc.on('context-menu', (event) => event.preventDefault());
  wc.on('before-input-event', (event, input) => {
    const ctrl = input.control || input.meta;
    const reloadOrDevtools =
      BLOCKED_KEYS.has(input.key) ||
      (ctrl && ['r', 'R', '+', '-', '=', '0'].includes(input.key)) ||
      (ctrl && input.shift && ['i', 'I', 'j', 'J', 'c', 'C'].includes(input.key));
    if (app.isPackaged && reloadOrDevtools) event.preventDefault();
    if (ctrl && ['+', '-', '=', '0'].includes(input.key)) event.preventDefault();
  });

  const policy = createCrashPolicy({ windowMs: 5 * 60_000, maxReloads: 3 });
  wc.on('render-process-gone', (_event, details) => {
    const action = policy.onCrash(Date.now());
    opts.log.error('electron.renderer_gone', {
      reason: details.reason,
      exitCode: details.exitCode,
      action,
    });
    if (action === 'reload') wc.reload();
    else {
      app.relaunch();
      app.exit(0);
    }
  });
  wc.on('unresponsive', () => opts.log.warn('electron.renderer_unresponsive', {}));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
