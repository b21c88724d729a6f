// Signing and verifying the kiosk's own tokens (wire format: electron/domain/signed-token.ts).
// Ed25519 via @noble/curves (audited, no native code). The kiosk only ever holds public keys;
// private keys belong to the back office (and to `kioskctl keygen` for demos and tests).
//
// Verification here is stateless (format, key, signature, times). That a token is used only once
// is enforced by the identity service with the nonce repository, durably.
import { ed25519 } from '@noble/curves/ed25519.js';
import crypto from 'node:crypto';
import {
  assembleToken,
  base64urlDecode,
  base64urlEncode,
  decodeToken,
  encodeTokenPayload,
  KEY_ID_RE,
  NONCE_BYTES,
  signingInput,
  type TokenClaims,
  type TokenKind,
  type TokenSubject,
} from '../../domain/signed-token';

export interface KeyPair {
  kid: string;
  /** base64url, 32 bytes. Never stored on a kiosk. */
  secretKey: string;
  /** base64url, 32 bytes: what goes into the kiosk config. */
  publicKey: string;
}

export function generateKeyPair(kid: string): KeyPair {
  if (!KEY_ID_RE.test(kid)) throw new RangeError('key id: 1–16 of A–Z a–z 0–9 _ -');
  const { secretKey, publicKey } = ed25519.keygen();
  return { kid, secretKey: base64urlEncode(secretKey), publicKey: base64urlEncode(publicKey) };
}

export function decodeKey(b64: string): Uint8Array | null {
  const bytes = base64urlDecode(b64);
  return bytes && bytes.length === 32 ? bytes : null;
}

export function publicKeyOf(secretKey: string): string {
  const sk = decodeKey(secretKey);
  if (!sk) throw new RangeError('secret key: 32 bytes, base64url');
  return base64urlEncode(ed25519.getPublicKey(sk));
}

export function newNonce(): string {
  return base64urlEncode(new Uint8Array(crypto.randomBytes(NONCE_BYTES)));
}

export interface SignOptions {
  kid: string;
  secretKey: string;
  subject: TokenSubject;
  /** Seconds the token is valid for (default 300: five minutes, like the national dynamic code). */
  ttlSeconds?: number;
  /** Issue time (default now). */
  issuedAt?: Date;
  nonce?: string;
}

export const DEFAULT_TOKEN_TTL_SECONDS = 300;

export function signToken(opts: SignOptions): { token: string; claims: TokenClaims } {
  const sk = decodeKey(opts.secretKey);
  if (!sk) throw new RangeError('secret key: 32 bytes, base64url');
  const iat = Math.floor((opts.issuedAt ?? new Date()).getTime() / 1000);
  const ttl = opts.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1) throw new RangeError('ttl: a whole number of seconds ≥ 1');
  const claims: TokenClaims = {
    kid: opts.kid,
    iat,
    exp: iat + ttl,
    nonce: opts.nonce ?? newNonce(),
    subject: opts.subject,
  };
  const payload = encodeTokenPayload(claims);
  const signature = ed25519.sign(signingInput(payload), sk);
  return { token: assembleToken(opts.subject.kind, payload, signature), claims };
}

/** Public keys the kiosk trusts, by key id, separately for each kind of token. */
export type TrustedKeys = Record<TokenKind, Record<string, string>>;

export interface VerifyOptions {
  nowSeconds: number;
  /** Tolerated difference between the issuer's clock and the kiosk's. */
  skewSeconds: number;
  /** Longest lifetime (exp − iat) accepted. */
  maxLifetimeSeconds: number;
}

export type VerifyFailure =
  | 'malformed-token'
  | 'unknown-key'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'bad-lifetime';

export type VerifyOutcome =
  | { ok: true; kind: TokenKind; claims: TokenClaims }
  | { ok: false; reason: VerifyFailure; kind: TokenKind | null; claims: TokenClaims | null };

/** Checks format, key, signature and times. Never throws. */
export function verifyToken(text: string, keys: TrustedKeys, opts: VerifyOptions): VerifyOutcome {
  const decoded = decodeToken(text);
  if (!decoded.ok) return { ok: false, reason: 'malformed-token', kind: null, claims: null };
  const { kind, token } = decoded;
  const { claims } = token;
  const fail = (reason: VerifyFailure): VerifyOutcome => ({ ok: false, reason, kind, claims });
  const keyText = Object.hasOwn(keys[kind], claims.kid) ? keys[kind][claims.kid] : undefined;
  const publicKey = keyText === undefined ? null : decodeKey(keyText);
  if (!publicKey) return fail('unknown-key');
  let good = false;
  try {
    // zip215: false — strict RFC 8032 verification (no non-canonical encodings).
    good = ed25519.verify(token.signature, token.signedMessage, publicKey, { zip215: false });
  } catch {
    good = false;
  }
  if (!good) return fail('bad-signature');
  const lifetime = claims.exp - claims.iat;
  if (lifetime <= 0 || lifetime > opts.maxLifetimeSeconds) return fail('bad-lifetime');
  if (claims.iat > opts.nowSeconds + opts.skewSeconds) return fail('not-yet-valid');
  if (claims.exp < opts.nowSeconds - opts.skewSeconds) return fail('expired');
  return { ok: true, kind, claims };
}
