// The app's own origin and how a URL's origin is read. Pure (no Electron): the IPC guard, the
// navigation guard and the permission handlers all compare origins with `originOf`.
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Schemes whose origin Node's URL already computes as Chromium does. */
const SPECIAL = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);

/**
 * The origin of `url` as Chromium sees it, or null when it has none we would trust.
 *
 * Node's WHATWG URL gives every non-special scheme an opaque origin (`new URL('app://kiosk/')
 * .origin === 'null'`), while Chromium gives a scheme registered as `standard` a tuple origin
 * (`app://kiosk`). Comparing `new URL(x).origin` with APP_ORIGIN would therefore refuse the app
 * itself; this function serializes the app scheme like Chromium does.
 */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (SPECIAL.has(parsed.protocol)) return parsed.origin;
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host) {
    // Credentials in an app URL are never ours.
    if (parsed.username || parsed.password) return null;
    // Chromium canonicalizes a standard scheme's host to lower case; Node leaves it as written.
    return `${parsed.protocol}//${parsed.host.toLowerCase()}`;
  }
  return null;
}

/** Is `url` a page or asset of the app itself? */
export function isAppUrl(url: string | null | undefined, appOrigin: string = APP_ORIGIN): boolean {
  return originOf(url) === appOrigin;
}
