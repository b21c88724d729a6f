// The kiosk's own signed codes: a dynamic 企业码 (an enterprise proves who it is) and a staff
// badge (a guide or admin unlocks guide mode). Issued by the back office (or `kioskctl
// issue-code` / `issue-badge`), shown as a QR, verified by the kiosk against public keys in its
// config. This module is the wire format only — pure, Node-free, no cryptography; signing and
// verifying live in electron/services/identity/tokens.ts.
//
// Text (v2, issued): <prefix><decimal(payload ‖ signature)>
//          prefix `DQE2.` for an enterprise code, `DQS2.` for a staff badge; the body is the
//          bytes as one big-endian number in decimal, zero-padded to the digits 256^n − 1 has
//          (so the digit count gives the byte count, and each byte string has exactly one text).
//          Upper-case prefix + digits: a QR encoder puts it in alphanumeric + numeric mode,
//          3.33 bits per digit for 8 bits per byte → ~2.4 digits/byte against base64url's
//          1.33 chars × 8 bits: an enterprise code is a version-7 QR at ECC M, not version 8 —
//          bigger modules, so a blurred camera frame still reads (npm run bench -- decode).
// Text (v1, still accepted): <prefix><base64url(payload ‖ signature)>, prefix `DQE1.`/`DQS1.`.
//          The same signed bytes in another spelling: a v1 text and its v2 spelling are one
//          token (same nonce, same signature), so accepting both opens no replay or forgery.
// Payload: u8 version (1) · u8 kind (1 enterprise, 2 staff) · u8 len + key id (ASCII) ·
//          u32 iat · u32 exp (seconds since 1970, big-endian) · 12-byte random nonce ·
//          subject: enterprise → the 18-character credit code (ASCII);
//                   staff → u8 role (1 guide, 2 admin) · u8 len + staff id (ASCII)
// Signature: Ed25519 (64 bytes) over SIGNING_CONTEXT ‖ payload.
// An enterprise code is about 270 characters (v1: about 150) — but fewer QR modules.

export const ENTERPRISE_TOKEN_PREFIX = 'DQE2.';
export const STAFF_BADGE_PREFIX = 'DQS2.';
/** The v1 (base64url) spellings, accepted when scanned: badges printed before v2 stay valid. */
export const LEGACY_ENTERPRISE_TOKEN_PREFIX = 'DQE1.';
export const LEGACY_STAFF_BADGE_PREFIX = 'DQS1.';
/** Version byte of the signed payload (unchanged by the v2 text spelling). */
export const TOKEN_VERSION = 1;
export const NONCE_BYTES = 12;
export const SIGNATURE_BYTES = 64;
/** No token of this format is longer; anything longer is refused before decoding. */
export const MAX_TOKEN_TEXT = 400;
/** Domain separation: a signature made for anything else never verifies as a kiosk token. */
export const SIGNING_CONTEXT = 'deqing-kiosk/signed-token/v1\u0000';

export type TokenKind = 'enterprise' | 'staff';
export type StaffRole = 'guide' | 'admin';
export const STAFF_ROLES: readonly StaffRole[] = ['guide', 'admin'];

export const KEY_ID_RE = /^[A-Za-z0-9_-]{1,16}$/;
export const STAFF_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;
const USCC_SHAPE = /^[0-9A-HJ-NP-RTUWXY]{18}$/;

export type TokenSubject =
  { kind: 'enterprise'; uscc: string } | { kind: 'staff'; staffId: string; role: StaffRole };

export interface TokenClaims {
  kid: string;
  /** Issue and expiry time, whole seconds since 1970. */
  iat: number;
  exp: number;
  /** 12 random bytes, base64url (16 characters): what makes a token usable once. */
  nonce: string;
  subject: TokenSubject;
}

export interface DecodedToken {
  claims: TokenClaims;
  /** The bytes the signature covers (SIGNING_CONTEXT ‖ payload). */
  signedMessage: Uint8Array;
  signature: Uint8Array;
}

export type TokenDecodeFailure = 'not-a-token' | 'too-long' | 'malformed';

// --- base64url, strict (no padding, canonical) -------------------------------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_VALUE = new Map([...B64].map((c, i) => [c, i]));

