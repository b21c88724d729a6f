// The kiosk's own signed codes: a dynamic 企业码 (an enterprise proves who it is) and a staff
// badge (a guide or admin unlocks guide mode). Issued by the back office (or `kioskctl
// issue-code` / `issue-badge`), shown as a QR, verified by the kiosk against public keys in its
// config. This module is the wire format only — pure, Node-free, no cryptography; signing and
// verifying live in electron/services/identity/tokens.ts.
//
// Text:    <prefix><base64url(payload ‖ signature)>
//          prefix `DQE1.` for an enterprise code, `DQS1.` for a staff badge
// Payload: u8 version (1) · u8 kind (1 enterprise, 2 staff) · u8 len + key id (ASCII) ·
//          u32 iat · u32 exp (seconds since 1970, big-endian) · 12-byte random nonce ·
//          subject: enterprise → the 18-character credit code (ASCII);
//                   staff → u8 role (1 guide, 2 admin) · u8 len + staff id (ASCII)
// Signature: Ed25519 (64 bytes) over SIGNING_CONTEXT ‖ payload.
// An enterprise code is about 150 characters: a small, easily scanned QR.

export const ENTERPRISE_TOKEN_PREFIX = 'DQE1.';
export const STAFF_BADGE_PREFIX = 'DQS1.';
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
  return prefixOf(kind) + base64urlEncode(body);
}

// --- decoding (untrusted input) ----------------------------------------------------------------

export function tokenKindOf(text: string): TokenKind | null {
  if (text.startsWith(ENTERPRISE_TOKEN_PREFIX)) return 'enterprise';
  if (text.startsWith(STAFF_BADGE_PREFIX)) return 'staff';
  return null;
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
  const kind = tokenKindOf(text);
  if (!kind) return { ok: false, reason: 'not-a-token' };
  if (text.length > MAX_TOKEN_TEXT) return { ok: false, reason: 'too-long' };
  const body = base64urlDecode(text.slice(prefixOf(kind).length));
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
