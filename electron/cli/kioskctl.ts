// kioskctl: the operator's command line over the same services the kiosk runs.
//   npm run kioskctl -- <command> [options] [--json] [--data <dir>]
import { parseArgs } from 'node:util';
import { COMMANDS, type CliCommand } from './commands/index';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'kioskctl — operator commands for the enterprise self-service kiosk',
    '',
    'Usage: npm run kioskctl -- <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    '  --data <dir>  the kiosk data directory (default: $KIOSK_DATA_DIR or ./.data)',
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

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const { positionals } = parseArgs({ args: argv, strict: false, allowPositionals: true });
  const found = findCommand(positionals.map(String));
  if (!found) {
    const asked = argv.includes('--help') || argv.includes('-h') || positionals.length === 0;
    (asked ? process.stdout : process.stderr).write(usage() + '\n');
    if (!asked) process.stderr.write(`\nunknown command: ${positionals.join(' ')}\n`);
    return asked ? 0 : 2;
  }
  return found.command.run(argv, found.rest);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`kioskctl: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
