// Request signing for the back-office protocol, shared by the kiosk (which signs) and the back
// office (which verifies); Node only (node:crypto), nothing of Electron or the kiosk's services.
// The protocol: docs/back-office-api.yaml, "Signing".
//
// Every call carries the kiosk id, a Unix timestamp in seconds, a fresh random nonce and an
// HMAC-SHA256 over this canonical string (lines joined by "\n", no trailing newline):
//
//   DQKIOSK-HMAC-SHA256-V1
//   <METHOD>                      upper case
//   <path and query>              exactly as sent, e.g. /bo/v1/status-changes?cursor=c12&limit=200
//   <kiosk id>
//   <timestamp>                   decimal seconds since the epoch
//   <nonce>                       16–64 chars of [A-Za-z0-9_-]
//   <idempotency key>             the submission id, or empty for calls without one
//   <hex SHA-256 of the body>     of the exact bytes sent (empty body → hash of "")
//
// The receiver recomputes it from what it received, compares in constant time, refuses a
// timestamp more than MAX_SKEW_SECONDS away from its clock, and refuses a nonce it has already
// seen within the skew window (a replay). Retries are re-signed with a new timestamp and nonce, so
// a retry is never mistaken for a replay; duplicates are caught by the idempotency key instead.
import crypto from 'node:crypto';

export const SIGNATURE_SCHEME = 'DQKIOSK-HMAC-SHA256-V1';
export const MAX_SKEW_SECONDS = 300;

export const HEADER = {
  kioskId: 'x-kiosk-id',
  timestamp: 'x-kiosk-timestamp',
  nonce: 'x-kiosk-nonce',
  signature: 'x-kiosk-signature',
  idempotencyKey: 'idempotency-key',
} as const;

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const SIGNATURE = /^v1=([0-9a-f]{64})$/;

export interface SignedParts {
  method: string;
  /** Path and query string as they appear in the request line. */
  pathAndQuery: string;
  kioskId: string;
  timestamp: number;
  nonce: string;
  idempotencyKey: string | null;
  body: string | Uint8Array;
}

export function sha256Hex(body: string | Uint8Array): string {
  return crypto.createHash('sha256').update(body).digest('hex');
}

export function canonicalString(p: SignedParts): string {
  return [
    SIGNATURE_SCHEME,
    p.method.toUpperCase(),
    p.pathAndQuery,
    p.kioskId,
    String(p.timestamp),
    p.nonce,
    p.idempotencyKey ?? '',
    sha256Hex(p.body),
  ].join('\n');
}

export function computeSignature(secret: string, p: SignedParts): string {
  return crypto.createHmac('sha256', secret).update(canonicalString(p)).digest('hex');
}

export function newNonce(): string {
  return crypto.randomBytes(18).toString('base64url');
}

/** The headers a signed call carries (besides Content-Type). */
export function signedHeaders(
  secret: string,
  p: Omit<SignedParts, 'nonce'> & { nonce?: string },
): Record<string, string> {
  const parts: SignedParts = { ...p, nonce: p.nonce ?? newNonce() };
  const headers: Record<string, string> = {
    [HEADER.kioskId]: parts.kioskId,
    [HEADER.timestamp]: String(parts.timestamp),
    [HEADER.nonce]: parts.nonce,
    [HEADER.signature]: `v1=${computeSignature(secret, parts)}`,
  };
  if (parts.idempotencyKey) headers[HEADER.idempotencyKey] = parts.idempotencyKey;
  return headers;
}

export type VerifyFailure =
  'missing-headers' | 'bad-signature' | 'stale-timestamp' | 'replayed' | 'unknown-kiosk';

export interface VerifyInput {
  method: string;
  pathAndQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: string | Uint8Array;
  /** Receiver's clock, ms since the epoch. */
  nowMs: number;
  secretFor(kioskId: string): string | null;
  /** Records the nonce; returns false if it was already seen (within the skew window). */
  rememberNonce(kioskId: string, nonce: string, nowMs: number): boolean;
  maxSkewSeconds?: number;
}

/** What a signed call claims, read from its headers (not yet verified). */
export interface SignedCall {
  kioskId: string;
  timestamp: number;
  nonce: string;
  signatureHex: string;
  idempotencyKey: string | null;
}

const header = (h: VerifyInput['headers'], name: string): string | null => {
  const v = h[name];
  return typeof v === 'string' ? v : null;
};

/** The signing headers, well-formed, or null (`missing-headers`). */
export function readSignedCall(headers: VerifyInput['headers']): SignedCall | null {
  const kioskId = header(headers, HEADER.kioskId);
  const ts = header(headers, HEADER.timestamp);
  const nonce = header(headers, HEADER.nonce);
  const sig = SIGNATURE.exec(header(headers, HEADER.signature) ?? '');
  if (!kioskId || !ts || !/^\d{1,12}$/.test(ts) || !nonce || !NONCE.test(nonce) || !sig?.[1])
    return null;
  return {
    kioskId,
    timestamp: Number(ts),
    nonce,
    signatureHex: sig[1],
    idempotencyKey: header(headers, HEADER.idempotencyKey),
  };
}

/** Recomputes the signature from what was received and compares in constant time. */
export function signatureMatches(
  secret: string,
  call: SignedCall,
  received: { method: string; pathAndQuery: string; body: string | Uint8Array },
): boolean {
  const expected = Buffer.from(
    computeSignature(secret, {
      method: received.method,
      pathAndQuery: received.pathAndQuery,
      kioskId: call.kioskId,
      timestamp: call.timestamp,
      nonce: call.nonce,
      idempotencyKey: call.idempotencyKey,
      body: received.body,
    }),
    'hex',
  );
  const given = Buffer.from(call.signatureHex, 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export function timestampFresh(
  call: SignedCall,
  nowMs: number,
  maxSkewSeconds = MAX_SKEW_SECONDS,
): boolean {
  return Math.abs(nowMs / 1000 - call.timestamp) <= maxSkewSeconds;
}

/**
 * The receiver's side: verifies one call. Order matters: the signature is checked before the
 * nonce is remembered, so forged calls cannot fill the nonce store or burn a genuine nonce. A
 * receiver whose kiosks and nonces live in a database runs the same steps (readSignedCall,
 * signatureMatches, timestampFresh, then the nonce) in the same order.
 */
export function verifySignedCall(
  input: VerifyInput,
): { ok: true; kioskId: string } | { ok: false; reason: VerifyFailure } {
  const call = readSignedCall(input.headers);
  if (!call) return { ok: false, reason: 'missing-headers' };
  const secret = input.secretFor(call.kioskId);
  if (!secret) return { ok: false, reason: 'unknown-kiosk' };
  if (!signatureMatches(secret, call, input)) return { ok: false, reason: 'bad-signature' };
  if (!timestampFresh(call, input.nowMs, input.maxSkewSeconds))
    return { ok: false, reason: 'stale-timestamp' };
  if (!input.rememberNonce(call.kioskId, call.nonce, input.nowMs))
    return { ok: false, reason: 'replayed' };
  return { ok: true, kioskId: call.kioskId };
}
