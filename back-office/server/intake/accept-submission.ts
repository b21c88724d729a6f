// Stores one verified submission exactly once and files it: a request goes into its queue, a
// cancel notice closes its request (in whichever order the two arrive), help calls and ratings
// are kept as they came. The nonce, the submission, its filing and its `received` status change
// commit together, so a 201 means all of it is durable, and a failure means none of it is.
import type {
  ParsedSubmission,
  RequestBody,
  RequestCancelBody,
} from '../../../electron/protocol/wire';
import type { Database, Sql } from '../db/database';
import { rememberNonce } from '../repositories/kiosk-repository';
import {
  cancelOf,
  insertCancel,
  insertRequest,
  lockRequest,
  setRequestStatus,
} from '../repositories/request-repository';
import { appendChange } from '../repositories/status-change-repository';
import {
  countDelivery,
  getSubmission,
  insertSubmission,
} from '../repositories/submission-repository';
import type { CenterRules } from './center-rules';
import { openFollowUp } from './open-follow-up';
import { routeRequest } from './route-request';

export type SubmitOutcome =
  | { type: 'accepted'; receivedAt: string }
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
}

async function fileRequest(tx: Sql, s: ParsedSubmission, rules: CenterRules, now: string) {
  const body = s.body as RequestBody;
  const routed = routeRequest(body, rules);
  const cancel = await cancelOf(tx, s.id);
  await insertRequest(tx, {
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
    status: cancel ? 'cancelled' : 'received',
    statusAt: cancel?.cancelledAt ?? now,
    closedAt: cancel?.cancelledAt ?? null,
    createdAt: body.createdAt,
    receivedAt: now,
    uscc: body.applicant.uscc,
    enterpriseName: body.applicant.enterpriseName,
    verified: body.applicant.verified,
    contactPhone: body.contact.phone,
    contactName: body.contact.name,
    appealText: body.appeal?.text ?? null,
  });
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

export function acceptSubmission(
  db: Database,
  rules: CenterRules,
  input: SubmitInput,
): Promise<SubmitOutcome> {
  const s = input.submission;
  return db.transaction(async (tx) => {
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
