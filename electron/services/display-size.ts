// The X screen's size, for a Chromium window that must fill it where no window manager sizes it
// (Chromium's --kiosk alone opened about 1050×790 on a 1080×1920 screen under a bare X server).
// Asked of the X tools Debian ships (x11-utils: xdpyinfo, xwininfo; x11-xserver-utils: xrandr),
// whichever is installed.
import { execFileSync } from 'node:child_process';

export interface ScreenSize {
  width: number;
  height: number;
}

const sane = (w: number, h: number): ScreenSize | null =>
  w >= 200 && h >= 200 && w <= 16_384 && h <= 16_384 ? { width: w, height: h } : null;

/** `dimensions:    1080x1920 pixels (274x488 millimeters)` */
export function parseXdpyinfo(text: string): ScreenSize | null {
  const m = /dimensions:\s+(\d+)x(\d+) pixels/.exec(text);
  return m ? sane(Number(m[1]), Number(m[2])) : null;
}

/** `Screen 0: minimum 8 x 8, current 1080 x 1920, maximum 32767 x 32767` */
export function parseXrandr(text: string): ScreenSize | null {
  const m = /current (\d+) x (\d+)/.exec(text);
  return m ? sane(Number(m[1]), Number(m[2])) : null;
}

/** `xwininfo -root`: `  Width: 1080` and `  Height: 1920` */
export function parseXwininfo(text: string): ScreenSize | null {
  const w = /^\s*Width:\s*(\d+)/m.exec(text);
  const h = /^\s*Height:\s*(\d+)/m.exec(text);
  return w && h ? sane(Number(w[1]), Number(h[1])) : null;
}

type Run = (cmd: string, args: string[]) => string;

const runQuietly: Run = (cmd, args) =>
  execFileSync(cmd, args, {
    encoding: 'utf8',
    timeout: 3_000,
    stdio: ['ignore', 'pipe', 'ignore'],
  });

/** The screen size of $DISPLAY, or null when no tool is installed or none answers. */
export function probeScreenSize(run: Run = runQuietly): { size: ScreenSize; via: string } | null {
  const probes: [string, string[], (t: string) => ScreenSize | null][] = [
    ['xdpyinfo', [], parseXdpyinfo],
    ['xrandr', ['--current'], parseXrandr],
    ['xwininfo', ['-root'], parseXwininfo],
  ];
  for (const [cmd, args, parse] of probes) {
    try {
      const size = parse(run(cmd, args));
      if (size) return { size, via: cmd };
    } catch {
      // Not installed, or no X server answered: try the next tool.
    }
  }
  return null;
}
