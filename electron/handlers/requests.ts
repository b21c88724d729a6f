// Requests (issue 5): submit, receipt, tracking, an enterprise's list, printing, and guide mode's
// day list, cancel and assisted start. The request service decides who may see what.
import type { Handlers } from '../contract';
import { CallError } from '../domain/call';
import { printableOf } from '../domain/printing';
import { appendAudit } from '../services/guide/audit-repository';
import type { Services } from '../services/kiosk-services';
import { RequestError } from '../services/requests/request-errors';

/** Runs `fn`, turning the request service's refusals into the call's error codes. */
async function refusing<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RequestError) throw new CallError(e.code, e.message, e.fields);
    throw e;
  }
}

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
  const staffId = () => s.session.state().staff?.id ?? null;
  return {
    requestSubmit: (args) =>
      refusing(() =>
        s.requests.submit({
          requestId: args.requestId,
          subject: args.subject,
          founder: args.founder,
          contact: args.contact,
        }),
      ),
    requestReceipt: ({ ticket }) => refusing(() => s.requests.receipt(ticket)),
    requestTrack: ({ ticket }) => refusing(() => s.requests.track(ticket)),
    requestsMine: () => refusing(() => s.requests.mine()),
    requestPrint: ({ ticket, document, heightMm, reprint, locale }) =>
      refusing(async () => {
        // Only the submitting session or staff can print it (the receipt call checks).
        const receipt = s.requests.receipt(ticket);
        const by = staffId();
        if (reprint && !by) throw new CallError('FORBIDDEN', 'reprinting is for guides');
        const out = await s.printing.print({
          document,
          receipt: printableOf(receipt),
          locale,
          heightMm,
        });
        if (reprint && by)
          await s.db.write((d) =>
            appendAudit(d, {
              at: s.now().toISOString(),
              staffId: by,
              action: document === 'receipt' ? 'reprint-receipt' : 'reprint-checklist',
              requestId: receipt.id,
              detail: `${receipt.ticket}: ${out.outcome === 'fault' ? `fault ${out.fault}` : out.outcome}`,
            }),
          );
        return out;
      }),
    guideRequestsToday: () => s.requests.today(),
    guideRequestCancel: ({ ticket, reason }) => refusing(() => s.requests.cancel(ticket, reason)),
    guideAssistStart: async () => {
      const by = staffId();
      s.requests.startAssist();
      if (by)
        await s.db.write((d) =>
          appendAudit(d, {
            at: s.now().toISOString(),
            staffId: by,
            action: 'assist-walk-in',
            requestId: null,
            detail: null,
          }),
        );
      return { assisting: true as const };
    },
  };
}
