// 一屏总览: every enrolled kiosk as the console shows it — online when it was heard from in the
// last 15 minutes (a heartbeat or a submission), flagged silent otherwise.
import type { Fleet, FleetKiosk, KioskView } from '../console-api/types';

export const SILENT_AFTER_MS = 15 * 60_000;

export function fleetView(kiosks: KioskView[], nowMs: number): Fleet {
  const list = kiosks.map((k): FleetKiosk => {
    const seen = k.lastSeenAt ? Date.parse(k.lastSeenAt) : null;
    const online = seen !== null && nowMs - seen < SILENT_AFTER_MS;
    return {
      ...k,
      online,
      silent: k.enabled && !online,
      silentMinutes: seen === null ? null : Math.max(0, Math.floor((nowMs - seen) / 60_000)),
    };
  });
  return {
    at: new Date(nowMs).toISOString(),
    kiosks: list,
    online: list.filter((k) => k.online).length,
    silent: list.filter((k) => k.silent).length,
  };
}
