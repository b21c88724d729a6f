// The back office's one entry point: `npm run back-office -- <command>`.
//   serve                       the service itself
//   kiosks … / requests …       clients of a running service's admin API (--url, --token)
//   content …                   signed content bundles for the fleet (same API)
//   admin-token rotate          on the service's host, with database access: a new admin token
import { parseArgs } from 'node:util';
import { ADMIN_COMMANDS } from './cli/admin-commands';
import { ADMIN_TOKEN_COMMANDS } from './cli/admin-token-command';
import { CONTENT_COMMANDS } from './cli/content-commands';
import { PROGRAM, type CliCommand } from './cli/command';
import { serveCommand } from './cli/serve';

export const COMMANDS: readonly CliCommand[] = [
  serveCommand,
  ...ADMIN_COMMANDS,
  ...CONTENT_COMMANDS,
  ...ADMIN_TOKEN_COMMANDS,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `${PROGRAM} — the back office that the kiosks hand their requests to`,
    '',
    `Usage: npm run ${PROGRAM} -- <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'serve and admin-token rotate open the database (--data <dir> | --database <url>); the other',
    'commands talk to a running service:',
    '  --url <url>      the service (default $BACK_OFFICE_URL)',
    '  --token <token>  an admin token (default $BACK_OFFICE_TOKEN)',
    '  --json           machine-readable output',
    "  --help           this text, or a command's own help after its name",
  ].join('\n');
}

function findCommand(positionals: string[]): CliCommand | null {
  const sorted = [...COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  return sorted.find((c) => c.name.split(' ').every((w, i) => positionals[i] === w)) ?? null;
}

export async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, strict: false, allowPositionals: true });
  const command = findCommand(positionals.map(String));
  if (!command) {
    const asked = argv.includes('--help') || argv.includes('-h') || positionals.length === 0;
    (asked ? process.stdout : process.stderr).write(usage() + '\n');
    if (!asked) process.stderr.write(`\nunknown command: ${positionals.join(' ')}\n`);
    return asked ? 0 : 2;
  }
  return command.run(argv);
}