export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] as number;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += B64[b0 >> 2];
    out += B64[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)];
    if (b1 !== undefined) out += B64[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)];
    if (b2 !== undefined) out += B64[b2 & 63];
  }
  return out;
}

/** Decodes strict base64url; null for any other character, a bad length or non-canonical bits. */
export function base64urlDecode(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const v = [0, 1, 2, 3].map((k) =>
      i + k < text.length ? B64_VALUE.get(text[i + k] as string) : 0,
    );
    if (v.some((x) => x === undefined)) return null;
    const [a, b, c, d] = v as [number, number, number, number];
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = (n >> 16) & 255;
    if (i + 2 < text.length) out[o++] = (n >> 8) & 255;
    if (i + 3 < text.length) out[o++] = n & 255;
  }
  // Canonical only: the unused low bits of the last character must be zero.
  if (base64urlEncode(out) !== text) return null;
  return out;
}

// --- decimal (v2 text body) ---------------------------------------------------------------------

const DIGITS_RE = /^[0-9]+$/;
/** Digits of 256^n − 1: the fixed length of an n-byte body. */
export function decimalDigitsFor(n: number): number {
  return ((1n << BigInt(8 * n)) - 1n).toString().length;
}

export function decimalEncode(bytes: Uint8Array): string {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v.toString().padStart(decimalDigitsFor(bytes.length), '0');
}

/** Decodes a v2 body; null for anything but digits of an exact body length and in range. */
export function decimalDecode(text: string, maxBytes = 512): Uint8Array | null {
  if (!DIGITS_RE.test(text)) return null;
  // decimalDigitsFor grows by 2 or 3 per byte: at most one n fits.
  let n = Math.floor(text.length / 2.5);
  while (n <= maxBytes && decimalDigitsFor(n) < text.length) n++;
  if (n > maxBytes || decimalDigitsFor(n) !== text.length) return null;
  let v = BigInt(text);
  if (v >> BigInt(8 * n) !== 0n) return null;
  const out = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(v & 255n);
    v >>= 8n;
  }
  return out;
}

// --- encoding ----------------------------------------------------------------------------------

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const KIND_BYTE: Record<TokenKind, number> = { enterprise: 1, staff: 2 };
const ROLE_BYTE: Record<StaffRole, number> = { guide: 1, admin: 2 };

export function prefixOf(kind: TokenKind): string {
  return kind === 'enterprise' ? ENTERPRISE_TOKEN_PREFIX : STAFF_BADGE_PREFIX;
}

/** The payload bytes for claims; throws RangeError on claims this format cannot carry. */
export function encodeTokenPayload(claims: TokenClaims): Uint8Array {
  const { kid, iat, exp, nonce, subject } = claims;
  if (!KEY_ID_RE.test(kid)) throw new RangeError('key id: 1–16 of A–Z a–z 0–9 _ -');
  for (const t of [iat, exp])
    if (!Number.isInteger(t) || t < 0 || t > 0xffffffff) throw new RangeError('time out of range');
  const nonceBytes = base64urlDecode(nonce);
  if (!nonceBytes || nonceBytes.length !== NONCE_BYTES) throw new RangeError('nonce: 12 bytes');
  let tail: number[];
  if (subject.kind === 'enterprise') {
    if (!USCC_SHAPE.test(subject.uscc)) throw new RangeError('uscc: 18 characters of the set');
    tail = [...ascii(subject.uscc)];
  } else {
    if (!STAFF_ID_RE.test(subject.staffId))
      throw new RangeError('staff id: 1–32 of A–Z a–z 0–9 _ -');
    tail = [ROLE_BYTE[subject.role], subject.staffId.length, ...ascii(subject.staffId)];
  }
  const times = new Uint8Array(8);
  const view = new DataView(times.buffer);
  view.setUint32(0, iat);
  view.setUint32(4, exp);
  return Uint8Array.from([
    TOKEN_VERSION,
    KIND_BYTE[subject.kind],
    kid.length,
    ...ascii(kid),
    ...times,
    ...nonceBytes,
    ...tail,
  ]);
}

export function signingInput(payload: Uint8Array): Uint8Array {
  const ctx = ascii(SIGNING_CONTEXT);
  const out = new Uint8Array(ctx.length + payload.length);
  out.set(ctx, 0);
  out.set(payload, ctx.length);
  return out;
}

