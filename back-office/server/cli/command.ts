// How a back-office command is declared, after the kiosk's kioskctl (electron/cli/define.ts):
// its options, what it returns, and how that reads as text; `--json` prints JSON instead.
// Exit codes: 0 done, 1 refused or failed (one line on stderr), 2 bad arguments.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

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

export interface CommandContext {
  values: Values;
  /** Positionals after the command's own words. */
  args: string[];
  json: boolean;
}

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
      const options = {
        ...spec.options,
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      } as Options;
      let parsed;
      try {
        parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
      } catch (e) {
        process.stderr.write(`${PROGRAM} ${spec.name}: ${(e as Error).message}\n${usageLine}\n`);
        return 2;
      }
      const values = parsed.values as Values;
      if (values.help) {
        process.stdout.write(`${PROGRAM} ${spec.name} — ${spec.summary}\n${usageLine}\n`);
        return 0;
      }
      const args = parsed.positionals.slice(spec.name.split(' ').length);
      if (spec.positionals !== undefined && args.length !== spec.positionals) {
        process.stderr.write(
          `${PROGRAM} ${spec.name}: expected ${spec.positionals} argument${spec.positionals === 1 ? '' : 's'}, got ${args.length}\n${usageLine}\n`,
        );
        return 2;
      }
      const ctx = { values, args, json: values.json === true };
      try {
        const data = await spec.run(ctx);
        process.stdout.write((ctx.json ? JSON.stringify(data, null, 2) : spec.text(data)) + '\n');
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
