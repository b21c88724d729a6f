// Signed content bundles: the catalog (seeds/*.json), a year's holiday calendar (调休) and a
// whitelist of config keys, travelling from the back office (or an operator's USB stick) to the
// kiosks as one versioned file signed with an Ed25519 key the kiosks trust (`content.publicKeys`).
// Shared by the kiosk (which verifies), kioskctl (which signs) and the back office (which stores
// and hands out, and checks the envelope on publish). Node-free apart from TextEncoder/atob-free
// base64url helpers from domain; no Electron, no services.
//
// The file (docs/content-bundles.md):
//
//   { "format": "dq-content/1", "keyId": "<key id>", "signature": "<base64url, 64 bytes>",
//     "payload": "<base64url of the payload's UTF-8 JSON>" }
//
// The signature covers SIGNING_CONTEXT ‖ the payload's exact bytes: no canonical JSON is needed,
// and a signature made for another use of Ed25519 here (enterprise codes, update manifests)
// can never pass as a content signature, nor the other way round.
import { ed25519 } from '@noble/curves/ed25519.js';
import { z } from 'zod';
import { CATALOG_FILES } from '../domain/catalog';
import { base64urlDecode, base64urlEncode } from '../domain/signed-token';

export const CONTENT_FORMAT = 'dq-content/1';
/** Domain separation: prefixed to the payload bytes before signing. */
export const SIGNING_CONTEXT = 'DQ-CONTENT-V1\n';
/**
 * A bundle must fit in one kiosk-API reply (the kiosk reads at most 2 MiB) with room to spare;
 * the whole built-in catalog is about 250 kB.
 */
export const MAX_BUNDLE_BYTES = 1_500_000;

/**
 * The config keys a bundle may set, fleet-wide. Never anything that decides what the kiosk
 * trusts or where it talks to (identity keys, back office, updates, content keys): a bundle
 * cannot widen its own trust.
 */
export const CONTENT_CONFIG_KEYS = [
  'centerName',
  'locationName',
  'hours.weekly',
  'help.hotline',
  'help.responseMinutes',
  'catalog.feedbackDays',
  'voice.responseDays',
  'sound.quietHours',
] as const;
export type ContentConfigKey = (typeof CONTENT_CONFIG_KEYS)[number];

const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;

export const ContentEnvelopeSchema = z.strictObject({
  format: z.literal(CONTENT_FORMAT),
  keyId: z.string().regex(KEY_ID, 'key id: 1–16 of A–Z a–z 0–9 _ -'),
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'base64url Ed25519 signature'),
  payload: z.string().min(1).max(MAX_BUNDLE_BYTES),
});
export type ContentEnvelope = z.infer<typeof ContentEnvelopeSchema>;

const YEAR = z.string().regex(/^20\d\d$/, 'a year, e.g. 2027');

/**
 * What a bundle carries. A bundle is the whole managed content, not a delta: what it leaves out
 * is the built-in version again once it is applied (so one bundle never depends on another).
 * Each part is checked by the kiosk before anything is replaced: catalog files against the
 * catalog's schemas and cross-references, calendars against the holiday file schema, config
 * values against the config's own schema.
 */
export const ContentPayloadSchema = z.strictObject({
  /** Increases with every bundle published; a kiosk never goes back to a lower one. */
  version: z.number().int().min(1).max(2_147_483_647),
  createdAt: z.iso.datetime({ offset: true }),
  /** What changed, for the operators (shown in status and logs). */
  note: z.string().max(500).optional(),
  /** Seed files replacing the built-in ones (any subset of them). */
  catalog: z.partialRecord(z.enum(CATALOG_FILES), z.unknown()).optional(),
  /** Official holiday schedules by year: `{ "2027": { "holidays": {…}, "workdays": {…} } }`. */
  calendars: z.record(YEAR, z.unknown()).optional(),
  /** Whitelisted config keys (dotted paths) and their values. */
  config: z.partialRecord(z.enum(CONTENT_CONFIG_KEYS), z.unknown()).optional(),
});
export type ContentPayload = z.infer<typeof ContentPayloadSchema>;

export type ContentRefusal =
  'not-json' | 'unsigned' | 'malformed' | 'untrusted-key' | 'bad-signature' | 'invalid-payload';

