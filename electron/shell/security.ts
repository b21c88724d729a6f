// Process-wide guards: every web contents may only show the app's own origin, open no windows,
// attach no webviews, and get no permission but the camera, for the app's origin only.
import { app, session, type WebContents } from 'electron';
import type { Logger } from '../services/logger';
import { APP_ORIGIN } from './protocol';

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Pure: may this permission be granted? Only video capture, only to the app's own origin. */
export function allowPermission(
  permission: string,
  origin: string | null,
  mediaTypes?: readonly string[],
): boolean {
  if (origin !== APP_ORIGIN) return false;
  if (permission !== 'media') return false;
  return !mediaTypes || mediaTypes.every((t) => t === 'video');
}

export function setupPermissions(log: Logger): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const origin = originOf(details.requestingUrl);
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const ok = allowPermission(permission, origin, mediaTypes);
    if (!ok) log.warn('electron.permission_denied', { permission, origin });
    callback(ok);
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) => {
    const mediaType = 'mediaType' in details ? details.mediaType : undefined;
    return allowPermission(
      permission,
      originOf(requestingOrigin),
      mediaType ? [mediaType] : undefined,
    );
  });
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
}

export function setupNavigationGuards(log: Logger): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      log.warn('electron.window_open_denied', { url: url.slice(0, 200) });
      return { action: 'deny' };
    });
    const guard = (event: { preventDefault(): void }, url: string) => {
      if (originOf(url) !== APP_ORIGIN) {
        event.preventDefault();
        log.warn('electron.navigation_blocked', { url: url.slice(0, 200) });
      }
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
