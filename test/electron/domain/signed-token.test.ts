import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assembleToken,
  base64urlDecode,
  base64urlEncode,
  decimalDecode,
  decimalDigitsFor,
  decimalEncode,
  decodeToken,
  encodeTokenPayload,
  MAX_TOKEN_TEXT,
  type TokenClaims,
} from '../../../electron/domain/signed-token';
import QRCode from 'qrcode';
import {
  formatTicket,
  parseTicket,
  parseTicketQr,
  ticketQrText,
} from '../../../electron/domain/ticket';

const claims: TokenClaims = {
  kid: 'bo-2025',
  iat: 1_750_000_000,
  exp: 1_750_000_300,
  nonce: 'AAECAwQFBgcICQoL',
  subject: { kind: 'enterprise', uscc: '91330521DQ0000018A' },
};

describe('base64url', () => {
  it('round-trips any bytes and matches Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = base64urlEncode(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(base64urlDecode(text)).toEqual(bytes);
      }),
    );
  });

  it('refuses padding, other alphabets and non-canonical text', () => {
    expect(base64urlDecode('AA==')).toBeNull();
    expect(base64urlDecode('A+/A')).toBeNull();
    expect(base64urlDecode('A')).toBeNull();
    expect(base64urlDecode('AB')).toBeNull(); // low bits of B are not zero
    expect(base64urlDecode('AA')).toEqual(new Uint8Array([0]));
  });
});

describe('decimal body (v2 text)', () => {
  it('round-trips any bytes, leading zero bytes too, at a fixed length per byte count', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = decimalEncode(bytes);
        expect(text).toMatch(/^[0-9]*$/);
        expect(text.length).toBe(decimalDigitsFor(bytes.length));
        expect(decimalDecode(text) ?? new Uint8Array(0)).toEqual(bytes);
      }),
    );
    expect(decimalEncode(new Uint8Array([0, 0, 1]))).toBe('00000001');
  });

  it('refuses other characters, a length no byte count has, and values out of range', () => {
    expect(decimalDigitsFor(1)).toBe(3);
    expect(decimalDigitsFor(2)).toBe(5);
    expect(decimalDecode('255')).toEqual(new Uint8Array([255]));
    expect(decimalDecode('256')).toBeNull(); // 3 digits = 1 byte, and 256 > 255
    expect(decimalDecode('0001')).toBeNull(); // no byte count spells in 4 digits
    expect(decimalDecode('12a')).toBeNull();
    expect(decimalDecode('-12')).toBeNull();
    expect(decimalDecode('')).toBeNull();
  });
});

