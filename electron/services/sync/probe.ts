// `kioskctl doctor`'s look at the back office: does it answer, does its certificate verify (and
// if not, why, in plain words), does it accept this kiosk, and how far off is this machine's clock.
// Uses Node's TLS with the same authorities the kiosk's Node transport trusts.
import crypto from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { KioskConfig } from '../config';
import { createBackOfficeClient } from './client';
import { clockReport, type ClockOffset } from './clock';
import { backOfficeProblem, endpointOrigin } from './sync-status';
import { chainTrustedBy, loadExtraCas, plainTlsReason, trustedAuthorities } from './tls-trust';
import { nodeHttpTransport } from './transport';

export interface TlsCheck {
  ok: boolean;
  /** The verification failure's code (OpenSSL / Node), null when it verified. */
  code: string | null;
  /** Why not, in plain words. */
  reason: string | null;
  subject: string | null;
  issuer: string | null;
  validTo: string | null;
  /** Which authority made it trusted: the system's or backOffice.caCertificate. */
  trustedBy: 'system' | 'caCertificate' | null;
}

export interface BackOfficeProbe {
  configured: boolean;
  endpoint: string | null;
  /** False when configured and something stops delivery (config, TLS, refusal, no answer). */
  ok: boolean;
  /** A config problem found before any call. */
  problem: string | null;
  /** null for plain http (loopback) or when not reached. */
  tls: TlsCheck | null;
  /** The signed test call (a one-item status page: reads nothing the kiosk has not). */
  answer: { ok: boolean; detail: string } | null;
  clock: ReturnType<typeof clockReport>;
}

const REFUSALS: Record<string, string> = {
  'bad-signature':
    "the back office refuses this kiosk's signature: backOffice.kioskSecret is not the one it issued for this kiosk id",
  'stale-timestamp':
    "the back office refuses the call's time: this machine's clock is more than 300 s off (turn on time sync)",
  'unknown-kiosk': 'the back office does not know this kioskId',
  'kiosk-disabled': 'the back office has disabled this kiosk',
  replayed: 'the back office saw this call already (replayed nonce): try again',
  'missing-headers': 'the back office did not get the signing headers (a proxy strips them?)',
};

function dn(s: string | undefined | null | object): string | null {
  if (!s) return null;
  if (typeof s === 'string') return s.replace(/\n/g, ', ');
  return Object.entries(s as Record<string, string>)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

function chainPems(peer: tls.DetailedPeerCertificate): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let c: tls.DetailedPeerCertificate | undefined = peer;
  while (c?.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(new crypto.X509Certificate(c.raw).toString());
    c = c.issuerCertificate;
  }
  return out;
}

function networkWords(e: NodeJS.ErrnoException, host: string, port: number, s: number): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return `nothing answers at ${host}:${port} (connection refused): is the back office running, the port right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name ${host} is not found (DNS)`;
    case 'ETIMEDOUT':
    case 'TIMEOUT':
      return `no answer from ${host}:${port} within ${s} s (network, firewall or proxy)`;
    case 'ECONNRESET':
      return `${host}:${port} closed the connection during the handshake (not TLS, or a proxy in the way?)`;
    default:
      return plainTlsReason(e.code) ?? `cannot connect to ${host}:${port}: ${e.code ?? e.message}`;
  }
}

/** Connects, verifies the certificate against the kiosk's authorities, and explains the result. */
export function checkTls(
  url: URL,
  extraCas: readonly string[],
  timeoutMs: number,
): Promise<TlsCheck | { ok: false; network: string }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve) => {
    const socket = tls.connect({
      host,
      port,
      ...(net.isIP(host) ? {} : { servername: host }),
      ca: trustedAuthorities(extraCas),
      // Verified below, so the reason can be told rather than thrown.
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const done = (r: TlsCheck | { ok: false; network: string }) => {
      socket.destroy();
      resolve(r);
    };
    socket.once('timeout', () =>
      done({
        ok: false,
        network: networkWords(
          { code: 'TIMEOUT' } as NodeJS.ErrnoException,
          host,
          port,
          timeoutMs / 1000,
        ),
      }),
    );
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done({ ok: false, network: networkWords(e, host, port, timeoutMs / 1000) }),
    );
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate(true);
      const base = {
        subject: dn(peer.subject),
        issuer: dn(peer.issuer),
        validTo: peer.valid_to ? new Date(peer.valid_to).toISOString() : null,
      };
      let code: string | null = null;
      if (!socket.authorized) code = String(socket.authorizationError ?? 'UNKNOWN');
      else {
        const mismatch = tls.checkServerIdentity(host, peer) as NodeJS.ErrnoException | undefined;
        if (mismatch) code = mismatch.code ?? 'ERR_TLS_CERT_ALTNAME_INVALID';
      }
      if (code)
        return done({
          ok: false,
          code,
          reason: plainTlsReason(code) ?? `the certificate does not verify (${code})`,
          trustedBy: null,
          ...base,
        });
      const byExtra = extraCas.length > 0 && chainTrustedBy(chainPems(peer), host, extraCas).ok;
      done({
        ok: true,
        code: null,
        reason: null,
        trustedBy: byExtra ? 'caCertificate' : 'system',
        ...base,
      });
    });
  });
}

export async function probeBackOffice(
  config: KioskConfig,
  now: () => number = () => Date.now(),
): Promise<BackOfficeProbe> {
  const bo = config.backOffice;
  const empty = { tls: null, answer: null, clock: clockReport(null) };
  const endpoint = endpointOrigin(bo.endpoint);
  if (!bo.endpoint) return { configured: false, endpoint: null, ok: true, problem: null, ...empty };
  const problem = backOfficeProblem(config);
  if (problem || !bo.kioskSecret)
    return { configured: true, endpoint, ok: false, problem: problem ?? 'no secret', ...empty };
  const url = new URL(bo.endpoint);
  const extraCas = loadExtraCas(bo.caCertificate).pems;
  const timeoutMs = bo.requestTimeoutSeconds * 1000;
  let tlsCheck: TlsCheck | null = null;
  if (url.protocol === 'https:') {
    const r = await checkTls(url, extraCas, timeoutMs);
    if ('network' in r)
      return {
        configured: true,
        endpoint,
        ok: false,
        problem: null,
        ...empty,
        answer: { ok: false, detail: r.network },
      };
    tlsCheck = r;
    if (!r.ok) return { configured: true, endpoint, ok: false, problem: null, ...empty, tls: r };
  }
  let offset: ClockOffset | null = null;
  const client = createBackOfficeClient({
    endpoint: bo.endpoint,
    kioskId: config.kioskId,
    secret: bo.kioskSecret,
    transport: nodeHttpTransport({ maxSockets: 1, extraCas }),
    now,
    timeoutMs,
    onServerTime: (o) => (offset = o),
  });
  const out = await client.pullStatusChanges(null, 1, new AbortController().signal);
  let answer: BackOfficeProbe['answer'];
  if (out.type === 'ok') answer = { ok: true, detail: 'answers and accepts this kiosk' };
  else if (out.type === 'aborted') answer = { ok: false, detail: 'interrupted' };
  else {
    const code = /^\d{3} ([a-z-]+):/.exec(out.reason)?.[1];
    const words = code ? REFUSALS[code] : undefined;
    answer = { ok: false, detail: words ? `${words} (${out.reason})` : out.reason };
  }
  return {
    configured: true,
    endpoint,
    ok: answer.ok,
    problem: null,
    tls: tlsCheck,
    answer,
    clock: clockReport(offset),
  };
}
