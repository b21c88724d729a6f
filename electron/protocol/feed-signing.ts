// Signed feeds from the back office to a kiosk (the profile deltas; the content bundles may use
// the same envelope). The kiosk's calls are signed by the kiosk (signing.ts); what the back office
// hands back in a feed is signed by the back office with the same per-kiosk secret, so a kiosk
// applies only what its own back office made for it: a proxy or cache in between that alters,
// replays another kiosk's or truncates a page is refused.
//
// The envelope is `{ "payload": "<JSON text>", "signature": "v1=<hex>" }`: the payload travels as
// a string so that both sides sign the very same bytes, and the signature is HMAC-SHA256 over
//
//   DQKIOSK-FEED-HMAC-SHA256-V1
//   <feed name>                   e.g. profiles
//   <kiosk id>
//   <hex SHA-256 of the payload>
import crypto from 'node:crypto';
import { z } from 'zod';

export const FEED_SIGNATURE_SCHEME = 'DQKIOSK-FEED-HMAC-SHA256-V1';

export const signedFeedSchema = z.strictObject({
  payload: z.string(),
  signature: z.string().regex(/^v1=[0-9a-f]{64}$/),
});
export type SignedFeed = z.infer<typeof signedFeedSchema>;

function mac(secret: string, feed: string, kioskId: string, payload: string): Buffer {
  const digest = crypto.createHash('sha256').update(payload).digest('hex');
  return crypto
    .createHmac('sha256', secret)
    .update([FEED_SIGNATURE_SCHEME, feed, kioskId, digest].join('\n'))
    .digest();
}

/** The back office's side: the payload serialized once and signed for one kiosk. */
export function signFeed(
  secret: string,
  feed: string,
  kioskId: string,
  payload: unknown,
): SignedFeed {
  const text = JSON.stringify(payload);
  return { payload: text, signature: `v1=${mac(secret, feed, kioskId, text).toString('hex')}` };
}

/**
 * The kiosk's side: the payload, parsed, when the envelope is well-formed and its signature is
 * the back office's for this kiosk and feed; else why not.
 */
export function openFeed(
  secret: string,
  feed: string,
  kioskId: string,
  doc: unknown,
): { ok: true; payload: unknown } | { ok: false; reason: 'malformed' | 'bad-signature' } {
  const env = signedFeedSchema.safeParse(doc);
  if (!env.success) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(env.data.signature.slice(3), 'hex');
  const expected = mac(secret, feed, kioskId, env.data.payload);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature' };
  try {
    return { ok: true, payload: JSON.parse(env.data.payload) };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}
