// The kiosk itself: who and where it is, whether it can take requests, its screen (heartbeats, the
// nightly restart) and devices, and the end of a visit.
import type { ParsedArgsOf } from '../../contract';
import type { AppInfo, AppStatus } from '../../domain/app';
import type { DeviceState } from '../../domain/guide';
import type { ScanSettings } from '../../domain/scan-settings';
import type { CenterHours } from '../calendar/center-hours';
import type { KioskConfig } from '../config';
import type { GuideAccess } from '../guide/guide-access';
import { hoursText } from '../hours-text';
import type { Logger } from '../logger';
import type { RendererWatch } from '../renderer-watch';
import type { SessionService } from '../session';
import type { KioskDatabase } from '../storage/database';

export type EndReason = ParsedArgsOf<'sessionEnd'>['reason'];

export interface AppService {
  info(): AppInfo;
  status(): AppStatus;
  /** An error the renderer caught, into the operator's log. */
  logClientError(where: string, message: string): void;
  /** The visitor is done: the session ends; a guide still signed in is locked out (audited). */
  endSession(reason: EndReason): Promise<{ session: string }>;
  /** The renderer is alive; true when the shell should reload it now (the nightly restart). */
  heartbeat(active: boolean): { restartRequested: boolean };
  reportDevices(camera: DeviceState): void;
  /** What the renderer last reported about its devices. */
  devices(): { camera: DeviceState };
  scanSettings(): ScanSettings;
}

export interface AppServiceDeps {
  shell: 'electron' | 'browser';
  appVersion: string;
  config: KioskConfig;
  db: KioskDatabase;
  hours: CenterHours;
  session: SessionService;
  guideAccess: GuideAccess;
  rendererWatch: RendererWatch;
  log: Logger;
  now: () => Date;
}

export function createAppService(d: AppServiceDeps): AppService {
  const devices: { camera: DeviceState } = { camera: 'unknown' };
  const { config } = d;
  return {
    info: () => ({
      appVersion: d.appVersion,
      kioskId: config.kioskId,
      centerName: config.centerName,
      locationName: config.locationName,
      defaultLocale: config.language,
      hoursText: hoursText(config.hours.weekly),
      timeouts: {
        idleSeconds: config.timeouts.idleSeconds,
        receiptIdleSeconds: config.timeouts.receiptIdleSeconds,
        countdownSeconds: config.timeouts.countdownSeconds,
        guideIdleSeconds: config.timeouts.guideIdleSeconds,
      },
      shell: d.shell,
      personalDataDays: config.retention.personalDataDays,
      help: { hotline: config.help.hotline },
      sound: { ...config.sound, timeZone: config.hours.timeZone },
    }),
    status() {
      const h = d.db.health();
      const hours = d.hours.status(d.now());
      return {
        inService: h.inService,
        reason: h.reason,
        staffed: { open: hours.open, nextOpening: hours.nextOpening },
        session: d.session.id(),
      };
    },
    logClientError(where, message) {
      d.log.warn('renderer.error', { where, message });
    },
    async endSession(reason) {
      // A guide who walked away is locked out with an audit line, not just forgotten.
      if (d.session.state().staff)
        await d.guideAccess.lock(reason === 'timeout' ? 'idle' : 'guide');
      else d.session.reset();
      d.log.info('session.ended', { reason });
      return { session: d.session.id() };
    },
    heartbeat(active) {
      d.rendererWatch.beat();
      if (active) d.session.touch();
      // A nightly restart waits for a quiet screen: nobody identified, no guide at work.
      const quiet = d.session.state().audience === 'anonymous';
      const restartRequested = d.shell === 'browser' && quiet && d.rendererWatch.restartDue();
      if (restartRequested) {
        d.rendererWatch.restarted();
        d.log.info('kiosk.nightly_reload', {});
      }
      return { restartRequested };
    },
    reportDevices(camera) {
      if (devices.camera !== camera) d.log.info('device.camera', { state: camera });
      devices.camera = camera;
    },
    devices: () => devices,
    scanSettings: () => ({
      deviceId: config.camera.deviceId,
      engine: config.camera.engine,
      decodesPerSecond: config.camera.decodesPerSecond,
    }),
  };
}