export class ContentBundleError extends Error {
  constructor(
    readonly reason: ContentRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'ContentBundleError';
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function signedBytes(payloadBytes: Uint8Array): Uint8Array {
  const context = encoder.encode(SIGNING_CONTEXT);
  const out = new Uint8Array(context.length + payloadBytes.length);
  out.set(context, 0);
  out.set(payloadBytes, context.length);
  return out;
}

/** Signs a payload (checked against the schema first); returns the bundle file's text. */
export function signContentBundle(
  payload: ContentPayload,
  key: { kid: string; secretKey: Uint8Array },
): string {
  const checked = ContentPayloadSchema.parse(payload);
  const bytes = encoder.encode(JSON.stringify(checked));
  const envelope: ContentEnvelope = {
    format: CONTENT_FORMAT,
    keyId: key.kid,
    signature: base64urlEncode(ed25519.sign(signedBytes(bytes), key.secretKey)),
    payload: base64urlEncode(bytes),
  };
  const text = JSON.stringify(envelope, null, 2) + '\n';
  if (encoder.encode(text).length > MAX_BUNDLE_BYTES)
    throw new ContentBundleError('malformed', `the bundle is over ${MAX_BUNDLE_BYTES} bytes`);
  return text;
}

function zodText(e: z.ZodError): string {
  return e.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** The envelope, read but not verified (what the back office checks on publish). */
export function readContentEnvelope(text: string): ContentEnvelope {
  if (encoder.encode(text).length > MAX_BUNDLE_BYTES + 4096)
    throw new ContentBundleError('malformed', `the bundle is over ${MAX_BUNDLE_BYTES} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ContentBundleError('not-json', 'the bundle is not JSON');
  }
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    // A payload with no signature at all is told apart from a damaged one: the operator's fix
    // differs (sign it, or fetch it again).
    if (!('signature' in o) || o.signature === null || o.signature === '')
      throw new ContentBundleError('unsigned', 'the bundle carries no signature');
  }
  const parsed = ContentEnvelopeSchema.safeParse(raw);
  if (!parsed.success) throw new ContentBundleError('malformed', zodText(parsed.error));
  return parsed.data;
}

/** Decodes and schema-checks the payload of an envelope (not the signature). */
export function payloadOf(envelope: ContentEnvelope): ContentPayload {
  const bytes = base64urlDecode(envelope.payload);
  if (!bytes) throw new ContentBundleError('malformed', 'the payload is not base64url');
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new ContentBundleError('invalid-payload', 'the payload is not UTF-8 JSON');
  }
  const parsed = ContentPayloadSchema.safeParse(raw);
  if (!parsed.success) throw new ContentBundleError('invalid-payload', zodText(parsed.error));
  return parsed.data;
}

/**
 * Verifies a bundle's signature against the trusted keys (key id → base64url public key), then
 * decodes and schema-checks its payload. Throws ContentBundleError saying why it is refused.
 */
export function openContentBundle(
  text: string,
  trustedKeys: Readonly<Record<string, string>>,
): { payload: ContentPayload; keyId: string } {
  const envelope = readContentEnvelope(text);
  const pub = Object.hasOwn(trustedKeys, envelope.keyId) ? trustedKeys[envelope.keyId] : undefined;
  if (!pub)
    throw new ContentBundleError(
      'untrusted-key',
      `signed with key ${envelope.keyId}, which content.publicKeys does not trust`,
    );
  const pubBytes = base64urlDecode(pub);
  const sig = base64urlDecode(envelope.signature);
  const bytes = base64urlDecode(envelope.payload);
  let good = false;
  try {
    good =
      !!pubBytes &&
      pubBytes.length === 32 &&
      !!sig &&
      !!bytes &&
      ed25519.verify(sig, signedBytes(bytes), pubBytes, { zip215: false });
  } catch {
    good = false;
  }
  if (!good)
    throw new ContentBundleError(
      'bad-signature',
      `the signature (key ${envelope.keyId}) does not verify: the bundle was altered or signed with another key`,
    );
  return { payload: payloadOf(envelope), keyId: envelope.keyId };
}
