// The single-site console: with no back office configured, guide mode works the
// requests waiting in the kiosk's queue — by board, lead department and due date — and marks them
// received, accepted, in progress, completed, or returned with a note. With a back office
// configured the same list is read-only (the back office works the requests there).
// Node-free: the renderer and the services share these rules.
import type { BoardId } from './catalog';
import type { RequestKind, RequestStatus, ServiceLine } from './request';

/** What a guide may set from the console (the back office's statuses, minus 回访). */
export const CONSOLE_STATUSES = [
  'received',
  'accepted',
  'in-progress',
  'completed',
  'returned',
] as const;
export type ConsoleStatus = (typeof CONSOLE_STATUSES)[number];

/** Due date against the center's local today: before it, on it, after it. */
export const DUE_BUCKETS = ['overdue', 'today', 'later'] as const;
export type DueBucket = (typeof DUE_BUCKETS)[number];

/** Open requests (waiting to be worked), or closed ones (completed, returned, cancelled). */
export const WORK_SCOPES = ['open', 'closed'] as const;
export type WorkScope = (typeof WORK_SCOPES)[number];

/** A note a guide gives with a status: required (at least this long) when returning a request. */
export const NOTE_MIN = 2;
export const NOTE_MAX = 200;

/** Dates are `YYYY-MM-DD` in the center's time zone, so they compare as strings. */
export function dueBucket(dueDate: string, today: string): DueBucket {
  if (dueDate < today) return 'overdue';
  return dueDate === today ? 'today' : 'later';
}

const RANK: Partial<Record<RequestStatus, number>> = {
  submitted: 0,
  received: 1,
  accepted: 2,
  'in-progress': 3,
  completed: 4,
};

/**
 * The statuses the console offers next. Forward only (skipping steps is allowed: a small desk may
 * accept and start at once); `returned` from any open status; a returned request may be taken up
 * again once the enterprise brings what was missing; completed and cancelled are final.
 */
export function nextStatuses(current: RequestStatus): ConsoleStatus[] {
  if (current === 'completed' || current === 'cancelled') return [];
  if (current === 'returned') return ['received', 'accepted', 'in-progress', 'completed'];
  const rank = RANK[current] ?? 0;
  return CONSOLE_STATUSES.filter((s) => s === 'returned' || (RANK[s] ?? 0) > rank);
}

/** One request as the console shows it to staff (contact only masked). */
export interface WorkItem {
  id: string;
  ticket: string;
  title: string;
  kind: RequestKind;
  createdAt: string;
  status: RequestStatus;
  statusAt: string;
  dueDate: string;
  due: DueBucket;
  board: BoardId;
  boardName: string;
  leadDepartments: string[];
  services: Pick<ServiceLine, 'name' | 'kind' | 'department'>[];
  enterpriseName: string | null;
  uscc: string | null;
  verified: boolean;
  founder: boolean;
  phoneMasked: string | null;
  assistedBy: string | null;
  /** The newest note in the timeline (a return's reason, a guide's note). */
  lastNote: string | null;
  /** When the back office acknowledged it; null in single-site mode. */
  sentAt: string | null;
  /** What the console may set next; empty when read-only or final. */
  next: ConsoleStatus[];
}

export interface FacetCount<T extends string = string> {
  value: T;
  label: string;
  count: number;
}

export interface WorkQueueView {
  mode: 'single-site' | 'back-office';
  /** A back office is configured: it works the requests; the console only shows them. */
  readOnly: boolean;
  /** The back office's origin when read-only (never a path or a secret). */
  endpoint: string | null;
  /** The center's local date the due buckets are counted from. */
  today: string;
  scope: WorkScope;
  /** Requests in the scope before the filters. */
  total: number;
  /** More requests are in the scope than were read (the oldest are left out). */
  truncated: boolean;
  items: WorkItem[];
  /** Counts over the whole scope, for the filter buttons. */
  facets: {
    boards: FacetCount<BoardId>[];
    departments: FacetCount[];
    due: Record<DueBucket, number>;
  };
}
