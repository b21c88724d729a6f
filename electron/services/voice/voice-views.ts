// What leaves the services about a follow-up item: the contact number masked (staff reveal the
// whole number through a separate, audited call).
import { maskPhone } from '../../domain/request';
import type { FollowUpView } from '../../domain/voice';
import type { FollowUpWithRequest } from './follow-up-repository';

export function followUpView(f: FollowUpWithRequest): FollowUpView {
  return {
    id: f.id,
    ticket: f.ticket,
    title: f.title,
    boardName: f.boardName,
    occasion: f.occasion,
    level: f.level,
    reasons: f.reasons,
    openedAt: f.openedAt,
    state: f.state,
    closedAt: f.closedAt,
    closedBy: f.closedBy,
    note: f.note,
    verdict: f.verdict,
    enterpriseName: f.enterpriseName,
    phoneMasked: f.contactPhone ? maskPhone(f.contactPhone) : null,
  };
}
