import { describe, expect, it } from 'vitest';
import {
  assembleToken,
  base64urlEncode,
  decimalDecode,
  decimalEncode,
  decodeToken,
  encodeTokenPayload,
} from '../../../../electron/domain/signed-token';
import {
  generateKeyPair,
  publicKeyOf,
  signToken,
  verifyToken,
  type TrustedKeys,
} from '../../../../electron/services/identity/tokens';

const T0 = new Date('2025-06-12T02:00:00Z');
const nowS = T0.getTime() / 1000;
const opts = { nowSeconds: nowS, skewSeconds: 30, maxLifetimeSeconds: 3600 };
const codeKey = generateKeyPair('code1');
const badgeKey = generateKeyPair('badge1');
const keys: TrustedKeys = {
  enterprise: { code1: codeKey.publicKey },
  staff: { badge1: badgeKey.publicKey },
};
const enterprise = { kind: 'enterprise' as const, uscc: '91330521DQ0000018A' };

function flipChar(token: string, index: number): string {
  const body = decimalDecode(token.slice(5)) as Uint8Array;
  body[index] = (body[index] as number) ^ 1;
  return token.slice(0, 5) + decimalEncode(body);
}

describe('signed tokens (Ed25519)', () => {
  it('a fresh token from a trusted key verifies, with a 5-minute default lifetime', () => {
    const { token, claims } = signToken({
      kid: 'code1',
      secretKey: codeKey.secretKey,
      subject: enterprise,
      issuedAt: T0,
    });
    expect(claims.exp - claims.iat).toBe(300);
    expect(verifyToken(token, keys, opts)).toEqual({ ok: true, kind: 'enterprise', claims });
    expect(publicKeyOf(codeKey.secretKey)).toBe(codeKey.publicKey);
  });

  it('each token gets its own nonce', () => {
    const a = signToken({
      kid: 'code1',
      secretKey: codeKey.secretKey,
      subject: enterprise,
      issuedAt: T0,
    });
    const b = signToken({
      kid: 'code1',
      secretKey: codeKey.secretKey,
      subject: enterprise,
      issuedAt: T0,
    });
    expect(a.claims.nonce).not.toBe(b.claims.nonce);
    expect(a.token).not.toBe(b.token);
  });

  it('a v1 (base64url) spelling of a signed token still verifies, as the same token', () => {
    const { token, claims } = signToken({
      kid: 'code1',
      secretKey: codeKey.secretKey,
      subject: enterprise,
      issuedAt: T0,
    });
    expect(token.startsWith('DQE2.')).toBe(true);
    const body = decimalDecode(token.slice(5)) as Uint8Array;
    const r = verifyToken('DQE1.' + base64urlEncode(body), keys, opts);
    expect(r.ok && r.claims.nonce).toBe(claims.nonce);
    body[10] = (body[10] as number) ^ 1;
    expect(verifyToken('DQE1.' + base64urlEncode(body), keys, opts).ok).toBe(false);
  });

  it('refuses a tampered token: any changed byte of payload or signature', () => {
    const { token } = signToken({
      kid: 'code1',
      secretKey: codeKey.secretKey,
      subject: enterprise,
      issuedAt: T0,
    });
    const len = (decimalDecode(token.slice(5)) as Uint8Array).length;
    for (let i = 0; i < len; i++) {
      const r = verifyToken(flipChar(token, i), keys, opts);
      expect(r.ok, `byte ${i}`).toBe(false);
    }
    // Another enterprise's code under the original signature: well-formed, but not signed.
    const d = decodeToken(token);
    if (!d.ok) throw new Error('decode failed');
    const forged = assembleToken(
      'enterprise',
      encodeTokenPayload({
        ...d.token.claims,
        subject: { kind: 'enterprise', uscc: '91330521DQ00000265' },
      }),
      d.token.signature,
    );
    expect(decodeToken(forged).ok).toBe(true);
    expect(verifyToken(forged, keys, opts)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a token signed by an unknown key, or by a badge key as an enterprise code', () => {
    const stranger = generateKeyPair('code1');
    const cases = [
      { kid: 'code1', secretKey: stranger.secretKey, reason: 'bad-signature' },
      { kid: 'nokey', secretKey: codeKey.secretKey, reason: 'unknown-key' },
      // The badge key id is not among the enterprise keys.
      { kid: 'badge1', secretKey: badgeKey.secretKey, reason: 'unknown-key' },
      { kid: '__proto__', secretKey: codeKey.secretKey, reason: 'unknown-key' },
    ];
    for (const { kid, secretKey, reason } of cases) {
      const { token } = signToken({ kid, secretKey, subject: enterprise, issuedAt: T0 });
      expect(verifyToken(token, keys, opts), kid).toMatchObject({ ok: false, reason });
    }
  });

  it('honours expiry and issue time within the clock skew', () => {
    const sign = (issuedAt: Date, ttlSeconds = 300) =>
      signToken({
        kid: 'code1',
        secretKey: codeKey.secretKey,
        subject: enterprise,
        issuedAt,
        ttlSeconds,
      }).token;
    const at = (s: number) => new Date(T0.getTime() + s * 1000);
    expect(verifyToken(sign(at(-300 - 29)), keys, opts).ok).toBe(true); // expired 29 s ago: skew
    expect(verifyToken(sign(at(-300 - 31)), keys, opts)).toMatchObject({ reason: 'expired' });
    expect(verifyToken(sign(at(29)), keys, opts).ok).toBe(true); // issuer clock 29 s ahead
    expect(verifyToken(sign(at(31)), keys, opts)).toMatchObject({ reason: 'not-yet-valid' });
    expect(verifyToken(sign(T0, 3601), keys, opts)).toMatchObject({ reason: 'bad-lifetime' });
  });

  it('staff badges carry id and role and verify against the staff keys only', () => {
    const { token, claims } = signToken({
      kid: 'badge1',
      secretKey: badgeKey.secretKey,
      subject: { kind: 'staff', staffId: 'G007', role: 'guide' },
      issuedAt: T0,
    });
    expect(verifyToken(token, keys, opts)).toEqual({ ok: true, kind: 'staff', claims });
    const noStaffKeys: TrustedKeys = { enterprise: { badge1: badgeKey.publicKey }, staff: {} };
    expect(verifyToken(token, noStaffKeys, opts)).toMatchObject({
      ok: false,
      reason: 'unknown-key',
    });
  });

  it('refuses garbage without throwing', () => {
    for (const t of [
      '',
      'DQE2.',
      'DQE2.!!!',
      'DQE1.',
      'DQS1.' + 'A'.repeat(150),
      'DQS2.' + '9'.repeat(330),
      'hello',
    ])
      expect(verifyToken(t, keys, opts)).toMatchObject({ ok: false, reason: 'malformed-token' });
  });
});
