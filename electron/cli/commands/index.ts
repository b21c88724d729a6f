// Every kioskctl command. A new command is a module in this folder plus one line here.
import type { CliCommand } from '../define';
import { calendarStatusCommand } from './calendar';
import { catalogSearchCommand, catalogStatsCommand } from './catalog';
import { contentApplyCommand, contentSignCommand, contentStatusCommand } from './content';
import { doctorCommand } from './doctor';
import { enterprisesImportCommand } from './enterprises';
import { policiesMatchCommand } from './policies';
import { requestsListCommand, requestsShowCommand } from './requests';
import { auditCommand, setPinCommand } from './staff';
import { syncRetryCommand, syncStatusCommand } from './sync';
import { followUpsListCommand, ratingsSummaryCommand } from './voice';
import { reportCommand } from './report';
import { updateSignCommand, updateStatusCommand } from './updates';
import {
  enterprisesListCommand,
  issueBadgeCommand,
  issueCodeCommand,
  keygenCommand,
  parseCodeCommand,
} from './identity';

export type { CliCommand };

export const COMMANDS: readonly CliCommand[] = [
  doctorCommand,
  calendarStatusCommand,
  catalogStatsCommand,
  catalogSearchCommand,
  contentApplyCommand,
  contentStatusCommand,
  contentSignCommand,
  syncStatusCommand,
  syncRetryCommand,
  requestsListCommand,
  requestsShowCommand,
  setPinCommand,
  auditCommand,
  parseCodeCommand,
  enterprisesListCommand,
  enterprisesImportCommand,
  keygenCommand,
  issueCodeCommand,
  issueBadgeCommand,
  policiesMatchCommand,
  ratingsSummaryCommand,
  followUpsListCommand,
  reportCommand,
  updateStatusCommand,
  updateSignCommand,
];
