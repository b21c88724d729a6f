// Staff and administrators move a request along (accepted, in progress, completed, returned with a
// note, a 回访 with a verdict); each change joins the kiosk's status feed, so the kiosk's tracking
// shows it after its next pull. The request's row is locked for the change: of two people acting
// on one request at once, the second sees what the first did and is told if it no longer fits.
import { nextStatuses, NOTE_MIN } from '../../../electron/domain/work-queue';
import type { SubmissionStatus, Verdict } from '../../../electron/domain/sync';
import type { Database } from '../db/database';
import { audit } from '../repositories/audit-repository';
import {
  lockRequest,
  setRequestStatus,
  type RequestListItem,
} from '../repositories/request-repository';
import { appendChange, type StoredChange } from '../repositories/status-change-repository';
import { getSubmission } from '../repositories/submission-repository';

/** What a status change may carry: the protocol's limit. */
export const STATUS_NOTE_MAX = 500;

export type StatusTarget = { ticket: string } | { requestId: string } | { submissionId: string };

export interface StatusInput {
  target: StatusTarget;
  status: Exclude<SubmissionStatus, 'received'>;
  note?: string | null;
  verdict?: Verdict | null;
  actor: string;
  now: string;
}

export type StatusOutcome =
  | { ok: true; change: StoredChange; request: RequestListItem | null }
  | {
      ok: false;
      code: 'NOT_FOUND' | 'AMBIGUOUS' | 'NOT_ALLOWED' | 'INVALID';
      message: string;
      /** For NOT_ALLOWED: the request's status and what it may take next. */
      current?: string;
      allowed?: string[];
    };

function checkExtras(i: StatusInput): StatusOutcome | null {
  const note = i.note?.trim() || null;
  if (note !== null && note.length > STATUS_NOTE_MAX)
    return {
      ok: false,
      code: 'INVALID',
      message: `the note is longer than ${STATUS_NOTE_MAX} characters`,
    };
  if (i.status === 'returned' && (note === null || note.length < NOTE_MIN))
    return {
      ok: false,
      code: 'INVALID',
      message: `returned needs a note (at least ${NOTE_MIN} characters): what to fix or bring`,
    };
  if (i.status === 'follow-up' && !i.verdict)
    return {
      ok: false,
      code: 'INVALID',
      message: 'a follow-up (回访) needs the enterprise’s verdict',
    };
  if (i.status !== 'follow-up' && i.verdict)
    return { ok: false, code: 'INVALID', message: 'a verdict goes with a follow-up only' };
  return null;
}

export function setStatus(db: Database, input: StatusInput): Promise<StatusOutcome> {
  const bad = checkExtras(input);
  if (bad) return Promise.resolve(bad);
  const note = input.note?.trim() || null;
  const verdict = input.verdict ?? null;
  return db.transaction(async (tx): Promise<StatusOutcome> => {
    const t = input.target;
    const matches =
      'submissionId' in t
        ? await lockRequest(tx, { id: t.submissionId })
        : await lockRequest(tx, 'ticket' in t ? { ticket: t.ticket } : { id: t.requestId });
    if (matches.length > 1)
      return {
        ok: false,
        code: 'AMBIGUOUS',
        message: `${matches.length} requests carry this ticket (from kiosks ${matches.map((m) => m.kioskId).join(', ')}); name the request by its id`,
      };
    const request = matches[0] ?? null;
    let kioskId: string;
    let submissionId: string;
    let kind;
    if (request) {
      const allowed: string[] = [...nextStatuses(request.status)];
      if (request.status !== 'cancelled') allowed.push('follow-up');
      if (!allowed.includes(input.status))
        return {
          ok: false,
          code: 'NOT_ALLOWED',
          message: `${request.ticket} is ${request.status}: it cannot become ${input.status}`,
          current: request.status,
          allowed,
        };
      kioskId = request.kioskId;
      submissionId = request.id;
      kind = 'request' as const;
      if (input.status !== 'follow-up') {
        const closed = input.status === 'completed' || input.status === 'returned';
        await setRequestStatus(tx, request.id, input.status, input.now, closed);
      }
    } else {
      // Another kind of submission (a help call answered, say): only by its id.
      if (!('submissionId' in t))
        return { ok: false, code: 'NOT_FOUND', message: 'no such request' };
      const s = await getSubmission(tx, t.submissionId);
      if (!s) return { ok: false, code: 'NOT_FOUND', message: 'no such submission' };
      kioskId = s.kioskId;
      submissionId = s.id;
      kind = s.kind;
    }
    const change = await appendChange(tx, {
      kioskId,
      submissionId,
      kind,
      status: input.status,
      note,
      verdict,
      at: input.now,
      actor: input.actor,
    });
    await audit(tx, {
      at: input.now,
      actor: input.actor,
      action: 'set-status',
      subject: request ? request.ticket : submissionId,
      detail: `${request?.status ?? kind} → ${input.status}${note ? `: ${note}` : ''}${verdict ? ` (${verdict})` : ''}`,
    });
    const after = request ? ((await lockRequest(tx, { id: request.id }))[0] ?? null) : null;
    return { ok: true, change, request: after };
  });
}
