// The body of a `request` submission as the back office receives it (docs/requests.md), and of a
// `request-cancel` notice. Built from the stored record, so a body rebuilt after the personal
// data was purged carries none.
import { FALLBACK_MARK } from '../../domain/voice';
import type { RequestRecord } from './request-repository';
import { appealView } from './request-views';

export function requestWireBody(r: RequestRecord, catalogVersion: string): Record<string, unknown> {
  return {
    schema: 'deqing.request/1',
    requestId: r.id,
    ticket: r.ticket,
    createdAt: r.createdAt,
    kind: r.kind,
    title: r.title,
    bundleId: r.bundleId,
    measureNo: r.measureNo,
    catalogVersion,
    services: r.services.map((s) => ({ name: s.name, kind: s.kind, department: s.department })),
    answers: r.answers,
    applicant: {
      audience: r.audience,
      verified: r.verified,
      founder: r.founder,
      uscc: r.uscc,
      enterpriseName: r.enterpriseName,
    },
    contact: { phone: r.contactPhone, name: r.contactName },
    routing: r.routing,
    assistedBy: r.assistedBy,
    promise: r.promise,
    // A 诉求 (kind `appeal`): its category, prepared description and typed text, marked 兜底办.
    ...(r.appeal ? { appeal: { ...appealView(r, true), mark: FALLBACK_MARK } } : {}),
  };
}

export function cancelWireBody(
  r: Pick<RequestRecord, 'id' | 'ticket'>,
  c: { at: string; staffId: string; reason: string },
): Record<string, unknown> {
  return {
    schema: 'deqing.request-cancel/1',
    requestId: r.id,
    ticket: r.ticket,
    cancelledAt: c.at,
    cancelledBy: c.staffId,
    reason: c.reason,
  };
}

/**
 * A body about a request with its personal data and free text removed (the retention purge): a
 * request's contact data and a 诉求's typed text; a cancel notice's reason.
 */
export function withoutPersonalText(body: Record<string, unknown>): Record<string, unknown> {
  if (body.schema === 'deqing.request-cancel/1') return { ...body, reason: null };
  if (body.schema !== 'deqing.request/1') return body;
  const appeal = body.appeal;
  return {
    ...body,
    contact: { phone: null, name: null },
    ...(appeal && typeof appeal === 'object' ? { appeal: { ...appeal, text: null } } : {}),
  };
}
