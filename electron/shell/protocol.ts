// Serves the built renderer as app://kiosk/… (not file://), with the same security headers as
// the browser host.
import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../hosts/csp';
import { readStaticFile } from '../hosts/static-files';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://kiosk';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

export function setupAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = url.host === 'kiosk' ? readStaticFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType },
    });
  });
}
