// Stores one verified submission exactly once and files it: a request goes into its queue, a
// cancel notice closes its request (in whichever order the two arrive), help calls and ratings
// are kept as they came. The nonce, the submission, its filing and its `received` status change
// commit together, so a 201 means all of it is durable, and a failure means none of it is. A new
// request, help call or rating from a kiosk whose secret the caller names is stored by a single
// statement (intake-repository); a cancel notice, or a caller naming no secret, by a transaction.
// A batch of submissions is stored the same ways, all of it in one statement or one transaction.
import crypto from 'node:crypto';
import type {
  ParsedSubmission,
  RequestBody,
  RequestCancelBody,
} from '../../../electron/protocol/wire';
import { isRetryable, type Database, type Sql } from '../db/database';
import {
  kioskStillValid,
  storeNewBatch,
  storeNewSubmission,
  type Filing,
  type NewIntake,
  type StoreOutcome,
} from '../repositories/intake-repository';
import { rememberNonce } from '../repositories/kiosk-repository';
import {
  cancelOf,
  insertCancel,
  insertRequest,
  lockRequest,
  type NewRequest,
  setRequestStatus,
} from '../repositories/request-repository';
import { appendChange } from '../repositories/status-change-repository';
import {
  countDelivery,
  countResends,
  getSubmission,
  insertSubmission,
} from '../repositories/submission-repository';
import type { CenterRules } from './center-rules';
import { followUpOf, openFollowUp } from './open-follow-up';
import { routeRequest } from './route-request';

/** What became of one submission (alone or in a batch). */
export type ItemOutcome =
  | { type: 'accepted'; receivedAt: string }
  | { type: 'duplicate'; receivedAt: string }
  | { type: 'conflict' };

export type SubmitOutcome =
  | ItemOutcome
  /** Only with `verifiedWith`: the kiosk is no longer enabled with that secret; nothing stored. */
  | { type: 'stale' }
  | { type: 'replayed' };

/** A submission to store, and how its content is recognised when it comes again. */
export interface ItemInput {
  submission: ParsedSubmission;
  /**
   * SHA-256 of the envelope's serialization as parsed (`JSON.stringify` of the received
   * document): a resend is the same submission only with the same content, whether it came alone
   * or in a batch.
   */
  bodySha256: string;
  /**
   * SHA-256 of the exact bytes of a single call, when they differ from that serialization: what
   * the back office stored as the hash before batches existed, still recognised on a resend.
   */
  bytesSha256?: string;
  /** `JSON.stringify(submission.body)`, when the caller has made it already. */
  bodyJson?: string;
}

export interface SubmitInput extends ItemInput {
  kioskId: string;
  nonce: string;
  now: string;
  /**
   * The secret the call's signature was checked against, when the kiosk was looked up before
   * this call: the kiosk must still be enabled with it when the submission is stored.
   */
  verifiedWith?: string;
}

/** The request a submission files, as received (a cancel that came first is applied on insert). */
function newRequestOf(s: ParsedSubmission, rules: CenterRules, now: string): NewRequest {
  const body = s.body as RequestBody;
  const routed = routeRequest(body, rules);
  return {
    id: s.id,
    kioskId: s.kioskId,
    ticket: body.ticket,
    kind: body.kind,
    title: body.title,
    bundleId: body.bundleId,
    measureNo: body.measureNo,
    appealCategory: body.appeal?.category ?? null,
    board: routed.routing.board,
    boardName: routed.routing.boardName,
    module: routed.routing.module,
    station: routed.routing.station,
    leadDepartments: routed.routing.leadDepartments,
    department: routed.department,
    routedBy: routed.routedBy,
    catalogVersion: body.catalogVersion ?? null,
    workingDays: routed.promise.workingDays,
    countsFrom: routed.promise.countsFrom,
    dueDate: routed.promise.dueDate,
    calendarCertain: routed.promise.calendarCertain,
    kioskDueDate: body.promise.dueDate,
    status: 'received',
    statusAt: now,
    closedAt: null,
    createdAt: body.createdAt,
    receivedAt: now,
    uscc: body.applicant.uscc,
    enterpriseName: body.applicant.enterpriseName,
    verified: body.applicant.verified,
    contactPhone: body.contact.phone,
    contactName: body.contact.name,
    appealText: body.appeal?.text ?? null,
  };
}

