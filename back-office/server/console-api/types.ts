// The console API's JSON: every row and page the server answers and the department console reads,
// declared once. The server's repositories and console API build these types, and the console
// (a browser build) imports them, so a changed row shape breaks the console's type check instead
// of its screens. Node-free: only the kiosk's domain types and plain data.
import type { LocalizedText } from '../../../electron/domain/app';
import type { BoardId } from '../../../electron/domain/catalog';
import {
  REQUEST_STATUSES,
  type RequestKind,
  type RequestStatus,
} from '../../../electron/domain/request';

// The console's roles, not the kiosk's guide roles (`StaffRole` in electron/domain).
export const CONSOLE_ROLES = ['dispatcher', 'handler', 'supervisor', 'admin'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/**
 * The back office's statuses of a request: the kiosk's, but `submitted` (never stored here). A
 * non-empty tuple, as zod's enums take.
 */
export type BackOfficeRequestStatus = Exclude<RequestStatus, 'submitted'>;
export const BACK_OFFICE_REQUEST_STATUSES = REQUEST_STATUSES.filter(
  (s): s is BackOfficeRequestStatus => s !== 'submitted',
) as readonly BackOfficeRequestStatus[] as readonly [
  BackOfficeRequestStatus,
  ...BackOfficeRequestStatus[],
];

/** What the queue can be filtered by: a status, or open (not yet closed), closed, or all. */
export const QUEUE_STATUS_FILTERS = [
  'open',
  ...BACK_OFFICE_REQUEST_STATUSES,
  'closed',
  'all',
] as const;

export const CONSOLE_ACTIONS = [
  'accept',
  'reroute',
  'correct',
  'complete',
  'return',
  'supervise',
] as const;
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

export const NOTIFICATION_STATES = ['pending', 'held', 'sent', 'failed', 'no-recipient'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

export type ReportPeriod = 'day' | 'week' | 'month';

// ---- the signed-in user --------------------------------------------------------------------

export interface ConsoleUser {
  username: string;
  role: ConsoleRole;
  department: string | null;
}

/** `POST /session` and `GET /session`. */
export interface SessionInfo {
  user: ConsoleUser;
  csrf: string;
  /** The center's local date. */
  today: string;
}

export interface StaffUser extends ConsoleUser {
  createdAt: string;
  lockedUntil: string | null;
  disabled: boolean;
}

// ---- the queue -----------------------------------------------------------------------------

export interface QueueItem {
  id: string;
  ticket: string;
  kind: RequestKind;
  title: string;
  bundleId: string | null;
  appealCategory: string | null;
  kioskId: string;
  kioskName: string | null;
  town: string | null;
  board: BoardId;
  boardName: string;
  department: string;
  status: BackOfficeRequestStatus;
  createdAt: string;
  receivedAt: string;
  dueDate: string;
  closedAt: string | null;
  version: number;
}

/** Open requests past their promised date, and due today. */
export interface DueCounts {
  overdue: number;
  today: number;
}

/** `GET /queue`. */
export interface QueuePage {
  today: string;
  items: QueueItem[];
  /** The cursor of the next page, or null on the last. */
  next: string | null;
  counts: DueCounts;
}

// ---- one request ---------------------------------------------------------------------------

export interface PhoneReveal {
  at: string;
  username: string;
  requestId: string;
  ticket: string;
}

/** A 督办 mark on a request. */
export interface SupervisionMark {
  requestId: string;
  at: string;
  username: string;
  note: string;
}

export interface FollowUp {
  ratingId: string;
  requestId: string | null;
  ticket: string;
  kioskId: string;
  level: string;
  reasons: string[];
  openedAt: string;
  dueDate: string;
  closedAt: string | null;
  closedBy: string | null;
  outcome: string | null;
  department: string | null;
}

export interface StoredNotification {
  id: number;
  requestId: string;
  ticket: string;
  action: string;
  text: string;
  createdAt: string;
  state: NotificationState;
  channel: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  sentAt: string | null;
}

/** `GET /requests/<id>` and the answer to an action on it. */
export interface RequestDetail {
  request: QueueItem & {
    module: string | null;
    station: string | null;
    leadDepartments: string[];
    statusAt: string;
    countsFrom: string;
    workingDays: number;
  };
  enterprise: {
    name: string | null;
    uscc: string | null;
    verified: boolean;
    audience: string | null;
    founder: boolean;
  };
  contact: { name: string | null; phoneMasked: string | null; purged: boolean };
  services: { name: string; kind: string; department: string }[];
  answers: { id: string; yes: boolean; text: LocalizedText | null }[];
  appeal: { category: string | null; topic: string | null; text: string | null } | null;
  assistedBy: string | null;
  timeline: { status: string; note: string | null; at: string; actor: string }[];
  supervisions: SupervisionMark[];
  followUps: FollowUp[];
  notifications: StoredNotification[];
  /** Null for a handler: the phone-number audit is not theirs to see. */
  phoneReveals: PhoneReveal[] | null;
  actions: ConsoleAction[];
}

// ---- 督办 and the fleet ---------------------------------------------------------------------

export type SupervisedItem = QueueItem & {
  supervisedAt: string;
  supervisedBy: string;
  supervisionNote: string;
};

/** `GET /supervision`. */
export interface SupervisionOverview {
  today: string;
  counts: DueCounts;
  overdue: QueueItem[];
  dueToday: QueueItem[];
  supervised: SupervisedItem[];
  followUps: FollowUp[];
}

export interface KioskView {
  kioskId: string;
  name: string | null;
  town: string | null;
  enabled: boolean;
  createdAt: string;
  disabledAt: string | null;
  /** Last accepted submission or heartbeat. */
  lastSeenAt: string | null;
  lastHeartbeatAt: string | null;
  /** The last genuine call that was refused (disabled), and why. */
  lastRefusedAt: string | null;
  lastRefusedReason: string | null;
  /** From the last heartbeat (null before the first). */
  health: {
    printer: string | null;
    backlogPending: number | null;
    backlogDead: number | null;
    appVersion: string | null;
    catalogVersion: string | null;
    /** The signed content bundle the kiosk holds (null: built-in content, or not reported). */
    contentVersion: number | null;
    inService: boolean | null;
  };
  submissions: number;
}

export interface FleetKiosk extends KioskView {
  online: boolean;
  /** Enabled, yet nothing heard for 15 minutes (or never). */
  silent: boolean;
  silentMinutes: number | null;
}

/** `GET /fleet`. */
export interface Fleet {
  at: string;
  kiosks: FleetKiosk[];
  online: number;
  silent: number;
}

// ---- reports -------------------------------------------------------------------------------

export interface ReportRow {
  scope: 'county' | 'town' | 'department';
  name: string;
  received: number;
  afterHours: number;
  afterHoursShare: number | null;
  completed: number;
  completedOnTime: number;
  onTimeRate: number | null;
  ratings: number;
  satisfied: number;
  satisfaction: number | null;
  overdue: number;
}

/** `GET /reports` (as JSON). */
export interface Report {
  period: ReportPeriod;
  from: string;
  /** The last day of the period (inclusive). */
  to: string;
  generatedAt: string;
  rows: ReportRow[];
  searchMisses: { text: string; n: number }[];
  /** Kiosks whose heartbeats in the period reported searches (none: not reported yet). */
  searchReports: number;
}
