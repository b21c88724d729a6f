// What a scanned (or typed-in) text is. Pure, Node-free, never throws: the same function runs in
// the services (authoritative) and in `kioskctl parse-code`.
//
// The text is only ever classified: a URL is parsed as a string to read the code out of it, never
// opened, fetched, navigated to or rendered as HTML. Texts over 2 KB, with control characters or
// with any scheme but http(s) are refused outright. A signed token is decoded here but NOT
// trusted: its signature, times and single use are checked by the services' verifier.
import { checkUscc, normalizeUscc, USCC_RE, type UsccProblem } from './credit-code';
import { decodeToken, tokenKindOf, type StaffRole } from './signed-token';
import { isTicketQr, parseTicket, parseTicketQr, type Ticket } from './ticket';

/** Longest text looked at, in UTF-8 bytes. */
export const MAX_SCAN_BYTES = 2048;

export type ScanKind =
  /** An 18-character credit code on its own (static licence QR, keyed entry, USB scanner). */
  | 'bare-code'
  /** A national licence URL: `…gsxt.gov.cn/…?uniscid=<code>` (or an opaque older one). */
  | 'licence-url'
  /** Another http(s) URL with an 18-character code in it. */
  | 'url-code'
  /** A web "亮照" badge serial `<code>-SAIC_SHOW_…`, bare or in a URL's `serial=`. */
  | 'badge-serial'
  /** Our signed dynamic 企业码 (`DQE2.…`, or v1 `DQE1.…`). */
  | 'enterprise-token'
  /** Our signed staff badge (`DQS2.…`, or v1 `DQS1.…`). */
  | 'staff-badge'
  /** A receipt's ticket number, bare or as the receipt QR (`DQT2.<ticket>.<code>`, `DQT1.<ticket>`). */
  | 'ticket'
  | 'unknown';

export type ScanReason =
  | 'ok'
  /** Both checks could not be made: characters outside the 31-character set. */
  | 'bad-char'
  /** Looks like a credit code but is not 18 characters long. */
  | 'bad-length'
  /** 15 digits: the old business registration number (注册号), not a credit code. */
  | 'old-registration-number'
  /** The GB 11714 organization-code check (position 17) fails. */
  | 'org-check-failed'
  /** The final check character (position 18) fails. */
  | 'check-char-failed'
  /** An older licence link (opaque token) that cannot be read offline. */
  | 'opaque-licence-url'
  | 'no-code-in-url'
  /** A scheme other than http(s) (javascript:, data:, file:, …). */
  | 'unsupported-url'
  | 'malformed-token'
  | 'bad-ticket'
  | 'too-long'
  | 'control-chars'
  | 'empty'
  | 'not-understood';

/** A token's claims as read from the text — unverified. */
export interface UnverifiedClaims {
  kid: string;
  iat: number;
  exp: number;
  nonce: string;
  uscc: string | null;
  staffId: string | null;
  role: StaffRole | null;
}

export interface ScanParse {
  kind: ScanKind;
  /** The 18-character code read from the text (normalized), valid or not; null if none. */
  uscc: string | null;
  /**
   * Code kinds: the code passes both checks. Tokens: well-formed (an enterprise token's code
   * passes both checks) — not yet verified. Ticket: well-formed. Unknown: false.
   */
  valid: boolean;
  reason: ScanReason;
  claims?: UnverifiedClaims;
  ticket?: Ticket;
  /** The ticket's tracking code, when the text was a receipt QR that carries one. */
  trackCode?: string;
}

// C0/C1 controls, zero-width and bidirectional formatting characters, BOM, interlinear anchors.
const CONTROL_RE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/;
// Leading/trailing whitespace a scanner or keyboard may add (CR, LF, Tab, spaces).
const EDGE_WS_RE = /^[\s\ufeff]+|[\s\ufeff]+$/g;
const SCHEME_RE = /^([A-Za-z][A-Za-z0-9+.-]{0,30}):/;
const BADGE_SERIAL_RE = /^([0-9A-Za-z]{18})-SAIC_SHOW_[0-9A-Za-z_.-]{0,200}$/;
const CODE_CANDIDATE_RE = /(?<![0-9A-Za-z])[0-9A-Z]{18}(?![0-9A-Za-z])/g;

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const REASON_OF: Record<UsccProblem, ScanReason> = {
  empty: 'empty',
  length: 'bad-length',
  charset: 'bad-char',
  'org-check': 'org-check-failed',
  'check-char': 'check-char-failed',
};

function codeResult(kind: ScanKind, candidate: string): ScanParse {
  const check = checkUscc(candidate);
  return {
    kind,
    uscc: check.code.length === 18 ? check.code : null,
    valid: check.valid,
    reason: check.valid ? 'ok' : REASON_OF[check.problem ?? 'charset'],
  };
}

