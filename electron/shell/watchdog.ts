// Reloads a renderer that stopped sending heartbeats, and restarts the app at the nightly quiet
// hour when nobody is at the screen.
import type { BrowserWindow } from 'electron';
import type { KioskServices } from '../compose';

const CHECK_MS = 15_000;
const STALLED_AFTER_MS = 60_000;

export function setupRendererWatchdog(
  win: BrowserWindow,
  services: KioskServices,
  relaunch: (reason: string) => void,
): void {
  let lastReload = 0;
  const timer = setInterval(() => {
    if (win.isDestroyed()) return clearInterval(timer);
    const now = Date.now();
    if (services.rendererWatch.stalled(STALLED_AFTER_MS) && now - lastReload > STALLED_AFTER_MS) {
      lastReload = now;
      services.log.error('electron.renderer_stalled', {
        lastBeat: services.rendererWatch.lastBeatAt(),
      });
      win.webContents.reload();
      return;
    }
    if (services.rendererWatch.restartDue() && services.session.state().audience === 'anonymous') {
      services.rendererWatch.restarted();
      relaunch('nightly restart');
    }
  }, CHECK_MS);
  timer.unref();
}
