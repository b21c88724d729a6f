// The back-office protocol's shapes (docs/back-office-api.yaml), shared by the kiosk's sync
// services, the guide-mode panel and the reference receiver in test/. Node-free.
import { z } from 'zod';

/**
 * What travels through the outbox. A new kind is one more entry here (additive) and one more enum
 * value in docs/back-office-api.yaml. Heartbeats are not queued: only the latest one matters, so
 * they go straight to their own endpoint.
 */
export const SUBMISSION_KINDS = ['request', 'help-call', 'rating', 'request-cancel'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

/** Largest body (serialized JSON, UTF-8 bytes) one envelope may carry. */
export const MAX_BODY_BYTES = 64 * 1024;

/** What a feature hands to `sync.enqueue(tx, envelope)`. `id` is the idempotency key. */
export const envelopeSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(SUBMISSION_KINDS),
    body: z.record(z.string(), z.unknown()),
  })
  .strict();
export type Envelope = z.infer<typeof envelopeSchema>;

/** The JSON the kiosk POSTs to /v1/submissions. */
export interface WireSubmission {
  id: string;
  kind: SubmissionKind;
  kioskId: string;
  /** When the kiosk stored it (ISO 8601), not when this attempt was made. */
  createdAt: string;
  body: Record<string, unknown>;
}

/**
 * How the back office reports a submission's progress. `returned` carries a note (what to fix);
 * `follow-up` (回访) records the call back and the enterprise's verdict.
 */
export const SUBMISSION_STATUSES = [
  'received',
  'accepted',
  'in-progress',
  'completed',
  'returned',
  'follow-up',
] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** The five 好差评 levels, reused for the 回访 verdict. */
export const VERDICTS = [
  'very-satisfied',
  'satisfied',
  'basically-satisfied',
  'unsatisfied',
  'very-unsatisfied',
] as const;
export type Verdict = (typeof VERDICTS)[number];

export const statusChangeSchema = z
  .object({
    /** Unique per change at the back office; the kiosk applies each change once. */
    changeId: z.string().min(1).max(100),
    submissionId: z.uuid(),
    kind: z.enum(SUBMISSION_KINDS).nullable().default(null),
    status: z.enum(SUBMISSION_STATUSES),
    note: z.string().max(500).nullable().default(null),
    verdict: z.enum(VERDICTS).nullable().default(null),
    /** When the back office made the change (ISO 8601). */
    at: z.iso.datetime({ offset: true }),
  })
  .refine((c) => c.status !== 'returned' || (c.note !== null && c.note.length > 0), {
    message: 'a returned submission needs a note',
    path: ['note'],
  })
  .refine((c) => c.status !== 'follow-up' || c.verdict !== null, {
    message: 'a follow-up needs a verdict',
    path: ['verdict'],
  });
export type StatusChange = z.output<typeof statusChangeSchema>;

/** One page of GET /v1/status-changes. Changes are validated one by one (see the puller). */
export const statusPageSchema = z.object({
  changes: z.array(z.unknown()).max(1000),
  nextCursor: z.string().min(1).max(200),
  hasMore: z.boolean(),
});

/**
 * Submissions one POST /v1/submission-batches call carries at most, and the most bytes of
 * serialized items a kiosk packs into one (under the back office's 256 KiB a call, with room for
 * the wrapper). One item always goes alone whatever its size.
 */
export const MAX_BATCH_ITEMS = 50;
export const MAX_BATCH_BYTES = 192 * 1024;

/** Refusal codes that concern one item of a batch (the rest of the batch is stored). */
export const ITEM_REFUSALS = ['invalid-envelope', 'too-large', 'conflict'] as const;

/** The answer to one item of a batch, in the order sent. */
export const batchItemResultSchema = z.discriminatedUnion('result', [
  z.object({
    id: z.string().max(64),
    result: z.enum(['accepted', 'duplicate']),
    receivedAt: z.string().max(40),
  }),
  z.object({
    id: z.string().max(64).nullable(),
    result: z.literal('refused'),
    error: z.object({ code: z.enum(ITEM_REFUSALS), message: z.string().max(2000) }),
  }),
]);
export type BatchItemResult = z.output<typeof batchItemResultSchema>;

/** The 200 reply to POST /v1/submission-batches: one result per item sent, in order. */
export const batchReplySchema = z.object({
  results: z.array(batchItemResultSchema).max(MAX_BATCH_ITEMS),
});
export type BatchReply = z.output<typeof batchReplySchema>;

/** A refusal from the back office, as documented: `{ error: { code, message } }`. */
export const protocolErrorSchema = z.object({
  error: z.object({ code: z.string().min(1).max(100), message: z.string().max(2000) }),
});

/** Refusal codes that concern the kiosk as a whole (credentials, clock), not one item. */
export const KIOSK_LEVEL_ERRORS = [
  'missing-headers',
  'bad-signature',
  'stale-timestamp',
  'replayed',
  'unknown-kiosk',
  'kiosk-disabled',
] as const;

export interface DeadLetter {
  id: string;
  kind: SubmissionKind;
  /** The request's ticket when the item carries one (a request, a cancel notice). */
  ticket?: string | null;
  attempts: number;
  /** Why the back office refused it, as it said (status, code, message). */
  reason: string;
  createdAt: string;
  deadAt: string;
}

/** What guide mode and `kioskctl sync status` show. Never contains the secret. */
export interface SyncStatus {
  /** `single-site`: no back office configured; guide mode is the console. */
  mode: 'single-site' | 'back-office';
  /** The back office's origin (scheme, host, port), or null. */
  endpoint: string | null;
  /** A configuration problem that keeps the kiosk from sending (e.g. no secret). */
  problem: string | null;
  backlog: {
    pending: number;
    oldestPendingAt: string | null;
    byKind: Partial<Record<SubmissionKind, number>>;
  };
  delivered: number;
  deadLetterCount: number;
  /** The newest dead letters, at most 50. */
  deadLetters: DeadLetter[];
  /** Last time the back office answered at all (any signed exchange that got a reply). */
  lastContactAt: string | null;
  lastError: { at: string; message: string } | null;
  lastPullAt: string | null;
  lastHeartbeatAt: string | null;
}
