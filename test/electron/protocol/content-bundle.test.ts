import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../../electron/domain/signed-token';
import {
  ContentBundleError,
  openContentBundle,
  readContentEnvelope,
  signContentBundle,
  type ContentPayload,
} from '../../../electron/protocol/content-bundle';

function keyPair(kid: string) {
  const { secretKey, publicKey } = ed25519.keygen();
  return { kid, secretKey, publicKey: base64urlEncode(publicKey) };
}

const payload: ContentPayload = {
  version: 3,
  createdAt: '2026-12-01T08:00:00+08:00',
  note: '2027 调休',
  calendars: { '2027': { holidays: { '2027-01-01': '元旦' }, workdays: {} } },
  config: { 'help.hotline': '0572-8888888' },
};

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ContentBundleError) return e.reason;
    throw e;
  }
  return 'accepted';
}

describe('content bundles', () => {
  const key = keyPair('c1');
  const trusted = { c1: key.publicKey };

  it('opens a bundle signed with a trusted key, payload intact', () => {
    const text = signContentBundle(payload, key);
    const opened = openContentBundle(text, trusted);
    expect(opened.keyId).toBe('c1');
    expect(opened.payload).toEqual(payload);
  });

  it('refuses a bundle whose payload was altered after signing', () => {
    const env = JSON.parse(signContentBundle(payload, key)) as Record<string, string>;
    const bytes = base64urlDecode(env.payload as string) as Uint8Array;
    const tampered = new TextDecoder().decode(bytes).replace('0572-8888888', '0572-6666666');
    env.payload = base64urlEncode(new TextEncoder().encode(tampered));
    expect(refusal(() => openContentBundle(JSON.stringify(env), trusted))).toBe('bad-signature');
  });

  it('refuses a bundle with no signature, and one signed by a key it does not trust', () => {
    const env = JSON.parse(signContentBundle(payload, key)) as Record<string, unknown>;
    const { signature: _dropped, ...unsigned } = env;
    expect(refusal(() => openContentBundle(JSON.stringify(unsigned), trusted))).toBe('unsigned');
    const other = keyPair('c1');
    expect(refusal(() => openContentBundle(signContentBundle(payload, other), trusted))).toBe(
      'bad-signature',
    );
    expect(refusal(() => openContentBundle(signContentBundle(payload, key), {}))).toBe(
      'untrusted-key',
    );
  });

  it('refuses what is not a bundle, and a signed payload that breaks the schema', () => {
    expect(refusal(() => openContentBundle('{nope', trusted))).toBe('not-json');
    expect(refusal(() => readContentEnvelope('{"signature":"x","payload":"y"}'))).toBe('malformed');
    // Signed correctly, but a config key outside the whitelist: refused by the schema.
    const bytes = new TextEncoder().encode(
      JSON.stringify({ ...payload, config: { 'backOffice.endpoint': 'https://evil.example' } }),
    );
    const sig = ed25519.sign(
      new Uint8Array([...new TextEncoder().encode('DQ-CONTENT-V1\n'), ...bytes]),
      key.secretKey,
    );
    const text = JSON.stringify({
      format: 'dq-content/1',
      keyId: 'c1',
      signature: base64urlEncode(sig),
      payload: base64urlEncode(bytes),
    });
    expect(refusal(() => openContentBundle(text, trusted))).toBe('invalid-payload');
    expect(() => signContentBundle({ ...payload, version: 0 }, key)).toThrow();
  });

  it('never accepts a signature over the bare payload (another use of the same key)', () => {
    const env = JSON.parse(signContentBundle(payload, key)) as Record<string, string>;
    const bytes = base64urlDecode(env.payload as string) as Uint8Array;
    env.signature = base64urlEncode(ed25519.sign(bytes, key.secretKey));
    expect(refusal(() => openContentBundle(JSON.stringify(env), trusted))).toBe('bad-signature');
  });
});