async function fileRequest(tx: Sql, s: ParsedSubmission, rules: CenterRules, now: string) {
  const request = newRequestOf(s, rules, now);
  const cancel = await cancelOf(tx, s.id);
  if (cancel) {
    request.status = 'cancelled';
    request.statusAt = cancel.cancelledAt;
    request.closedAt = cancel.cancelledAt;
  }
  await insertRequest(tx, request);
}

/**
 * A guide cancelled the request at the kiosk: it is closed here too, unless the center has
 * already completed it (the notice is kept either way).
 */
async function fileCancel(tx: Sql, s: ParsedSubmission) {
  const body = s.body as RequestCancelBody;
  const stored = await insertCancel(tx, {
    requestId: body.requestId,
    submissionId: s.id,
    ticket: body.ticket,
    cancelledAt: body.cancelledAt,
    cancelledBy: body.cancelledBy,
    reason: body.reason,
  });
  if (!stored) return;
  const [request] = await lockRequest(tx, { id: body.requestId });
  if (
    request &&
    request.kioskId === s.kioskId &&
    request.status !== 'completed' &&
    request.status !== 'cancelled'
  )
    await setRequestStatus(tx, request.id, 'cancelled', body.cancelledAt, true);
}

/** Like a transaction, a statement is run again after a deadlock or serialization failure. */
async function withRetries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (!isRetryable(e) || attempt >= 3) throw e;
    }
  }
}

/** The hashes a resend of this item may have been stored under. */
const hashesOf = (item: ItemInput): string[] =>
  item.bytesSha256 === undefined ? [item.bodySha256] : [item.bodySha256, item.bytesSha256];

/**
 * Items the one statement did not store because their ids were already stored: resends of the
 * same content are counted (duplicate), anything else under a stored id is a conflict.
 */
async function resends(
  db: Database,
  kioskId: string,
  items: readonly ItemInput[],
): Promise<ItemOutcome[]> {
  if (items.length === 0) return [];
  const counted = await countResends(
    db,
    kioskId,
    items.flatMap((x) => hashesOf(x).map((h) => ({ id: x.submission.id, bodySha256: h }))),
  );
  return items.map((x) => {
    const receivedAt = counted.get(x.submission.id);
    return receivedAt === undefined ? { type: 'conflict' } : { type: 'duplicate', receivedAt };
  });
}

/**
 * Stores one submission in the caller's transaction, which has checked the kiosk and taken the
 * call's nonce: the submission, its filing and its `received` change, or a resend counted.
 */
async function storeInTransaction(
  tx: Sql,
  rules: CenterRules,
  kioskId: string,
  item: ItemInput,
  now: string,
): Promise<ItemOutcome> {
  const s = item.submission;
  const receivedAt = await insertSubmission(tx, {
    id: s.id,
    kioskId,
    kind: s.kind,
    createdAt: s.createdAt,
    receivedAt: now,
    bodySha256: item.bodySha256,
    body: s.body,
    ...(item.bodyJson === undefined ? {} : { bodyJson: item.bodyJson }),
  });
  if (receivedAt === null) {
    const existing = await getSubmission(tx, s.id);
    if (!existing || existing.kioskId !== kioskId || !hashesOf(item).includes(existing.bodySha256))
      return { type: 'conflict' };
    await countDelivery(tx, s.id);
    return { type: 'duplicate', receivedAt: existing.receivedAt };
  }
  if (s.kind === 'request') await fileRequest(tx, s, rules, now);
  else if (s.kind === 'request-cancel') await fileCancel(tx, s);
  else if (s.kind === 'rating') await openFollowUp(tx, s, rules, now);
  await appendChange(tx, {
    kioskId,
    submissionId: s.id,
    kind: s.kind,
    status: 'received',
    note: null,
    verdict: null,
    at: now,
    actor: 'intake',
    seenAt: now,
  });
  return { type: 'accepted', receivedAt };
}

/** What a new submission files besides itself, when one statement can do it (not a cancel). */
function filingOf(s: ParsedSubmission, rules: CenterRules, now: string): Filing | undefined {
  if (s.kind === 'request') return { type: 'request', request: newRequestOf(s, rules, now) };
  if (s.kind === 'rating') {
    const due = followUpOf(s, rules, now);
    return due ? { type: 'follow-up', ...due } : null;
  }
  if (s.kind === 'help-call') return null;
  return undefined;
}

