// Requests: submit, receipt, tracking, an enterprise's list, printing, and guide mode's day list,
// cancel and assisted start. The request service decides who may see what.
import type { Handlers } from '../contract';
import type { Services } from '../services/services';

export function requestHandlers(
  s: Services,
): Pick<
  Handlers,
  | 'requestSubmit'
  | 'requestReceipt'
  | 'requestTrack'
  | 'requestsMine'
  | 'requestPrint'
  | 'guideRequestsToday'
  | 'guideRequestCancel'
  | 'guideAssistStart'
> {
  return {
    requestSubmit: (args) => s.requests.submit(args),
    requestReceipt: ({ ticket }) => s.requests.receipt(ticket),
    requestTrack: ({ ticket, code }) => s.requests.track(ticket, code),
    requestsMine: () => s.requests.mine(),
    requestPrint: (args) => s.requests.print(args),
    guideRequestsToday: () => s.requests.today(),
    guideRequestCancel: ({ ticket, reason }) => s.requests.cancel(ticket, reason),
    guideAssistStart: async () => {
      await s.requests.startAssist();
      return { assisting: true as const };
    },
  };
}
