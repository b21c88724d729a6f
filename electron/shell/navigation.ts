// Where a kiosk page may go: only to the app's own origin. Pure; wired in security.ts.
import { APP_ORIGIN, originOf } from './origin';

export function allowNavigation(url: string, appOrigin: string = APP_ORIGIN): boolean {
  return originOf(url) === appOrigin;
}

/** A URL as it may appear in a log line: no query or fragment (they can carry user data). */
export function urlForLog(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.slice(0, 200);
  } catch {
    return '(unparseable url)';
  }
}
