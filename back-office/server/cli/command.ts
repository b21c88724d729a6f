// How a back-office command is declared, like the kiosk's kioskctl (electron/cli/define.ts) and
// on the same argv core (electron/cli/command-core.ts): its options, what it returns, and how
// that reads as text; `--json` prints JSON instead.
// Exit codes: 0 done, 1 refused or failed (one line on stderr), 2 bad arguments.
import {
  printOutcome,
  readCommandLine,
  type CommandLine,
  type Options,
  type Values,
} from '../../../electron/cli/command-core';

export type { Values };

export interface CliCommand {
  name: string;
  summary: string;
  run(argv: string[]): Promise<number>;
}

/** A failure the user can act on: printed as one line, exit code 1 (or 2 for usage). */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export type CommandContext = CommandLine;

export const PROGRAM = 'back-office';

export function defineCommand<T>(spec: {
  name: string;
  summary: string;
  usage: string;
  options?: Options;
  /** How many positionals the command takes (exactly). */
  positionals?: number;
  run(ctx: CommandContext): Promise<T>;
  text(data: T): string;
}): CliCommand {
  const usageLine = `Usage: npm run ${PROGRAM} -- ${spec.usage}`;
  return {
    name: spec.name,
    summary: spec.summary,
    async run(argv) {
      const line = readCommandLine(
        {
          program: PROGRAM,
          name: spec.name,
          summary: spec.summary,
          usage: usageLine,
          options: spec.options ?? {},
        },
        argv,
      );
      if (typeof line === 'number') return line;
      const { args } = line;
      if (spec.positionals !== undefined && args.length !== spec.positionals) {
        process.stderr.write(
          `${PROGRAM} ${spec.name}: expected ${spec.positionals} argument${spec.positionals === 1 ? '' : 's'}, got ${args.length}\n${usageLine}\n`,
        );
        return 2;
      }
      try {
        const data = await spec.run(line);
        printOutcome(data, line.json, spec.text);
        return 0;
      } catch (e) {
        if (!(e instanceof CommandError)) throw e;
        process.stderr.write(`${PROGRAM} ${spec.name}: ${e.message}\n`);
        if (e.exitCode === 2) process.stderr.write(`${usageLine}\n`);
        return e.exitCode;
      }
    },
  };
}

/** A string option's value, or undefined. */
export const opt = (values: Values, name: string): string | undefined =>
  typeof values[name] === 'string' ? (values[name] as string) : undefined;
