// Process-wide guards: every web contents may only show the app's own origin, open no windows,
// attach no webviews, download nothing, and get no permission but the camera, for the app's own
// top-level page. The decisions are pure functions (navigation.ts, permissions.ts); this module
// only wires them to Electron and logs every refusal.
import { app, session, type WebContents } from 'electron';
import type { Logger } from '../services/logger';
import { allowNavigation, urlForLog } from './navigation';
import { APP_ORIGIN } from './origin';
import { allowPermission } from './permissions';

export function setupPermissions(log: Logger): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const ok = allowPermission(
      {
        permission,
        requester: details.requestingUrl,
        isMainFrame: details.isMainFrame,
        mediaTypes,
      },
      APP_ORIGIN,
    );
    const fields = { permission, mediaTypes, url: urlForLog(details.requestingUrl) };
    if (ok) log.info('electron.permission_granted', fields);
    else log.warn('electron.permission_denied', fields);
    callback(ok);
  });
  // Chromium asks the check handler before it asks for a permission and whenever a page queries
  // one (navigator.permissions, enumerateDevices); without it every check is granted.
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    allowPermission(
      {
        permission,
        requester: requestingOrigin,
        embeddingOrigin: details.embeddingOrigin,
        isMainFrame: details.isMainFrame,
        mediaTypes: details.mediaType ? [details.mediaType] : undefined,
      },
      APP_ORIGIN,
    ),
  );
  ses.setDevicePermissionHandler((details) => {
    log.warn('electron.device_permission_denied', { deviceType: details.deviceType });
    return false;
  });
  ses.on('will-download', (event, item) => {
    event.preventDefault();
    log.warn('electron.download_blocked', { url: urlForLog(item.getURL()) });
  });
}

export function setupNavigationGuards(log: Logger): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      log.warn('electron.window_open_denied', { url: urlForLog(url) });
      return { action: 'deny' };
    });
    const guard = (kind: string) => (event: { preventDefault(): void; url: string }) => {
      if (allowNavigation(event.url, APP_ORIGIN)) return;
      event.preventDefault();
      log.warn('electron.navigation_blocked', { kind, url: urlForLog(event.url) });
    };
    // will-navigate covers the main frame, will-frame-navigate every frame (subframes here, so a
    // blocked main-frame navigation is logged once), will-redirect server redirects.
    const navigate = guard('navigate');
    const frameNavigate = guard('frame-navigate');
    contents.on('will-navigate', navigate);
    contents.on('will-frame-navigate', (event) => {
      if (!event.isMainFrame) frameNavigate(event);
    });
    contents.on('will-redirect', guard('redirect'));
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log.warn('electron.webview_blocked', {});
    });
  });
}
