import type { Handlers } from '../contract';
import type { Services } from '../services/kiosk-services';

export function identityHandlers(
  s: Services,
): Pick<Handlers, 'identifyScan' | 'identifyKeyed' | 'enterpriseProfile' | 'scanSettings'> {
  return {
    identifyScan: ({ text, via }) => s.identity.identifyScan(text, via),
    identifyKeyed: ({ code }) => s.identity.identifyKeyed(code),
    enterpriseProfile: () => s.identity.view(),
    scanSettings: () => ({
      deviceId: s.config.camera.deviceId,
      engine: s.config.camera.engine,
      decodesPerSecond: s.config.camera.decodesPerSecond,
    }),
  };
}
