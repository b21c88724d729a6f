// What staff do to a request from the console, each in one transaction on the request's locked
// row: 受理, 转办 (dispatchers), 补正, 办结, 退回 — each a status change with a note that joins the
// kiosk's status feed, and (but 转办) a message to the applicant in the outbox — and 督办
// (supervisors), which stays inside the back office. The console sends the row version it showed:
// of two people acting at once, the first wins and the second is told what happened instead.
import { nextStatuses, NOTE_MIN } from '../../../electron/domain/work-queue';
import type { SubmissionStatus } from '../../../electron/domain/sync';
import type { Database, Sql } from '../db/database';
import { audit } from '../repositories/audit-repository';
import {
  insertSupervision,
  requestDetail,
  setDepartment,
  type RequestDetailRow,
} from '../repositories/console-repository';
import { insertNotification } from '../repositories/notification-repository';
import { setRequestStatus, type BackOfficeRequestStatus } from '../repositories/request-repository';
import type { ConsoleRole } from '../repositories/staff-repository';
import type { ConsoleAction } from '../console-api/types';
import { appendChange } from '../repositories/status-change-repository';
import { notificationText, type NotifyAction } from '../notify/templates';
import { STATUS_NOTE_MAX } from './set-status';

// Declared with the console API's shapes, which the console shares.
export { CONSOLE_ACTIONS, type ConsoleAction } from '../console-api/types';

/** Who may do what (a handler only in their own department's queue). */
export const ACTIONS_BY_ROLE: Record<ConsoleRole, readonly ConsoleAction[]> = {
  handler: ['accept', 'correct', 'complete', 'return'],
  dispatcher: ['accept', 'reroute', 'correct', 'complete', 'return'],
  supervisor: ['supervise'],
  admin: [],
};

export interface Actor {
  username: string;
  role: ConsoleRole;
  department: string | null;
}

/** Whether the actor may see this request at all. */
export function maySee(actor: Actor, r: { department: string }): boolean {
  if (actor.role === 'handler') return actor.department === r.department;
  return actor.role !== 'admin';
}

const STATUS_OF: Record<Exclude<ConsoleAction, 'supervise' | 'reroute'>, SubmissionStatus> = {
  accept: 'accepted',
  correct: 'returned',
  complete: 'completed',
  return: 'returned',
};

/** The note as the kiosk shows it: a correction and a return read differently there. */
function kioskNote(action: ConsoleAction, note: string | null, department?: string): string | null {
  if (action === 'correct') return `请补正：${note ?? ''}`;
  if (action === 'return') return `退回原因：${note ?? ''}`;
  if (action === 'reroute') return `已转办至${department ?? ''}${note ? `：${note}` : ''}`;
  return note;
}

/** What the request may undergo now (for this actor), as the console offers it. */
export function actionsFor(
  actor: Actor,
  r: Pick<RequestDetailRow, 'status' | 'department'>,
): ConsoleAction[] {
  if (!maySee(actor, r)) return [];
  const next = nextStatuses(r.status);
  return ACTIONS_BY_ROLE[actor.role].filter((a) => {
    if (a === 'supervise') return r.status !== 'completed' && r.status !== 'cancelled';
    if (a === 'reroute') return next.length > 0;
    return (next as string[]).includes(STATUS_OF[a]);
  });
}

export interface ActionInput {
  requestId: string;
  action: ConsoleAction;
  note: string | null;
  /** 转办: the department it goes to. */
  department?: string | null;
  /** The row version the console showed. */
  version: number;
  actor: Actor;
  now: string;
}

export type ActionOutcome =
  | { ok: true; request: RequestDetailRow }
  | {
      ok: false;
      code: 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'NOT_ALLOWED' | 'INVALID';
      message: string;
      request?: RequestDetailRow;
    };