const unknown = (reason: ScanReason): ScanParse => ({
  kind: 'unknown',
  uscc: null,
  valid: false,
  reason,
});

function fromToken(text: string): ScanParse {
  const decoded = decodeToken(text);
  const kind: ScanKind = tokenKindOf(text) === 'enterprise' ? 'enterprise-token' : 'staff-badge';
  if (!decoded.ok) return { kind, uscc: null, valid: false, reason: 'malformed-token' };
  const { claims } = decoded.token;
  const s = claims.subject;
  const uscc = s.kind === 'enterprise' ? s.uscc : null;
  const codeOk = uscc === null || checkUscc(uscc).valid;
  return {
    kind,
    uscc,
    valid: codeOk,
    reason: codeOk ? 'ok' : 'malformed-token',
    claims: {
      kid: claims.kid,
      iat: claims.iat,
      exp: claims.exp,
      nonce: claims.nonce,
      uscc,
      staffId: s.kind === 'staff' ? s.staffId : null,
      role: s.kind === 'staff' ? s.role : null,
    },
  };
}

function fromUrl(text: string): ScanParse {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return unknown('not-understood');
  }
  const host = url.hostname.toLowerCase();
  const gsxt = host === 'gsxt.gov.cn' || host.endsWith('.gsxt.gov.cn');
  const params = url.searchParams;
  const serial = params.get('serial');
  if (serial !== null) {
    const m = BADGE_SERIAL_RE.exec(serial.trim());
    if (m) return codeResult('badge-serial', m[1] as string);
  }
  if (gsxt) {
    const uniscid = params.get('uniscid');
    if (uniscid !== null) return codeResult('licence-url', uniscid);
  }
  // Any other 18 capital letters/digits standing alone in the URL (path or query).
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // Keep the raw text: a broken escape is not a reason to give up on a plain code in it.
  }
  const candidates = [...new Set(decoded.match(CODE_CANDIDATE_RE) ?? [])];
  const validOne = candidates.find((c) => checkUscc(c).valid);
  if (validOne) return codeResult(gsxt ? 'licence-url' : 'url-code', validOne);
  const usccShaped = candidates.find((c) => USCC_RE.test(c));
  if (usccShaped) return codeResult(gsxt ? 'licence-url' : 'url-code', usccShaped);
  if (gsxt) return { kind: 'licence-url', uscc: null, valid: false, reason: 'opaque-licence-url' };
  return unknown('no-code-in-url');
}

/**
 * The text a scan stands for: what a scanner or camera adds around it (a trailing Enter or
 * newline, spaces, a byte-order mark) taken off. Everything that judges a scan — this parser and
 * the services' token verifier — judges this same text.
 */
export function scanTextOf(input: string): string {
  return input.replace(EDGE_WS_RE, '');
}

/** Classifies one scanned or typed text. Total: any input gives a result, nothing throws. */
export function parseScanText(input: unknown): ScanParse {
  try {
    if (typeof input !== 'string') return unknown('not-understood');
    if (input.length > MAX_SCAN_BYTES || utf8Length(input) > MAX_SCAN_BYTES)
      return unknown('too-long');
    const text = scanTextOf(input);
    if (text.length === 0) return unknown('empty');
    if (CONTROL_RE.test(text)) return unknown('control-chars');

    if (tokenKindOf(text) !== null) return fromToken(text);
    if (isTicketQr(text)) {
      const qr = parseTicketQr(text);
      if (!qr) return { kind: 'ticket', uscc: null, valid: false, reason: 'bad-ticket' };
      return {
        kind: 'ticket',
        uscc: null,
        valid: true,
        reason: 'ok',
        ticket: qr.ticket,
        ...(qr.code ? { trackCode: qr.code } : {}),
      };
    }

    const scheme = SCHEME_RE.exec(text)?.[1]?.toLowerCase();
    if (scheme !== undefined) {
      if (scheme === 'http' || scheme === 'https') return fromUrl(text);
      return unknown('unsupported-url');
    }

    const serial = BADGE_SERIAL_RE.exec(text);
    if (serial) return codeResult('badge-serial', serial[1] as string);

    const norm = normalizeUscc(text);
    if (/^[0-9A-Z]{18}$/.test(norm)) return codeResult('bare-code', norm);
    if (/^\d{15}$/.test(norm))
      return { kind: 'bare-code', uscc: null, valid: false, reason: 'old-registration-number' };
    if (/^[0-9A-Z]{15,21}$/.test(norm) && /\d/.test(norm))
      return { kind: 'bare-code', uscc: null, valid: false, reason: 'bad-length' };

    const ticket = parseTicket(norm);
    if (ticket) return { kind: 'ticket', uscc: null, valid: true, reason: 'ok', ticket };
    return unknown('not-understood');
  } catch {
    // Defensive: nothing above should throw, but a scan must never take the screen down.
    return unknown('not-understood');
  }
}
