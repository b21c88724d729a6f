// Runs a kioskctl command in-process and captures what it prints; and what a read-only command
// must leave alone.
import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../../../electron/cli/define';
import { captureOutput, type CapturedRun } from '../../support/capture-output';

export function runCommand(command: CliCommand, argv: string[]): Promise<CapturedRun> {
  return captureOutput(() => command.run(argv, []));
}

/** The kiosk database's files with their modification times: equal before and after = unwritten. */
export function dbFileStamps(dataDir: string): string[] {
  return fs
    .readdirSync(path.join(dataDir, 'db'))
    .map((f) => `${f}:${fs.statSync(path.join(dataDir, 'db', f)).mtimeMs}`)
    .sort();
}
