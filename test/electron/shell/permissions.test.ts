import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../../../electron/shell/origin';
import { allowPermission, type PermissionAsk } from '../../../electron/shell/permissions';

const camera: PermissionAsk = {
  permission: 'media',
  requester: 'app://kiosk/index.html',
  isMainFrame: true,
  mediaTypes: ['video'],
};

describe('allowPermission', () => {
  it('grants the camera to the app’s own top-level page (request and check forms)', () => {
    expect(allowPermission(camera, APP_ORIGIN)).toBe(true);
    // The check handler gets an origin, sometimes with a trailing slash, and one media type.
    expect(allowPermission({ ...camera, requester: 'app://kiosk' }, APP_ORIGIN)).toBe(true);
    expect(allowPermission({ ...camera, requester: 'app://kiosk/' }, APP_ORIGIN)).toBe(true);
  });

  it('refuses the microphone, device enumeration checks and unspecified media', () => {
    expect(allowPermission({ ...camera, mediaTypes: ['audio'] }, APP_ORIGIN)).toBe(false);
    expect(allowPermission({ ...camera, mediaTypes: ['video', 'audio'] }, APP_ORIGIN)).toBe(false);
    expect(allowPermission({ ...camera, mediaTypes: ['unknown'] }, APP_ORIGIN)).toBe(false);
    expect(allowPermission({ ...camera, mediaTypes: [] }, APP_ORIGIN)).toBe(false);
    expect(allowPermission({ ...camera, mediaTypes: undefined }, APP_ORIGIN)).toBe(false);
  });

  it('refuses the camera to any other origin, to subframes and inside foreign embedders', () => {
    for (const requester of [
      'https://evil.example/',
      'app://evil/index.html',
      'http://127.0.0.1:3000/',
      'file:///index.html',
      '',
      null,
      undefined,
    ]) {
      expect(allowPermission({ ...camera, requester }, APP_ORIGIN), String(requester)).toBe(false);
    }
    expect(allowPermission({ ...camera, isMainFrame: false }, APP_ORIGIN)).toBe(false);
    expect(
      allowPermission({ ...camera, embeddingOrigin: 'https://evil.example' }, APP_ORIGIN),
    ).toBe(false);
    expect(allowPermission({ ...camera, embeddingOrigin: 'app://kiosk' }, APP_ORIGIN)).toBe(true);
  });

  it('refuses every other permission, even to the app', () => {
    for (const permission of [
      'geolocation',
      'notifications',
      'fullscreen',
      'clipboard-read',
      'clipboard-sanitized-write',
      'display-capture',
      'openExternal',
      'pointerLock',
      'hid',
      'serial',
      'usb',
      'midi',
      'midiSysex',
      'fileSystem',
      'unknown',
    ]) {
      expect(allowPermission({ ...camera, permission }, APP_ORIGIN), permission).toBe(false);
    }
  });
});
