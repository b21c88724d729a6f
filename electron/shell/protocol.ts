// Serves the built renderer as app://kiosk/… (not file://), with the same security headers as
// the browser host. The scheme is `standard` and `secure` so the page gets a real origin and a
// secure context (camera access), but not `corsEnabled`: no other origin may read from it.
import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../hosts/csp';
import { readStaticFile } from '../hosts/static-files';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './origin';

export { APP_ORIGIN, APP_SCHEME };

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
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed', { status: 405, headers: SECURITY_HEADERS });
    }
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? readStaticFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType },
    });
  });
}
