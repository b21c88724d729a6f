// The browser host's Chromium command line (`npm start` where Electron's binary is missing).
//
// Translation: `--disable-features=Translate,TranslateUI` did not stop Chromium 156 from offering
// to translate the Chinese page, so it is not passed; the page itself opts out (`translate="no"`
// on <html> and the `notranslate` meta in renderer/index.html), which Chromium honours.
import path from 'node:path';
import type { ScreenSize } from './display-size';

export function browserHostFlags(opts: {
  url: string;
  dataRoot: string;
  /** Chromium refuses its sandbox as root (kiosks should not run as root at all). */
  asRoot: boolean;
  /** The screen's size, when known: without a window manager nothing else makes the window fill it. */
  screen: ScreenSize | null;
}): string[] {
  const flags = [
    `--app=${opts.url}`,
    '--kiosk',
    `--user-data-dir=${path.join(opts.dataRoot, 'chromium-profile')}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
  ];
  // Measured under a bare X server (Chromium 156): asked for exactly the screen's size, Chromium
  // opens its window one pixel smaller each way, leaving a line of bare screen at the right and the
  // bottom; one pixel more covers the screen, the extra pixel lying off it.
  if (opts.screen)
    flags.push(
      `--window-size=${opts.screen.width + 1},${opts.screen.height + 1}`,
      '--window-position=0,0',
    );
  if (opts.asRoot) flags.push('--no-sandbox');
  return flags;
}