export async function acceptSubmission(
  db: Database,
  rules: CenterRules,
  input: SubmitInput,
): Promise<SubmitOutcome> {
  const s = input.submission;
  const filing = input.verifiedWith === undefined ? undefined : filingOf(s, rules, input.now);
  if (input.verifiedWith !== undefined && filing !== undefined) {
    // The common case in one round trip (see intake-repository); a resend takes a second.
    const n: NewIntake = {
      secret: input.verifiedWith,
      nonce: input.nonce,
      changeId: crypto.randomUUID(),
      submission: {
        id: s.id,
        kioskId: input.kioskId,
        kind: s.kind,
        createdAt: s.createdAt,
        receivedAt: input.now,
        bodySha256: input.bodySha256,
        body: s.body,
        ...(input.bodyJson === undefined ? {} : { bodyJson: input.bodyJson }),
      },
      filing,
    };
    const out: StoreOutcome = await withRetries(() => storeNewSubmission(db, n));
    if (out.type === 'stored') return { type: 'accepted', receivedAt: out.receivedAt };
    if (out.type !== 'exists') return out;
    const [again] = await resends(db, input.kioskId, [input]);
    return again ?? { type: 'conflict' };
  }
  return db.transaction(async (tx) => {
    if (
      input.verifiedWith !== undefined &&
      !(await kioskStillValid(tx, input.kioskId, input.verifiedWith))
    )
      return { type: 'stale' };
    if (!(await rememberNonce(tx, input.kioskId, input.nonce, input.now)))
      return { type: 'replayed' };
    return storeInTransaction(tx, rules, input.kioskId, input, input.now);
  });
}

export interface BatchInput {
  kioskId: string;
  nonce: string;
  now: string;
  /** The secret the call was verified against: the kiosk must still be enabled with it. */
  verifiedWith: string;
  /** The batch's valid items, in the order sent (ids distinct). */
  items: readonly ItemInput[];
}

export type BatchOutcome =
  /** The kiosk is no longer enabled with that secret: nothing stored. */
  | { type: 'stale' }
  | { type: 'replayed' }
  /** One outcome per item, in the order of `items`. */
  | { type: 'stored'; results: ItemOutcome[] };

/**
 * Stores a batch of submissions as one: the call's nonce once, and every new item with its
 * filing and its `received` change, committed together. Without a cancel notice among them (the
 * common case) that is one statement (intake-repository), and resends cost a second; a cancel
 * notice, which closes its request, takes the transaction of a single cancel, item after item.
 */
export async function acceptBatch(
  db: Database,
  rules: CenterRules,
  input: BatchInput,
): Promise<BatchOutcome> {
  const { kioskId, now } = input;
  const filings = input.items.map((x) => filingOf(x.submission, rules, now));
  if (filings.every((f) => f !== undefined)) {
    const out = await withRetries(() =>
      storeNewBatch(db, {
        kioskId,
        secret: input.verifiedWith,
        nonce: input.nonce,
        receivedAt: now,
        items: input.items.map((x, n) => {
          const s = x.submission;
          return {
            n,
            changeId: crypto.randomUUID(),
            submission: {
              id: s.id,
              kind: s.kind,
              createdAt: s.createdAt,
              bodySha256: x.bodySha256,
              body: s.body,
              ...(x.bodyJson === undefined ? {} : { bodyJson: x.bodyJson }),
            },
            filing: filings[n] ?? null,
          };
        }),
      }),
    );
    if (out.type !== 'stored') return out;
    const again = input.items.filter((x) => !out.stored.has(x.submission.id));
    const resent = new Map(
      (await resends(db, kioskId, again)).map((o, i) => [again[i]?.submission.id, o]),
    );
    return {
      type: 'stored',
      results: input.items.map((x) =>
        out.stored.has(x.submission.id)
          ? { type: 'accepted', receivedAt: now }
          : (resent.get(x.submission.id) ?? { type: 'conflict' }),
      ),
    };
  }
  return db.transaction(async (tx): Promise<BatchOutcome> => {
    if (!(await kioskStillValid(tx, kioskId, input.verifiedWith))) return { type: 'stale' };
    if (!(await rememberNonce(tx, kioskId, input.nonce, now))) return { type: 'replayed' };
    const results: ItemOutcome[] = [];
    for (const item of input.items)
      results.push(await storeInTransaction(tx, rules, kioskId, item, now));
    return { type: 'stored', results };
  });
}
