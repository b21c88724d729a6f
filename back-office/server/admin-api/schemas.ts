// The admin API's arguments, shared by the service (which validates them) and its clients (the
// command line now, the console later).
import { z } from 'zod';
import { BOARD_IDS } from '../../../electron/domain/catalog';
import { VERDICTS } from '../../../electron/domain/sync';
import { BACK_OFFICE_REQUEST_STATUSES } from '../repositories/request-repository';
import { KIOSK_ID_RE } from '../work/kiosks';
import { CONSOLE_ROLES } from '../repositories/staff-repository';
import { STATUS_NOTE_MAX } from '../work/set-status';

export const ADMIN_API_BASE = '/admin/v1/';

const label = z.string().trim().min(1).max(60);

export const addKioskArgs = z.strictObject({
  kioskId: z.string().regex(KIOSK_ID_RE, '2–12 capital letters or digits'),
  name: label.nullable().default(null),
  town: label.nullable().default(null),
});

/** The statuses an administrator may set (the kiosk's `received` comes from intake). */
export const SETTABLE_STATUSES = [
  'accepted',
  'in-progress',
  'completed',
  'returned',
  'follow-up',
] as const;

export const setStatusArgs = z.strictObject({
  status: z.enum(SETTABLE_STATUSES),
  note: z.string().max(STATUS_NOTE_MAX).nullable().default(null),
  verdict: z.enum(VERDICTS).nullable().default(null),
});

export const requestQuery = z.strictObject({
  status: z.enum([...BACK_OFFICE_REQUEST_STATUSES, 'open', 'closed']).optional(),
  board: z.enum(BOARD_IDS).optional(),
  department: z.string().min(1).max(80).optional(),
  kioskId: z.string().regex(KIOSK_ID_RE).optional(),
  ticket: z.string().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const addUserArgs = z.strictObject({
  username: z.string().min(2).max(32),
  role: z.enum(CONSOLE_ROLES),
  department: label.nullable().default(null),
  password: z.string().min(1).max(400),
});
