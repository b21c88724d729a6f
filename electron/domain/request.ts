// A request (一类事 or a one-step policy consultation) as the kiosk stores, tracks and prints it.
// Node-free: the renderer builds its checklist and masks with the same functions the services use.
//
// Status model (what tracking shows, in order of a request's life):
//   submitted    stored at the kiosk (the ticket is shown only after this is durable)
//   received     the back office has it (a back-office status, or the guide console)
//   accepted     taken on by the lead department
//   in-progress  being worked
//   completed    done                                   ┐
//   returned     sent back with a note (what to fix)    ├ closed: personal data is purged
//   cancelled    cancelled at the kiosk by a guide      ┘ `retention.personalDataDays` later
// Timeline entries may also be `follow-up` (回访): recorded with a verdict, the status
// stays. A later back-office status after `returned` reopens the request (closedAt cleared);
// `cancelled` is final at the kiosk.
import type { LocalizedText } from './app';
import type { BoardId, Bundle, ServiceGuide } from './catalog';
import type { DepartmentSource } from './departments';
import type { Audience, LicenceView } from './enterprise';
import type { AppealCategoryId } from './voice';

export const REQUEST_STATUSES = [
  'submitted',
  'received',
  'accepted',
  'in-progress',
  'completed',
  'returned',
  'cancelled',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses after which the request is closed (the retention clock starts). */
export const CLOSED_STATUSES: readonly RequestStatus[] = ['completed', 'returned', 'cancelled'];

export type TimelineStatus = RequestStatus | 'follow-up';

/** Who wrote a timeline entry. */
export type TimelineSource = 'kiosk' | 'back-office' | 'guide';

export interface TimelineEntry {
  status: TimelineStatus;
  at: string;
  /** The back office's note (returned), or a guide's reason (cancelled, shown to staff only). */
  note: string | null;
  /** 回访 verdict (follow-up). */
  verdict: string | null;
  source: TimelineSource;
}

/** `appeal`: a 诉求 (兜底办) — a problem or need that fits no bundle. */
export type RequestKind = 'bundle' | 'consultation' | 'appeal';

/** What a 诉求 says. `text` is null when none was typed, purged, or not for this audience. */
export interface AppealView {
  category: AppealCategoryId;
  /** The category's name as routed, e.g. 拖欠账款 or 项目服务. */
  categoryName: string;
  /** The prepared description chosen (its id and its words), if any. */
  topic: string | null;
  topicText: string | null;
  text: string | null;
}

// ---- contact ----------------------------------------------------------------------------------

/** A mainland China mobile number: 11 digits, 1 then 3–9. */
export const MOBILE_RE = /^1[3-9]\d{9}$/;

export function isMainlandMobile(phone: string): boolean {
  return MOBILE_RE.test(phone);
}

/** `13812345678` → `138****5678` (screens and paper never show the whole number). */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

export const CONTACT_NAME_MAX = 20;

// ---- the checklist of a bundle -----------------------------------------------------------------

export type ServiceKind = 'basic' | 'value-added';

/** One thing that can be requested; `id` is stable for a given catalog. */
export interface ChecklistItem {
  id: string;
  name: string;
  kind: ServiceKind;
  /** Set when the item exists only because a question was answered "yes". */
  question: string | null;
}

/**
 * Every item of a bundle: its basic services (`b<i>`), its value-added services (`v<i>`), and
 * what a question's "yes" adds that is not one of them (`q-<question>-<j>`, a basic item). A "yes"
 * that names one of the bundle's own value-added services selects that item instead.
 */
export function checklistItems(
  bundle: Pick<Bundle, 'basicServices' | 'valueAddedServices' | 'guidance'>,
): ChecklistItem[] {
  const items: ChecklistItem[] = [
    ...bundle.basicServices.map((name, i) => ({
      id: `b${i}`,
      name,
      kind: 'basic' as const,
      question: null,
    })),
  ];
  for (const q of bundle.guidance.questions)
    q.yesAdds.forEach((add, j) => {
      if (add.listed) return;
      items.push({ id: `q-${q.id}-${j}`, name: add.name, kind: 'basic', question: q.id });
    });
  bundle.valueAddedServices.forEach((name, i) =>
    items.push({ id: `v${i}`, name, kind: 'value-added', question: null }),
  );
  return items;
}

/** The ids a question's "yes" selects (its own added items and the listed services it names). */
export function itemsOfQuestion(
  bundle: Pick<Bundle, 'basicServices' | 'valueAddedServices' | 'guidance'>,
  questionId: string,
): string[] {
  const q = bundle.guidance.questions.find((x) => x.id === questionId);
  if (!q) return [];
  return q.yesAdds.map((add, j) => {
    if (!add.listed) return `q-${q.id}-${j}`;
    const list = add.listed === 'basicServices' ? bundle.basicServices : bundle.valueAddedServices;
    const i = list.indexOf(add.name);
    return i < 0 ? `q-${q.id}-${j}` : `${add.listed === 'basicServices' ? 'b' : 'v'}${i}`;
  });
}

/**
 * What the wizard pre-selects: every basic service, plus whatever the "yes" answers add. Items a
 * question adds are selected only while that question is answered "yes".
 */
export function preselectedItems(
  bundle: Pick<Bundle, 'basicServices' | 'valueAddedServices' | 'guidance'>,
  answers: Readonly<Record<string, boolean>>,
): string[] {
  const selected = new Set(bundle.basicServices.map((_, i) => `b${i}`));
  for (const q of bundle.guidance.questions)
    if (answers[q.id] === true) for (const id of itemsOfQuestion(bundle, q.id)) selected.add(id);
  return checklistItems(bundle)
    .map((i) => i.id)
    .filter((id) => selected.has(id));
}

// ---- what the services return -------------------------------------------------------------------

/** Why a request counts from a later day than the one it was made on (or `in-hours`: it does not). */
export type CountReason = 'in-hours' | 'after-hours' | 'weekend' | 'holiday';

export interface FeedbackPromiseView {
  workingDays: number;
  /** The working day the time counts from (YYYY-MM-DD). */
  countsFrom: string;
  /** The promised feedback date (YYYY-MM-DD). */
  dueDate: string;
  /** Why it counts from a later day (after hours, weekend, holiday) — said in plain words. */
  reason: CountReason;
  /** False when the official holiday schedule does not cover the dates: they may move. */
  calendarCertain: boolean;
}

/** Where a service line's responsible department came from (departments.ts decides it). */
export type { DepartmentSource };

export interface ServiceLine {
  name: string;
  kind: ServiceKind;
  department: string;
  departmentFrom: DepartmentSource;
}

export interface RoutingView {
  board: BoardId;
  boardName: string;
  module: string | null;
  leadDepartments: string[];
}

export interface ApplicantView {
  /** Who was at the screen: anonymous (a founder, nobody identified), public (a static code). */
  audience: Audience;
  /** A signed 企业码 (or staff) proved who the enterprise is. */
  verified: boolean;
  founder: boolean;
  uscc: string | null;
  enterpriseName: string | null;
}

/** Everything the 80 mm receipt and the A4 checklist print. Personal data only masked. */
export interface ReceiptView {
  id: string;
  ticket: string;
  /** The receipt QR's text (`DQT2.<ticket>.<code>`: the ticket with its tracking code). */
  qrText: string;
  /**
   * The ticket's tracking code (6 digits), printed on the receipt: with it, tracking shows the
   * notes and offers the rating. Null for requests made before tracking codes.
   */
  trackCode: string | null;
  kind: RequestKind;
  title: string;
  bundleId: string | null;
  measureNo: number | null;
  createdAt: string;
  kioskId: string;
  centerName: LocalizedText;
  locationName: LocalizedText;
  applicant: ApplicantView;
  services: ServiceLine[];
  routing: RoutingView;
  promise: FeedbackPromiseView;
  phoneMasked: string | null;
  contactNameMasked: string | null;
  assisted: boolean;
  status: RequestStatus;
  /** A 诉求's content (kind `appeal`), else null. */
  appeal: AppealView | null;
  /**
   * 证照到期提醒 for a verified enterprise (or one served by staff): its licences expiring within
   * 60 days or expired, printed on the A4 checklist. Empty otherwise.
   */
  licenceReminders: LicenceView[];
  /**
   * The 办事指南 of the request's basic services that the catalog in force holds (content
   * bundles carry them), in the order of `services`; the checklist prints them.
   */
  guides?: ServiceGuideLine[];
}

/** One basic service's guide, as the checklist prints it. */
export interface ServiceGuideLine {
  service: string;
  guide: ServiceGuide;
}

/** What `requestSubmit` returns: the receipt, once the request is durably stored. */
export type SubmittedRequest = ReceiptView;

/**
 * Tracking. `level: 'status'` is what anyone who knows the ticket number sees: status and dates
 * only (no notes, no personal data, no enterprise, no 诉求 content). `level: 'full'` is for whoever
 * holds the receipt (its tracking code), the session that submitted it, the verified enterprise
 * that made it, and staff.
 */
export interface TrackView {
  level: 'status' | 'full';
  ticket: string;
  title: string;
  kind: RequestKind;
  createdAt: string;
  status: RequestStatus;
  timeline: TimelineEntry[];
  promise: FeedbackPromiseView;
  serviceCount: number;
  services: ServiceLine[] | null;
  enterpriseName: string | null;
  phoneMasked: string | null;
  /** A 诉求's category and prepared description; its typed text only in the full view. */
  appeal: AppealView | null;
  /**
   * Set when the request has left the kiosk's working database for its archive (closed long
   * ago): only its status and dates are shown then, whoever asks.
   */
  archivedAt: string | null;
}

/** One line of a list (an enterprise's requests, today's requests for guide mode, the CLI). */
export interface RequestListItem {
  id: string;
  ticket: string;
  title: string;
  kind: RequestKind;
  createdAt: string;
  status: RequestStatus;
  statusAt: string;
  dueDate: string;
  serviceCount: number;
  enterpriseName: string | null;
  uscc: string | null;
  verified: boolean;
  assistedBy: string | null;
}

export const REQUEST_TITLE_MAX = 80;

/** The consultation's title, e.g. 政策咨询（第 12 条） or 政策服务板块咨询. */
export function consultationTitle(measureNo: number | null, boardFullName: string): string {
  return measureNo !== null ? `政策咨询（第 ${measureNo} 条措施）` : `${boardFullName}咨询`;
}
