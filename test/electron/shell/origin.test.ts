import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, isAppUrl, originOf } from '../../../electron/shell/origin';

describe('originOf', () => {
  it('gives the app scheme a tuple origin, as Chromium does for a standard scheme', () => {
    // Node's own URL would say 'null' here; comparing that with APP_ORIGIN refused the app itself.
    expect(new URL('app://kiosk/index.html').origin).toBe('null');
    expect(originOf('app://kiosk/index.html')).toBe(APP_ORIGIN);
    expect(originOf('app://kiosk')).toBe(APP_ORIGIN);
    expect(originOf('app://kiosk/')).toBe(APP_ORIGIN);
    expect(originOf('app://KIOSK/assets/x.js')).toBe(APP_ORIGIN);
  });

  it('tells other hosts, ports and credentials apart', () => {
    expect(originOf('app://evil/index.html')).toBe('app://evil');
    expect(originOf('app://kiosk:8080/')).toBe('app://kiosk:8080');
    expect(originOf('app://kiosk.evil/')).toBe('app://kiosk.evil');
    expect(originOf('app://user@kiosk/')).toBeNull();
  });

  it('reads web origins and refuses what has none', () => {
    expect(originOf('https://example.com/a?b#c')).toBe('https://example.com');
    expect(originOf('http://127.0.0.1:9/x')).toBe('http://127.0.0.1:9');
    for (const url of [
      'file:///etc/passwd',
      'about:blank',
      'data:text/html,hi',
      'javascript:alert(1)',
      'chrome://gpu',
      'devtools://devtools/x',
      'not a url',
      '',
      null,
      undefined,
    ]) {
      expect(originOf(url)).toBeNull();
    }
  });

  it('isAppUrl', () => {
    expect(isAppUrl('app://kiosk/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://kiosk/')).toBe(false);
  });
});
