// The back-office transport inside Electron: Chromium's network stack (Electron's `Session.fetch`
// in the main process), so the kiosk uses the system's trust store and proxy settings like any
// browser on the machine. It runs in a network partition of its own (in memory: no cookies or
// cache shared with the kiosk's window). `backOffice.caCertificate` is added through a
// certificate verifier on that partition only: Chromium verifies first; only a chain it refused is
// checked against the configured CA (chain, host name, dates), so the extra CA never weakens the
// system's checks. ("Session" elsewhere in the kiosk means the visit at the screen.)
import { session, type Session } from 'electron';
import { chainTrustedBy, plainTlsReason } from '../services/sync/tls-trust';
import {
  MAX_REPLY_BYTES,
  TransportError,
  type HttpTransport,
  type TransportFactory,
} from '../services/sync/transport';

const PARTITION = 'back-office';

interface ChainCert {
  data: string;
  issuerCert?: ChainCert | null;
}

function chainOf(cert: ChainCert): string[] {
  const out: string[] = [];
  for (let c: ChainCert | null | undefined = cert; c && out.length < 10; c = c.issuerCert) {
    if (out.includes(c.data)) break;
    out.push(c.data);
  }
  return out;
}

function failure(e: unknown, signal: AbortSignal, timedOut: boolean): TransportError {
  if (signal.aborted) return new TransportError('aborted', 'kiosk shutting down');
  if (timedOut) return new TransportError('timeout', 'no reply in time');
  const message = e instanceof Error ? e.message : String(e);
  const code = /net::ERR_[A-Z_]+/.exec(message)?.[0];
  const tls = plainTlsReason(code);
  return new TransportError(
    'network',
    tls ? `tls: ${tls} (${code})` : `network: ${code ?? message.slice(0, 120)}`,
  );
}

/** The partition for the back office and the update channel, trusting `extraCas` besides the system. */
export function trustedPartition(extraCas: readonly string[] = []): Session {
  const ses = session.fromPartition(PARTITION, { cache: false });
  if (extraCas.length)
    ses.setCertificateVerifyProc((req, callback) => {
      if (req.errorCode === 0) return callback(-3);
      const verdict = chainTrustedBy(chainOf(req.certificate), req.hostname, extraCas);
      // 0: trusted; -3: Chromium's own verdict (the refusal stands).
      callback(verdict.ok ? 0 : -3);
    });
  return ses;
}

export const electronNetTransport: TransportFactory = ({ extraCas }): HttpTransport => {
  const ses = trustedPartition(extraCas);
  return async (req) => {
    const timeout = AbortSignal.timeout(req.timeoutMs);
    const signal = AbortSignal.any([req.signal, timeout]);
    try {
      const res = await ses.fetch(req.url, {
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        signal,
        redirect: 'manual',
        credentials: 'omit',
        bypassCustomProtocolHandlers: true,
      });
      // redirect: 'manual' gives an opaque answer; redirects are never followed (the protocol).
      if (res.type === 'opaqueredirect' || res.status === 0)
        return { status: 307, header: () => null, text: '' };
      const chunks: Uint8Array[] = [];
      let size = 0;
      if (res.body)
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          size += chunk.byteLength;
          if (size > MAX_REPLY_BYTES)
            throw new TransportError('too-large', `reply over ${MAX_REPLY_BYTES} bytes`);
          chunks.push(chunk);
        }
      return {
        status: res.status,
        header: (name) => res.headers.get(name),
        text: Buffer.concat(chunks).toString('utf8'),
      };
    } catch (e) {
      if (e instanceof TransportError) throw e;
      throw failure(e, req.signal, timeout.aborted);
    }
  };
};
