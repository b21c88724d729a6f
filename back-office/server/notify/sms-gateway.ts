// Telling the applicant: an SMS-gateway port with two adapters. The default keeps every message in
// the outbox table for the console to show (a center without a gateway contract still sees what
// would have been sent); the webhook adapter POSTs each message, signed, to a real gateway. Either
// way the message is stored first, in the transaction of the status change that caused it, and
// delivered afterwards by a job: a failed try is retried with backoff and a message that keeps
// failing is marked failed, visible in the console and retried by hand — never lost.
import { signedHeaders } from '../../../electron/protocol/signing';

export interface OutgoingSms {
  /** The outbox row's id: the gateway's idempotency key (a retry is the same message). */
  id: number;
  to: string;
  text: string;
  ticket: string;
}

export type SendResult =
  | { state: 'sent' }
  /** Kept in the outbox for staff (the outbox adapter). */
  | { state: 'held' };

/** Thrown for a try that failed; `permanent` when retrying cannot help (4xx but 408/429). */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

export interface SmsGateway {
  readonly channel: 'outbox' | 'webhook';
  send(sms: OutgoingSms): Promise<SendResult>;
}

export function outboxGateway(): SmsGateway {
  return { channel: 'outbox', send: () => Promise.resolve({ state: 'held' }) };
}

/** Who signs the webhook's calls, in the protocol's kiosk-id header. */
export const WEBHOOK_SENDER = 'BACKOFFICE';

/**
 * POSTs `{ id, to, text, ticket }` as JSON, signed like the kiosks' calls (the same HMAC scheme
 * with the sender `BACKOFFICE` and the message id as idempotency key), so the gateway side
 * verifies it with the same code. 2xx is sent; anything else throws.
 */
export function webhookGateway(opts: {
  url: string;
  secret: string;
  timeoutMs?: number;
  now?: () => number;
}): SmsGateway {
  const target = new URL(opts.url);
  const now = opts.now ?? (() => Date.now());
  return {
    channel: 'webhook',
    async send(sms) {
      const body = JSON.stringify({ id: sms.id, to: sms.to, text: sms.text, ticket: sms.ticket });
      const headers = signedHeaders(opts.secret, {
        method: 'POST',
        pathAndQuery: target.pathname + target.search,
        kioskId: WEBHOOK_SENDER,
        timestamp: Math.floor(now() / 1000),
        idempotencyKey: `sms-${sms.id}`,
        body,
      });
      let res: Response;
      try {
        res = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
      } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
        throw new SendError(`gateway unreachable (${cause})`);
      }
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { state: 'sent' };
      const permanent =
        res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      throw new SendError(`gateway answered HTTP ${res.status}`, permanent);
    },
  };
}
