// Which permission a page may get: the camera (for scanning QR codes), for the app's own top-level
// page, and nothing else. Pure; wired to Electron's request and check handlers in security.ts.
import { APP_ORIGIN, originOf } from './origin';

export interface PermissionAsk {
  /** Electron's permission name ('media', 'geolocation', 'notifications', …). */
  permission: string;
  /** The URL or origin of the frame asking (request: requestingUrl; check: requestingOrigin). */
  requester: string | null | undefined;
  /** For a check made by a cross-origin subframe: the origin embedding it. */
  embeddingOrigin?: string | null | undefined;
  isMainFrame?: boolean | undefined;
  /** 'video' is the camera, 'audio' the microphone; 'unknown' for device enumeration checks. */
  mediaTypes?: readonly string[] | undefined;
}

export function allowPermission(ask: PermissionAsk, appOrigin: string = APP_ORIGIN): boolean {
  if (ask.permission !== 'media') return false;
  if (originOf(ask.requester) !== appOrigin) return false;
  if (ask.embeddingOrigin != null && originOf(ask.embeddingOrigin) !== appOrigin) return false;
  if (ask.isMainFrame === false) return false;
  const types = ask.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video');
}
