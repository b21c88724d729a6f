// Every kioskctl command. A new command is a module in this folder plus one line here.
import type { CliCommand } from '../define';
import { doctorCommand } from './doctor';
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
  parseCodeCommand,
  enterprisesListCommand,
  keygenCommand,
  issueCodeCommand,
  issueBadgeCommand,
];
