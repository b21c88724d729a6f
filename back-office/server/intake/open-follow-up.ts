// A rating of 不满意 or 非常不满意 opens a 回访 task, in the transaction that stores the rating, due
// a few working days later by the center's calendar (the kiosk's own working-day code).
import type { ParsedSubmission } from '../../../electron/protocol/wire';
import type { Sql } from '../db/database';
import { insertFollowUp } from '../repositories/console-repository';
import type { CenterRules } from './center-rules';

export const FOLLOW_UP_LEVELS = ['unsatisfied', 'very-unsatisfied'] as const;
/** Working days to make the follow-up visit or call. */
export const FOLLOW_UP_WORKING_DAYS = 3;

export interface FollowUpDue {
  /** The rated request (linked only if this back office holds it). */
  requestId: string | null;
  ticket: string;
  level: string;
  reasons: string[];
  dueDate: string;
}

/** The 回访 task a rating calls for, or null when its level does not. */
export function followUpOf(
  s: ParsedSubmission,
  rules: CenterRules,
  now: string,
): FollowUpDue | null {
  const b = s.body as { level?: string; requestId?: string; ticket?: string; reasons?: string[] };
  if (!b.level || !(FOLLOW_UP_LEVELS as readonly string[]).includes(b.level)) return null;
  return {
    requestId: b.requestId ?? null,
    ticket: b.ticket ?? '',
    level: b.level,
    reasons: b.reasons ?? [],
    dueDate: rules.hours.promise(new Date(now), FOLLOW_UP_WORKING_DAYS).dueDate,
  };
}

export async function openFollowUp(
  tx: Sql,
  s: ParsedSubmission,
  rules: CenterRules,
  now: string,
): Promise<boolean> {
  const due = followUpOf(s, rules, now);
  if (!due) return false;
  const exists = await tx.query('SELECT 1 FROM requests WHERE id = $1', [due.requestId]);
  return insertFollowUp(tx, {
    ratingId: s.id,
    requestId: exists.rows.length > 0 ? due.requestId : null,
    ticket: due.ticket,
    kioskId: s.kioskId,
    level: due.level,
    reasons: due.reasons,
    openedAt: now,
    dueDate: due.dueDate,
  });
}
