// What travels in POST /v1/submissions (and /v1/submission-batches), as schemas: the envelope (docs/back-office-api.yaml,
// `Submission`) and the body of each kind (docs/requests.md, docs/back-office-queue.md). The kiosk
// builds these bodies (services/requests/request-wire.ts, services/voice, services/guide); a test
// parses what it builds with these schemas, and the back office refuses what does not parse, so
// the two sides cannot drift. Bodies are loose objects: a newer kiosk may add fields.
import { z } from 'zod';
import { BOARD_IDS } from '../domain/catalog';
import { parseTicket } from '../domain/ticket';
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_ITEMS,
  MAX_BODY_BYTES,
  SUBMISSION_KINDS,
  VERDICTS,
  type SubmissionKind,
} from '../domain/sync';

/** Largest call (request body bytes) the back office reads. */
export const MAX_CALL_BYTES = 256 * 1024;
export { MAX_BODY_BYTES };

/** As the protocol writes it: lower-case hex, any version (the kiosk sends v4). */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const uuid = z.string().regex(UUID_RE, 'not a lower-case UUID');
const instant = z.iso.datetime({ offset: true });
const day = z.iso.date();
const text = (max: number) => z.string().max(max);
const ticket = z
  .string()
  .max(40)
  .refine((t) => parseTicket(t) !== null, 'not a ticket number (DQ01-20260302-0001)');

/** The envelope. `kind` is checked apart, so an unknown kind gets its own message. */
export const wireSubmissionSchema = z.strictObject({
  id: uuid,
  kind: z.string().max(40),
  kioskId: z.string().max(12),
  createdAt: instant,
  body: z.record(z.string(), z.unknown()),
});

/**
 * The envelope whose body is already known to be what the record above accepts unchanged: the
 * same checks of every other field, without copying the body key by key (a good part of the cost
 * of checking an item, and the body's own schema reads it next anyway).
 */
const envelopeOfPlainBody = wireSubmissionSchema.extend({ body: z.unknown() });

/**
 * True when `wireSubmissionSchema` takes this body as it is: a plain object (as JSON.parse makes)
 * with neither symbol keys nor an own `__proto__`, which the record refuses or drops.
 */
function plainBody(body: unknown): body is Record<string, unknown> {
  return (
    typeof body === 'object' &&
    body !== null &&
    Object.getPrototypeOf(body) === Object.prototype &&
    !Object.hasOwn(body, '__proto__') &&
    Object.getOwnPropertySymbols(body).length === 0
  );
}

type WireEnvelope = z.infer<typeof wireSubmissionSchema>;

/** wireSubmissionSchema.safeParse, its body left as received when nothing in it can change. */
function parseEnvelope(doc: unknown): z.ZodSafeParseResult<WireEnvelope> {
  const body = doc && typeof doc === 'object' ? (doc as { body?: unknown }).body : undefined;
  return plainBody(body)
    ? (envelopeOfPlainBody.safeParse(doc) as z.ZodSafeParseResult<WireEnvelope>)
    : wireSubmissionSchema.safeParse(doc);
}

export const requestBodySchema = z.looseObject({
  schema: z.literal('deqing.request/1'),
  requestId: uuid,
  ticket,
  createdAt: instant,
  kind: z.enum(['bundle', 'consultation', 'appeal']),
  title: text(200),
  bundleId: text(80).nullable(),
  measureNo: z.number().int().min(1).max(9999).nullable(),
  catalogVersion: text(120).nullable().optional(),
  services: z
    .array(
      z.looseObject({
        name: text(1000),
        kind: z.enum(['basic', 'value-added']),
        department: text(200),
      }),
    )
    .max(200),
  answers: z.record(z.string().max(80), z.boolean()),
  applicant: z.looseObject({
    audience: z.enum(['anonymous', 'public', 'enterprise', 'staff']),
    verified: z.boolean(),
    founder: z.boolean(),
    uscc: text(18).nullable(),
    enterpriseName: text(200).nullable(),
  }),
  contact: z.looseObject({ phone: text(20).nullable(), name: text(40).nullable() }),
  routing: z.looseObject({
    board: z.enum(BOARD_IDS),
    boardName: text(40),
    module: text(80).nullable(),
    leadDepartments: z.array(text(80)).max(20),
    station: text(80).nullable().optional(),
  }),
  assistedBy: text(40).nullable(),
  promise: z.looseObject({
    workingDays: z.number().int().min(0).max(365),
    countsFrom: day,
    dueDate: day,
    reason: z.enum(['in-hours', 'after-hours', 'weekend', 'holiday']),
    calendarCertain: z.boolean(),
  }),
  appeal: z
    .looseObject({
      category: text(40),
      categoryName: text(80).optional(),
      topic: text(80).nullable(),
      topicText: text(200).nullable().optional(),
      text: text(1000).nullable(),
    })
    .optional(),
});
export type RequestBody = z.infer<typeof requestBodySchema>;

export const requestCancelBodySchema = z.looseObject({
  schema: z.literal('deqing.request-cancel/1'),
  requestId: uuid,
  ticket,
  cancelledAt: instant,
  cancelledBy: text(40),
  reason: text(500),
});
export type RequestCancelBody = z.infer<typeof requestCancelBodySchema>;

export const helpCallBodySchema = z.looseObject({
  schema: z.literal('deqing.help-call/1'),
  helpCallId: uuid,
  kioskId: z.string().max(12),
  at: instant,
  screen: text(80),
  centerName: text(200),
  locationName: text(200),
});