function checkInput(i: ActionInput): ActionOutcome | null {
  const note = i.note?.trim() || null;
  if (note && note.length > 400)
    return { ok: false, code: 'INVALID', message: 'the note is longer than 400 characters' };
  const needsNote =
    i.action === 'correct' ||
    i.action === 'return' ||
    i.action === 'complete' ||
    i.action === 'supervise';
  if (needsNote && (!note || note.length < NOTE_MIN))
    return {
      ok: false,
      code: 'INVALID',
      message: `this action needs a note (at least ${NOTE_MIN} characters)`,
    };
  if (i.action === 'reroute' && !i.department?.trim())
    return { ok: false, code: 'INVALID', message: 're-routing needs the department it goes to' };
  return null;
}

async function notify(tx: Sql, r: RequestDetailRow, action: NotifyAction, now: string) {
  await insertNotification(tx, {
    requestId: r.id,
    ticket: r.ticket,
    action,
    text: notificationText(action, r.ticket),
    now,
    state: 'pending',
  });
}

export function act(db: Database, input: ActionInput): Promise<ActionOutcome> {
  const bad = checkInput(input);
  if (bad) return Promise.resolve(bad);
  const note = input.note?.trim() || null;
  return db.transaction(async (tx): Promise<ActionOutcome> => {
    const r = await requestDetail(tx, input.requestId, true);
    if (!r || !maySee(input.actor, r))
      return { ok: false, code: 'NOT_FOUND', message: 'no such request in your queue' };
    if (!ACTIONS_BY_ROLE[input.actor.role].includes(input.action))
      return {
        ok: false,
        code: 'FORBIDDEN',
        message: `a ${input.actor.role} cannot ${input.action}`,
      };
    if (r.version !== input.version)
      return {
        ok: false,
        code: 'CONFLICT',
        message: `${r.ticket} was changed by someone else meanwhile (now ${r.status}); look again before acting`,
        request: r,
      };
    if (!actionsFor(input.actor, r).includes(input.action))
      return {
        ok: false,
        code: 'NOT_ALLOWED',
        message: `${r.ticket} is ${r.status}: ${input.action} does not apply`,
        request: r,
      };

    const actorName = `staff:${input.actor.username}`;
    if (input.action === 'supervise') {
      await insertSupervision(tx, {
        requestId: r.id,
        at: input.now,
        username: input.actor.username,
        note: note ?? '',
      });
      // A 督办 is a change of the request too: a handler looking at the old version is told.
      await tx.query('UPDATE requests SET status_at = status_at WHERE id = $1', [r.id]);
    } else {
      let status: SubmissionStatus;
      const department = input.department?.trim() ?? '';
      if (input.action === 'reroute') {
        if (department.length > 80)
          return { ok: false, code: 'INVALID', message: 'department name too long' };
        if (department === r.department)
          return {
            ok: false,
            code: 'INVALID',
            message: `${r.ticket} is already with ${department}`,
          };
        await setDepartment(tx, r.id, department);
        // 转办 tells the kiosk the request is being handled, by whom now.
        status = 'in-progress';
      } else status = STATUS_OF[input.action];
      const text = kioskNote(input.action, note, department)?.slice(0, STATUS_NOTE_MAX) ?? null;
      const closed = status === 'completed' || status === 'returned';
      await setRequestStatus(tx, r.id, status as BackOfficeRequestStatus, input.now, closed);
      await appendChange(tx, {
        kioskId: r.kioskId,
        submissionId: r.id,
        kind: 'request',
        status,
        note: text,
        verdict: null,
        at: input.now,
        actor: actorName,
      });
      if (input.action !== 'reroute') await notify(tx, r, input.action, input.now);
    }
    await audit(tx, {
      at: input.now,
      actor: actorName,
      action: `console-${input.action}`,
      subject: r.ticket,
      detail: `${r.status}${input.department ? ` → ${input.department}` : ''}${note ? `: ${note}` : ''}`,
    });
    const after = await requestDetail(tx, r.id);
    return after ? { ok: true, request: after } : { ok: false, code: 'NOT_FOUND', message: 'gone' };
  });
}