describe('token wire format', () => {
  it('round-trips enterprise and staff claims in the v2 spelling', () => {
    const sig = new Uint8Array(64).fill(7);
    const e = assembleToken('enterprise', encodeTokenPayload(claims), sig);
    expect(e).toMatch(/^DQE2\.[0-9]+$/);
    expect(e.length).toBeLessThan(MAX_TOKEN_TEXT);
    const d = decodeToken(e);
    expect(d.ok && d.token.claims).toEqual(claims);
    expect(d.ok && [...d.token.signature]).toEqual([...sig]);

    const staff: TokenClaims = {
      ...claims,
      subject: { kind: 'staff', staffId: 'G007', role: 'admin' },
    };
    const s = assembleToken('staff', encodeTokenPayload(staff), sig);
    expect(s).toMatch(/^DQS2\.[0-9]+$/);
    const ds = decodeToken(s);
    expect(ds.ok && ds.token.claims).toEqual(staff);
  });

  it('still reads the v1 spelling (base64url) of the same signed bytes', () => {
    const sig = new Uint8Array(64).fill(9);
    const payload = encodeTokenPayload(claims);
    const v2 = decodeToken(assembleToken('enterprise', payload, sig));
    const v1 = decodeToken('DQE1.' + base64urlEncode(Uint8Array.from([...payload, ...sig])));
    expect(v1.ok && v2.ok).toBe(true);
    if (!v1.ok || !v2.ok) return;
    expect(v1.token.claims).toEqual(v2.token.claims);
    expect([...v1.token.signedMessage]).toEqual([...v2.token.signedMessage]);
    expect([...v1.token.signature]).toEqual([...v2.token.signature]);
    // A v1 body under a v2 prefix (and the reverse) is not a token.
    expect(decodeToken('DQE2.' + base64urlEncode(Uint8Array.from([...payload, ...sig]))).ok).toBe(
      false,
    );
  });

  it('an enterprise code is a smaller QR (fewer modules) in v2 than in v1, at ECC M', () => {
    const sig = new Uint8Array(64).fill(0xa5);
    const payload = encodeTokenPayload(claims);
    const v2 = assembleToken('enterprise', payload, sig);
    const v1 = 'DQE1.' + base64urlEncode(Uint8Array.from([...payload, ...sig]));
    const version = (t: string) => QRCode.create(t, { errorCorrectionLevel: 'M' }).version;
    expect(version(v2)).toBeLessThan(version(v1));
  });

  it('refuses a prefix that does not match the payload kind', () => {
    const payload = encodeTokenPayload(claims);
    const token = assembleToken('enterprise', payload, new Uint8Array(64));
    expect(decodeToken('DQS2.' + token.slice(5))).toEqual({ ok: false, reason: 'malformed' });
    const v1 = base64urlEncode(Uint8Array.from([...payload, ...new Uint8Array(64)]));
    expect(decodeToken('DQE1.' + v1).ok).toBe(true);
    expect(decodeToken('DQS1.' + v1)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses claims it cannot carry', () => {
    expect(() => encodeTokenPayload({ ...claims, kid: 'bad kid' })).toThrow(RangeError);
    expect(() => encodeTokenPayload({ ...claims, nonce: 'short' })).toThrow(RangeError);
    expect(() => encodeTokenPayload({ ...claims, exp: 2 ** 32 })).toThrow(RangeError);
    expect(() =>
      encodeTokenPayload({ ...claims, subject: { kind: 'staff', staffId: 'x y', role: 'guide' } }),
    ).toThrow(RangeError);
  });

  it('never throws on garbage, truncation or extension', () => {
    const good = assembleToken('enterprise', encodeTokenPayload(claims), new Uint8Array(64));
    for (let n = 0; n < good.length; n++) expect(decodeToken(good.slice(0, n)).ok).toBe(false);
    expect(decodeToken(good + '0000').ok).toBe(false);
    expect(decodeToken(good + '0').ok).toBe(false);
    expect(decodeToken('DQE2.' + '0'.repeat(MAX_TOKEN_TEXT))).toEqual({
      ok: false,
      reason: 'too-long',
    });
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.constantFrom('DQE2.', 'DQS2.', 'DQE1.', 'DQS1.', ''),
        (s, p) => {
          decodeToken(p + s);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('tickets', () => {
  it('formats and parses <kioskId>-<yyyymmdd>-<seq>', () => {
    const t = formatTicket('DQ01', '2025-06-12', 42);
    expect(t).toBe('DQ01-20250612-0042');
    expect(parseTicket(t)).toEqual({ ticket: t, kioskId: 'DQ01', date: '2025-06-12', seq: 42 });
    expect(formatTicket('TOWN07', new Date(2024, 1, 29), 123456)).toBe('TOWN07-20240229-123456');
    expect(ticketQrText(t, null)).toBe('DQT1.DQ01-20250612-0042');
    expect(ticketQrText(t, '048213')).toBe('DQT2.DQ01-20250612-0042.048213');
    expect(parseTicketQr('DQT2.DQ01-20250612-0042.048213')).toEqual({
      ticket: parseTicket(t),
      code: '048213',
    });
    expect(parseTicketQr('DQT1.DQ01-20250612-0042')).toEqual({
      ticket: parseTicket(t),
      code: null,
    });
    for (const bad of ['DQT2.DQ01-20250612-0042', 'DQT2.DQ01-20250612-0042.48213', 'DQT2..123456'])
      expect(parseTicketQr(bad)).toBeNull();
  });

  it('refuses impossible dates and sequences', () => {
    expect(parseTicket('DQ01-20250229-0001')).toBeNull();
    expect(parseTicket('DQ01-20251301-0001')).toBeNull();
    expect(parseTicket('DQ01-20250612-0000')).toBeNull();
    expect(parseTicket('dq01-20250612-0001')).toBeNull();
    expect(() => formatTicket('DQ01', '2025-06-12', 0)).toThrow(RangeError);
    expect(() => formatTicket('DQ01', '2025-02-30', 1)).toThrow(RangeError);
  });
});
