import { describe, expect, it } from 'vitest';
import { allowNavigation, urlForLog } from '../../../electron/shell/navigation';
import { APP_ORIGIN } from '../../../electron/shell/origin';

describe('allowNavigation', () => {
  it('lets the app move within its own origin', () => {
    expect(allowNavigation('app://kiosk/index.html', APP_ORIGIN)).toBe(true);
    expect(allowNavigation('app://kiosk/index.html#/services', APP_ORIGIN)).toBe(true);
  });

  it('blocks every other destination', () => {
    for (const url of [
      'https://www.example.com/',
      'http://127.0.0.1:8080/',
      'app://evil/index.html',
      'app://kiosk.evil/',
      'file:///C:/Windows/System32/cmd.exe',
      'about:blank',
      'data:text/html,<script>1</script>',
      'javascript:void(0)',
      'chrome://settings',
      '',
      'garbage',
    ]) {
      expect(allowNavigation(url, APP_ORIGIN), url).toBe(false);
    }
  });
});

describe('urlForLog', () => {
  it('keeps no query or fragment (they may carry what a user scanned)', () => {
    expect(urlForLog('https://evil.example/path?code=91330521MA28C8XX1X#k=secret')).toBe(
      'https://evil.example/path',
    );
    expect(urlForLog('::')).toBe('(unparseable url)');
    expect(urlForLog('https://x.example/' + 'a'.repeat(500)).length).toBe(200);
  });
});
