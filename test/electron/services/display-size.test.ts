// Reading the X screen's size from whichever X tool is installed, and the browser host's flags.
import { describe, expect, it } from 'vitest';
import { browserHostFlags } from '../../../electron/services/chromium-flags';
import {
  parseXdpyinfo,
  parseXrandr,
  parseXwininfo,
  probeScreenSize,
} from '../../../electron/services/display-size';

describe('screen size', () => {
  it('is read from xdpyinfo, xrandr or xwininfo output', () => {
    expect(parseXdpyinfo('  dimensions:    1080x1920 pixels (274x488 millimeters)\n')).toEqual({
      width: 1080,
      height: 1920,
    });
    expect(
      parseXrandr('Screen 0: minimum 8 x 8, current 1920 x 1080, maximum 32767 x 32767\n'),
    ).toEqual({ width: 1920, height: 1080 });
    expect(parseXwininfo('  Width: 1080\n  Height: 1920\n  Depth: 24\n')).toEqual({
      width: 1080,
      height: 1920,
    });
    expect(parseXdpyinfo('no screen here')).toBeNull();
    expect(parseXrandr('current 3 x 4')).toBeNull();
  });

  it('tries the next tool when one is missing or says nothing useful', () => {
    const asked: string[] = [];
    const run = (cmd: string) => {
      asked.push(cmd);
      if (cmd === 'xdpyinfo') throw new Error('ENOENT');
      if (cmd === 'xrandr') return "Can't open display";
      return '  Width: 800\n  Height: 1280\n';
    };
    expect(probeScreenSize(run)).toEqual({ size: { width: 800, height: 1280 }, via: 'xwininfo' });
    expect(asked).toEqual(['xdpyinfo', 'xrandr', 'xwininfo']);
    expect(
      probeScreenSize(() => {
        throw new Error('ENOENT');
      }),
    ).toBeNull();
  });
});

describe('browser host flags', () => {
  const base = { url: 'http://127.0.0.1:1/#k=x', dataRoot: '/data', asRoot: false };

  it('size the window from the screen, one pixel over (Chromium trims an exact fit)', () => {
    const flags = browserHostFlags({ ...base, screen: { width: 1080, height: 1920 } });
    expect(flags).toContain('--window-size=1081,1921');
    expect(flags).toContain('--window-position=0,0');
    expect(flags).toContain('--kiosk');
    expect(flags).toContain('--app=http://127.0.0.1:1/#k=x');
  });

  it('pass no size when none is known, and no translation flag that does not work', () => {
    const flags = browserHostFlags({ ...base, screen: null });
    expect(flags.some((f) => f.startsWith('--window-'))).toBe(false);
    expect(flags.some((f) => /Translate/.test(f))).toBe(false);
    expect(flags).not.toContain('--no-sandbox');
    expect(browserHostFlags({ ...base, asRoot: true, screen: null })).toContain('--no-sandbox');
  });
});
