// The app's life around the window: one instance, Chromium switches, the display kept awake,
// main-process failures logged, a clean shutdown (storage flushed) and relaunch.
import { app, powerSaveBlocker } from 'electron';
import { errorText } from '../hosts/dispatch';
import type { Logger } from '../services/logger';

/** Must run before the app is ready. */
export function setupChromiumSwitches(): void {
  // Touch screens: no pinch zoom, no swipe-to-go-back.
  app.commandLine.appendSwitch('disable-pinch');
  app.commandLine.appendSwitch('overscroll-history-navigation', '0');
}

/** False when another kiosk instance already runs (this one then quits). */
export function setupSingleInstance(): boolean {
  if (app.requestSingleInstanceLock()) return true;
  app.quit();
  return false;
}

export function setupPowerSaveBlocker(log: Logger): void {
  const id = powerSaveBlocker.start('prevent-display-sleep');
  log.info('electron.display_kept_awake', { active: powerSaveBlocker.isStarted(id) });
}

/**
 * Quitting closes the services first (storage flushed), whatever started it; a close that hangs
 * does not keep the process alive. Returns the function that restarts the app the same way.
 */
export function setupShutdown(
  close: () => Promise<void>,
  log: Logger,
  opts: { closeTimeoutMs?: number } = {},
): (reason: string) => void {
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    const timeout = new Promise<void>((resolve) =>
      setTimeout(resolve, opts.closeTimeoutMs ?? 10_000).unref(),
    );
    void Promise.race([close(), timeout])
      .catch((e: unknown) => log.error('electron.close_failed', { error: errorText(e) }))
      .finally(() => app.exit(0));
  });
  app.on('window-all-closed', () => app.quit());
  let relaunching = false;
  return (reason) => {
    if (relaunching) return;
    relaunching = true;
    log.error('electron.relaunch', { reason });
    app.relaunch();
    app.quit();
  };
}

/** Main-process failures: logged instead of Electron's modal error box; a throw relaunches. */
export function setupProcessGuards(log: Logger, relaunch: (reason: string) => void): void {
  process.on('uncaughtException', (e) => {
    log.error('electron.main_uncaught', { error: errorText(e) });
    relaunch('uncaught exception in the main process');
  });
  process.on('unhandledRejection', (e) => {
    log.error('electron.main_unhandled_rejection', { error: errorText(e) });
  });
  app.on('child-process-gone', (_event, details) => {
    log.warn('electron.child_process_gone', {
      type: details.type,
      reason: details.reason,
      exitCode: details.exitCode,
    });
  });
}