export const ratingBodySchema = z.looseObject({
  schema: z.literal('deqing.rating/1'),
  ratingId: uuid,
  requestId: uuid,
  ticket,
  requestKind: z.enum(['bundle', 'consultation', 'appeal']),
  bundleId: text(80).nullable(),
  board: z.enum(BOARD_IDS),
  occasion: text(40),
  level: z.enum(VERDICTS),
  score: z.number().int().min(1).max(5),
  reasons: z.array(text(80)).max(20),
  ratedAt: instant,
  followUp: z.boolean(),
});

export const BODY_SCHEMAS = {
  request: requestBodySchema,
  'request-cancel': requestCancelBodySchema,
  'help-call': helpCallBodySchema,
  rating: ratingBodySchema,
} as const satisfies Record<SubmissionKind, z.ZodType>;

export interface ParsedSubmission {
  id: string;
  kind: SubmissionKind;
  kioskId: string;
  createdAt: string;
  body: Record<string, unknown>;
}

/** Why an envelope is refused (the protocol's `invalid-envelope`), in words for staff. */
export type EnvelopeCheck = { ok: true; value: ParsedSubmission } | { ok: false; message: string };

const issuesText = (e: z.ZodError, prefix = ''): string =>
  e.issues
    .slice(0, 5)
    .map(
      (i) =>
        `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)'}: ${i.message}`,
    )
    .join('; ');

/** A submission's body over the protocol's 64 KiB (serialized, UTF-8): refused `too-large`. */
export function bodyTooLarge(body: unknown): boolean {
  return serializedBodyTooLarge(JSON.stringify(body));
}

/** bodyTooLarge of a body already serialized (`JSON.stringify(body)`). */
export function serializedBodyTooLarge(text: string): boolean {
  return Buffer.byteLength(text) > MAX_BODY_BYTES;
}

/**
 * Checks one envelope as the protocol says: its shape, its kioskId equal to the signer, a known
 * kind, and the body of that kind. Messages name fields, never values (they may be personal data).
 */
export function checkEnvelope(doc: unknown, ctx: { kioskId: string }): EnvelopeCheck {
  return checkParsed(parseEnvelope(doc), ctx);
}

function checkParsed(
  env: z.ZodSafeParseResult<WireEnvelope>,
  ctx: { kioskId: string },
): EnvelopeCheck {
  if (!env.success) return { ok: false, message: issuesText(env.error) };
  const e = env.data;
  if (e.kioskId !== ctx.kioskId) return { ok: false, message: 'kioskId: differs from X-Kiosk-Id' };
  if (!(SUBMISSION_KINDS as readonly string[]).includes(e.kind))
    return { ok: false, message: `kind: unknown kind (${SUBMISSION_KINDS.join(', ')})` };
  const kind = e.kind as SubmissionKind;
  const body = BODY_SCHEMAS[kind].safeParse(e.body);
  if (!body.success) return { ok: false, message: issuesText(body.error, 'body') };
  if (kind === 'request' && e.body.requestId !== e.id)
    return { ok: false, message: 'body.requestId: differs from id' };
  return { ok: true, value: { ...e, kind } };
}

/** A single submission call: the envelope, and its id equal to the Idempotency-Key. */
export function checkSubmission(
  doc: unknown,
  ctx: { idempotencyKey: string | null; kioskId: string },
): EnvelopeCheck {
  const env = parseEnvelope(doc);
  if (env.success && env.data.id !== ctx.idempotencyKey)
    return { ok: false, message: 'id: differs from Idempotency-Key' };
  return checkParsed(env, ctx);
}

// ---- POST /v1/submission-batches --------------------------------------------------------------
//
// Several submissions in one signed call (no Idempotency-Key: each item's `id` is its key). The
// back office stores the batch in one transaction and answers every item, in the order sent, in
// one 200 reply (`BatchReply` in domain/sync.ts). An item refused for its content (invalid, too
// large, an id used for different content) is refused alone; the others are stored. A call-level
// refusal (signature, clock, kiosk; `invalid-batch` when the document is not a batch at all)
// concerns every item, and nothing of the batch is stored.

/** The batch document: the items are checked one by one (checkEnvelope), so each may fail alone. */
export const wireBatchSchema = z.strictObject({
  submissions: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS),
});
export { MAX_BATCH_ITEMS, MAX_BATCH_BYTES };

/** A batch call's body checked as a whole (`invalid-batch` when not): its items, unchecked. */
export type BatchCheck = { ok: true; items: unknown[] } | { ok: false; message: string };

/**
 * The batch document as the protocol says: JSON, `{ submissions: [...] }` with 1 to
 * MAX_BATCH_ITEMS items, and no id twice. The items themselves are checked one by one
 * (checkEnvelope), so each may be refused alone.
 */
export function checkBatch(text: string): BatchCheck {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, message: 'body is not JSON' };
  }
  const parsed = wireBatchSchema.safeParse(doc);
  if (!parsed.success) return { ok: false, message: issuesText(parsed.error) };
  const seen = new Set<string>();
  for (const item of parsed.data.submissions) {
    const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') continue;
    if (seen.has(id)) return { ok: false, message: 'submissions: the same id more than once' };
    seen.add(id);
  }
  return { ok: true, items: parsed.data.submissions };
}
