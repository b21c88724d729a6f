// The JSON the console API answers (back-office/server/console-api): the console's side of it.
export type Role = 'dispatcher' | 'handler' | 'supervisor' | 'admin';
export type Status =
  'received' | 'accepted' | 'in-progress' | 'completed' | 'returned' | 'cancelled';
export type Action = 'accept' | 'reroute' | 'correct' | 'complete' | 'return' | 'supervise';

export interface SessionInfo {
  user: { username: string; role: Role; department: string | null };
  csrf: string;
  today: string;
}

export interface QueueItem {
  id: string;
  ticket: string;
  kind: 'bundle' | 'consultation' | 'appeal';
  title: string;
  bundleId: string | null;
  appealCategory: string | null;
  kioskId: string;
  kioskName: string | null;
  town: string | null;
  board: string;
  boardName: string;
  department: string;
  status: Status;
  createdAt: string;
  receivedAt: string;
  dueDate: string;
  closedAt: string | null;
  version: number;
}

export interface QueuePage {
  today: string;
  items: QueueItem[];
  next: string | null;
  counts: { overdue: number; today: number };
}

export interface PhoneReveal {
  at: string;
  username: string;
  requestId: string;
  ticket: string;
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

export interface Notification {
  id: number;
  requestId: string;
  ticket: string;
  action: string;
  text: string;
  createdAt: string;
  state: 'pending' | 'held' | 'sent' | 'failed' | 'no-recipient';
  channel: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  sentAt: string | null;
}

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
  answers: { id: string; yes: boolean; text: { 'zh-CN': string; en: string } | null }[];
  appeal: { category: string | null; topic: string | null; text: string | null } | null;
  assistedBy: string | null;
  timeline: { status: string; note: string | null; at: string; actor: string }[];
  supervisions: { at: string; username: string; note: string }[];
  followUps: FollowUp[];
  notifications: Notification[];
  phoneReveals: PhoneReveal[] | null;
  actions: Action[];
}

export interface Supervision {
  today: string;
  counts: { overdue: number; today: number };
  overdue: QueueItem[];
  dueToday: QueueItem[];
  supervised: (QueueItem & {
    supervisedAt: string;
    supervisedBy: string;
    supervisionNote: string;
  })[];
  followUps: FollowUp[];
}

export interface FleetKiosk {
  kioskId: string;
  name: string | null;
  town: string | null;
  enabled: boolean;
  lastSeenAt: string | null;
  lastHeartbeatAt: string | null;
  health: {
    printer: string | null;
    backlogPending: number | null;
    backlogDead: number | null;
    appVersion: string | null;
    catalogVersion: string | null;
    inService: boolean | null;
  };
  online: boolean;
  silent: boolean;
  silentMinutes: number | null;
}

export interface Fleet {
  at: string;
  kiosks: FleetKiosk[];
  online: number;
  silent: number;
}

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

export interface Report {
  period: 'day' | 'week' | 'month';
  from: string;
  to: string;
  generatedAt: string;
  rows: ReportRow[];
  searchMisses: { text: string; n: number }[];
  searchReports: number;
}

export interface StaffUser {
  username: string;
  role: Role;
  department: string | null;
  createdAt: string;
  lockedUntil: string | null;
  disabled: boolean;
}