export function assembleToken(kind: TokenKind, payload: Uint8Array, signature: Uint8Array): string {
  if (signature.length !== SIGNATURE_BYTES) throw new RangeError('signature: 64 bytes');
  const body = new Uint8Array(payload.length + signature.length);
  body.set(payload, 0);
  body.set(signature, payload.length);
  return prefixOf(kind) + decimalEncode(body);
}

// --- decoding (untrusted input) ----------------------------------------------------------------

const SPELLINGS: { prefix: string; kind: TokenKind; body: (t: string) => Uint8Array | null }[] = [
  { prefix: ENTERPRISE_TOKEN_PREFIX, kind: 'enterprise', body: (t) => decimalDecode(t) },
  { prefix: STAFF_BADGE_PREFIX, kind: 'staff', body: (t) => decimalDecode(t) },
  { prefix: LEGACY_ENTERPRISE_TOKEN_PREFIX, kind: 'enterprise', body: base64urlDecode },
  { prefix: LEGACY_STAFF_BADGE_PREFIX, kind: 'staff', body: base64urlDecode },
];

/** The kind a token text claims by its prefix (v2 or v1 spelling), or null. */
export function tokenKindOf(text: string): TokenKind | null {
  return SPELLINGS.find((s) => text.startsWith(s.prefix))?.kind ?? null;
}

function readAscii(bytes: Uint8Array, start: number, len: number): string | null {
  if (start + len > bytes.length) return null;
  let s = '';
  for (let i = start; i < start + len; i++) {
    const b = bytes[i] as number;
    if (b < 0x21 || b > 0x7e) return null;
    s += String.fromCharCode(b);
  }
  return s;
}

/**
 * Decodes the structure of a token without judging its signature or times. Never throws.
 * A decoded token is NOT trusted: only the verifier in the services may accept it.
 */
export function decodeToken(
  text: string,
): { ok: true; kind: TokenKind; token: DecodedToken } | { ok: false; reason: TokenDecodeFailure } {
  if (typeof text !== 'string') return { ok: false, reason: 'not-a-token' };
  const spelling = SPELLINGS.find((s) => text.startsWith(s.prefix));
  if (!spelling) return { ok: false, reason: 'not-a-token' };
  const kind = spelling.kind;
  if (text.length > MAX_TOKEN_TEXT) return { ok: false, reason: 'too-long' };
  const body = spelling.body(text.slice(spelling.prefix.length));
  const bad = { ok: false as const, reason: 'malformed' as const };
  if (!body || body.length < 3 + SIGNATURE_BYTES) return bad;
  const payload = body.subarray(0, body.length - SIGNATURE_BYTES);
  const signature = body.slice(body.length - SIGNATURE_BYTES);
  if (payload[0] !== TOKEN_VERSION || payload[1] !== KIND_BYTE[kind]) return bad;
  const kidLen = payload[2] as number;
  const kid = readAscii(payload, 3, kidLen);
  if (kid === null || !KEY_ID_RE.test(kid)) return bad;
  let p = 3 + kidLen;
  if (p + 8 + NONCE_BYTES > payload.length) return bad;
  const view = new DataView(payload.buffer, payload.byteOffset + p, 8);
  const iat = view.getUint32(0);
  const exp = view.getUint32(4);
  p += 8;
  const nonce = base64urlEncode(payload.subarray(p, p + NONCE_BYTES));
  p += NONCE_BYTES;
  let subject: TokenSubject;
  if (kind === 'enterprise') {
    const uscc = readAscii(payload, p, 18);
    if (uscc === null || !USCC_SHAPE.test(uscc) || p + 18 !== payload.length) return bad;
    subject = { kind, uscc };
  } else {
    const roleByte = payload[p];
    const role = roleByte === 1 ? 'guide' : roleByte === 2 ? 'admin' : null;
    const idLen = payload[p + 1];
    if (role === null || idLen === undefined) return bad;
    const staffId = readAscii(payload, p + 2, idLen);
    if (staffId === null || !STAFF_ID_RE.test(staffId) || p + 2 + idLen !== payload.length)
      return bad;
    subject = { kind, staffId, role };
  }
  return {
    ok: true,
    kind,
    token: {
      claims: { kid, iat, exp, nonce, subject },
      signedMessage: signingInput(payload),
      signature,
    },
  };
}
