// Runs one kioskctl command line and returns its exit code. Two entries share it: the Node
// script (`npm run kioskctl`, dist/electron/kioskctl.mjs) and the packaged kiosk's own binary
// (`deqing-kiosk --kioskctl …`, through the `kioskctl` wrapper installed beside it).
import { parseArgs } from 'node:util';
import { COMMANDS, type CliCommand } from './commands/index';

export interface CliEntry {
  /** How the operator started it, for the usage text. */
  program: string;
  /** Where the data directory is when --data names none, for the usage text. */
  dataDefault: string;
}

function usage({ program, dataDefault }: CliEntry): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'kioskctl — operator commands for the enterprise self-service kiosk',
    '',
    `Usage: ${program} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    `  --data <dir>  the kiosk data directory (default: ${dataDefault})`,
    '  --json        machine-readable output',
    "  --help        this text, or a command's own help after its name",
  ].join('\n');
}

function findCommand(positionals: string[]): { command: CliCommand; rest: string[] } | null {
  // Longest match first: "catalog search" before "catalog".
  const sorted = [...COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const words = command.name.split(' ');
    if (words.every((w, i) => positionals[i] === w))
      return { command, rest: positionals.slice(words.length) };
  }
  return null;
}

export async function runKioskctl(argv: string[], entry: CliEntry): Promise<number> {
  const { positionals } = parseArgs({ args: argv, strict: false, allowPositionals: true });
  const found = findCommand(positionals.map(String));
  if (!found) {
    const asked = argv.includes('--help') || argv.includes('-h') || positionals.length === 0;
    (asked ? process.stdout : process.stderr).write(usage(entry) + '\n');
    if (!asked) process.stderr.write(`\nunknown command: ${positionals.join(' ')}\n`);
    return asked ? 0 : 2;
  }
  try {
    return await found.command.run(argv, found.rest);
  } catch (e) {
    process.stderr.write(`kioskctl: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/**
 * The kioskctl arguments when the kiosk binary was started as the CLI (`--kioskctl` and what
 * follows it), else null. Chromium's own switches before it (the wrapper passes
 * `--ozone-platform=headless`) are not the CLI's.
 */
export function embeddedKioskctlArgs(argv: readonly string[]): string[] | null {
  const at = argv.indexOf('--kioskctl');
  return at < 0 ? null : argv.slice(at + 1);
}
