// Stores one verified submission exactly once and files it: a request goes into its queue, a
// cancel notice closes its request (in whichever order the two arrive), help calls and ratings
// are kept as they came. The nonce, the submission, its filing and its `received` status change
// commit together, so a 201 means all of it is durable, and a failure means none of it is. A new
// request, help call or rating from a kiosk whose secret the caller names is stored by a single
// statement (intake-repository); a cancel notice, or a caller naming no secret, by a transaction.
import crypto from 'node:crypto';
import type {
  ParsedSubmission,
  RequestBody,
  RequestCancelBody,
} from '../../../electron/protocol/wire';
import { isRetryable, type Database, type Sql } from '../db/database';
import {
  kioskStillValid,
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
  countResend,
  getSubmission,
  insertSubmission,
} from '../repositories/submission-repository';
import type { CenterRules } from './center-rules';
import { followUpOf, openFollowUp } from './open-follow-up';
import { routeRequest } from './route-request';

export type SubmitOutcome =
  | { type: 'accepted'; receivedAt: string }
  /** Only with `verifiedWith`: the kiosk is no longer enabled with that secret; nothing stored. */
  | { type: 'stale' }
  | { type: 'duplicate'; receivedAt: string }
  | { type: 'conflict' }
  | { type: 'replayed' };

export interface SubmitInput {
  kioskId: string;
  nonce: string;
  submission: ParsedSubmission;
  /** SHA-256 of the exact bytes received: a resend is the same call only byte for byte. */
  bodySha256: string;
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

/** Like a transaction, the statement is run again after a deadlock or serialization failure. */
async function storeWithRetries(db: Database, n: NewIntake): Promise<StoreOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await storeNewSubmission(db, n);
    } catch (e) {
      if (!isRetryable(e) || attempt >= 3) throw e;
    }
  }
}

/** What a new submission files besides itself, when one statement can do it (not a cancel). */
function filingOf(input: SubmitInput, rules: CenterRules): Filing | undefined {
  const s = input.submission;
  if (s.kind === 'request') return { type: 'request', request: newRequestOf(s, rules, input.now) };
  if (s.kind === 'rating') {
    const due = followUpOf(s, rules, input.now);
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
  const filing = input.verifiedWith === undefined ? undefined : filingOf(input, rules);
  if (input.verifiedWith !== undefined && filing !== undefined) {
    // The common case in one round trip (see intake-repository); a resend takes a second.
    const out = await storeWithRetries(db, {
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
      },
      filing,
    });
    if (out.type === 'stored') return { type: 'accepted', receivedAt: out.receivedAt };
    if (out.type !== 'exists') return out;
    const receivedAt = await countResend(db, {
      id: s.id,
      kioskId: input.kioskId,
      bodySha256: input.bodySha256,
    });
    return receivedAt === null ? { type: 'conflict' } : { type: 'duplicate', receivedAt };
  }
  return db.transaction(async (tx) => {
    if (
      input.verifiedWith !== undefined &&
      !(await kioskStillValid(tx, input.kioskId, input.verifiedWith))
    )
      return { type: 'stale' };
    if (!(await rememberNonce(tx, input.kioskId, input.nonce, input.now)))
      return { type: 'replayed' };
    const receivedAt = await insertSubmission(tx, {
      id: s.id,
      kioskId: input.kioskId,
      kind: s.kind,
      createdAt: s.createdAt,
      receivedAt: input.now,
      bodySha256: input.bodySha256,
      body: s.body,
    });
    if (receivedAt === null) {
      const existing = await getSubmission(tx, s.id);
      if (
        !existing ||
        existing.kioskId !== input.kioskId ||
        existing.bodySha256 !== input.bodySha256
      )
        return { type: 'conflict' };
      await countDelivery(tx, s.id);
      return { type: 'duplicate', receivedAt: existing.receivedAt };
    }
    if (s.kind === 'request') await fileRequest(tx, s, rules, input.now);
    else if (s.kind === 'request-cancel') await fileCancel(tx, s);
    else if (s.kind === 'rating') await openFollowUp(tx, s, rules, input.now);
    await appendChange(tx, {
      kioskId: input.kioskId,
      submissionId: s.id,
      kind: s.kind,
      status: 'received',
      note: null,
      verdict: null,
      at: input.now,
      actor: 'intake',
      seenAt: input.now,
    });
    return { type: 'accepted', receivedAt };
  });
}
