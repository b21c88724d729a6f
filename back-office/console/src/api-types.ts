// The JSON the console API answers: the server's own declarations (they are Node-free), so a
// change to a row shape there fails the console's type check rather than its screens.
export type {
  ConsoleAction as Action,
  BackOfficeRequestStatus as Status,
  FollowUp,
  Fleet,
  FleetKiosk,
  PhoneReveal,
  QueueItem,
  QueuePage,
  Report,
  ReportRow,
  RequestDetail,
  SessionInfo,
  ConsoleRole as Role,
  StaffUser,
  StoredNotification as Notification,
  SupervisionOverview as Supervision,
} from '../../server/console-api/types';

/** The queue's status filter, as the server validates it. */
export { QUEUE_STATUS_FILTERS } from '../../server/console-api/types';
