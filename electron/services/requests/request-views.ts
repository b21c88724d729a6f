// What leaves the services about a stored request, per audience. The receipt (its owner's
// session, or staff) shows masked contact data and the tracking code; tracking by ticket number
// alone shows status and dates only (no notes, verdicts, 诉求 content, personal data or
// enterprise); lists show no contact data at all.
import type { LicenceView } from '../../domain/enterprise';
import type { LocalizedText } from '../../domain/app';
import { maskPersonName } from '../../domain/enterprise';
import {
  maskPhone,
  type AppealView,
  type ReceiptView,
  type RequestListItem,
  type ServiceGuideLine,
  type TimelineEntry,
  type TrackView,
} from '../../domain/request';
import { ticketQrText } from '../../domain/ticket';
import {
  APPEAL_TOPICS,
  SPECIAL_APPEAL_CATEGORIES,
  SPECIAL_APPEAL_ROUTING,
  type SpecialAppealCategory,
} from '../../domain/voice';
import type { ArchivedRequest } from './archive-repository';
import type { RequestRecord } from './request-repository';

export interface KioskPlace {
  kioskId: string;
  centerName: LocalizedText;
  locationName: LocalizedText;
}

function routingOf(r: RequestRecord): ReceiptView['routing'] {
  const { board, boardName, module, leadDepartments } = r.routing;
  return { board, boardName, module, leadDepartments };
}

/** A 诉求's content; the typed text only when `withText` (its owner, staff). */
export function appealView(r: RequestRecord, withText: boolean): AppealView | null {
  const a = r.appeal;
  if (!a) return null;
  const special = (SPECIAL_APPEAL_CATEGORIES as readonly string[]).includes(a.category)
    ? SPECIAL_APPEAL_ROUTING[a.category as SpecialAppealCategory]
    : null;
  const topic = a.topic ? APPEAL_TOPICS[a.category]?.find((t) => t.id === a.topic) : undefined;
  return {
    category: a.category,
    categoryName: special ? special.name['zh-CN'] : r.routing.boardName,
    topic: a.topic,
    topicText: topic ? topic.text['zh-CN'] : null,
    text: withText ? a.text : null,
  };
}

export function receiptView(
  r: RequestRecord,
  place: KioskPlace,
  guides: ServiceGuideLine[] = [],
  licenceReminders: LicenceView[] = [],
): ReceiptView {
  return {
    guides,
    licenceReminders,
    id: r.id,
    ticket: r.ticket,
    qrText: ticketQrText(r.ticket, r.trackCode),
    trackCode: r.trackCode,
    kind: r.kind,
    title: r.title,
    bundleId: r.bundleId,
    measureNo: r.measureNo,
    createdAt: r.createdAt,
    kioskId: r.ticket.split('-')[0] ?? place.kioskId,
    centerName: place.centerName,
    locationName: place.locationName,
    applicant: {
      audience: r.audience,
      verified: r.verified,
      founder: r.founder,
      uscc: r.uscc,
      enterpriseName: r.enterpriseName,
    },
    services: r.services,
    routing: routingOf(r),
    promise: r.promise,
    phoneMasked: r.contactPhone ? maskPhone(r.contactPhone) : null,
    contactNameMasked: r.contactName ? maskPersonName(r.contactName) : null,
    assisted: r.assistedBy !== null,
    status: r.status,
    appeal: appealView(r, true),
  };
}

export function trackView(
  r: RequestRecord,
  timeline: TimelineEntry[],
  level: TrackView['level'],
): TrackView {
  const full = level === 'full';
  return {
    level,
    ticket: r.ticket,
    title: r.title,
    kind: r.kind,
    createdAt: r.createdAt,
    status: r.status,
    // Notes (a returned request's note may name a person and a number, a cancellation reason is
    // staff's words) and 回访 verdicts: only for whoever holds the receipt or made the request.
    timeline: full ? timeline : timeline.map((e) => ({ ...e, note: null, verdict: null })),
    promise: r.promise,
    serviceCount: r.services.length,
    services: full ? r.services : null,
    enterpriseName: full ? r.enterpriseName : null,
    phoneMasked: full && r.contactPhone ? maskPhone(r.contactPhone) : null,
    appeal: full ? appealView(r, true) : null,
    archivedAt: null,
  };
}

/**
 * What tracking shows of an archived request: its status and dates from the hot database's
 * stand-in row, the same for everyone (no timeline, services or contact: those are in the archive
 * file, read only by kioskctl).
 */
export function archivedTrackView(a: ArchivedRequest): TrackView {
  return {
    level: 'status',
    ticket: a.ticket,
    title: a.title,
    kind: a.kind,
    createdAt: a.createdAt,
    status: a.status,
    timeline: [],
    promise: a.promise,
    serviceCount: a.serviceCount,
    services: null,
    enterpriseName: null,
    phoneMasked: null,
    appeal: null,
    archivedAt: a.archivedAt,
  };
}

export function listItem(r: RequestRecord): RequestListItem {
  return {
    id: r.id,
    ticket: r.ticket,
    title: r.title,
    kind: r.kind,
    createdAt: r.createdAt,
    status: r.status,
    statusAt: r.statusAt,
    dueDate: r.promise.dueDate,
    serviceCount: r.services.length,
    enterpriseName: r.enterpriseName,
    uscc: r.uscc,
    verified: r.verified,
    assistedBy: r.assistedBy,
  };
}
