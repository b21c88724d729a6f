// The body of a `help-call` submission (docs/back-office-queue.md): where and when a visitor
// pressed "呼叫帮办", so the back office can send someone. No personal data: the kiosk does not
// know who pressed it.
import type { KioskConfig } from '../config';

export function helpCallWireBody(
  call: { id: string; at: string; screen: string },
  config: Pick<KioskConfig, 'kioskId' | 'centerName' | 'locationName'>,
): Record<string, unknown> {
  return {
    schema: 'deqing.help-call/1',
    helpCallId: call.id,
    kioskId: config.kioskId,
    at: call.at,
    screen: call.screen,
    centerName: config.centerName['zh-CN'],
    locationName: config.locationName['zh-CN'],
  };
}
