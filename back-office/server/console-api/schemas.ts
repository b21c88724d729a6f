// The console API's arguments, validated by the service.
import { z } from 'zod';
import { BOARD_IDS } from '../../../electron/domain/catalog';
import { NOTIFICATION_STATES } from '../repositories/notification-repository';
import { KIOSK_ID_RE } from '../work/kiosks';
import { CONSOLE_ACTIONS } from '../work/console-actions';
import { QUEUE_STATUS_FILTERS } from './types';

export const CONSOLE_API_BASE = '/console-api/';
export const CONSOLE_BASE = '/console/';
export const SESSION_COOKIE = 'dq_console';
export const CSRF_HEADER = 'x-csrf-token';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const signInArgs = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(400),
});

export const queueQuery = z.strictObject({
  status: z.enum(QUEUE_STATUS_FILTERS).optional(),
  board: z.enum(BOARD_IDS).optional(),
  department: z.string().min(1).max(80).optional(),
  kioskId: z.string().regex(KIOSK_ID_RE).optional(),
  town: z.string().min(1).max(60).optional(),
  due: z.enum(['overdue', 'today']).optional(),
  /** The previous page's `next`. */
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const actionArgs = z.strictObject({
  action: z.enum(CONSOLE_ACTIONS),
  note: z.string().max(400).nullable().default(null),
  department: z.string().max(80).nullable().default(null),
  version: z.number().int().min(0),
});

export const closeFollowUpArgs = z.strictObject({
  outcome: z.string().trim().min(2).max(500),
});

export const notificationQuery = z.strictObject({
  state: z.enum(NOTIFICATION_STATES).optional(),
});

export const reportQuery = z.strictObject({
  period: z.enum(['day', 'week', 'month']),
  date: day,
  format: z.enum(['json', 'csv', 'pdf']).optional(),
});
