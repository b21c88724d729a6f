import type { Handlers } from '../contract';
import type { Services } from '../services/services';

export function identityHandlers(
  s: Services,
): Pick<Handlers, 'identifyScan' | 'identifyKeyed' | 'enterpriseProfile' | 'scanSettings'> {
  return {
    identifyScan: ({ text, via }) => s.identity.identifyScan(text, via),
    identifyKeyed: ({ code }) => s.identity.identifyKeyed(code),
    enterpriseProfile: () => s.identity.view(),
    scanSettings: () => s.app.scanSettings(),
  };
}
