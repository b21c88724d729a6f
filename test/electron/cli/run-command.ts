// Runs a kioskctl command in-process and captures what it prints.
import type { CliCommand } from '../../../electron/cli/define';
import { captureOutput, type CapturedRun } from '../../support/capture-output';

export function runCommand(command: CliCommand, argv: string[]): Promise<CapturedRun> {
  return captureOutput(() => command.run(argv, []));
}
