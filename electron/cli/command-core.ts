// The part of a command line tool that kioskctl (electron/cli/define.ts) and the back office's
// CLI (back-office/server/cli/command.ts) share: reading argv against the command's options,
// answering --help and bad arguments, and printing the outcome as JSON or text. Node only, with
// no kiosk services, so the back office can import it.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

export interface CommandLine {
  values: Values;
  /** Positionals after the command's own words. */
  args: string[];
  json: boolean;
}

/**
 * Reads `argv` with the command's options plus --json and --help. A number is the exit code
 * when there is nothing to run: 0 after printing the help, 2 after naming a bad argument.
 */
export function readCommandLine(
  spec: { program: string; name: string; summary: string; usage: string; options: Options },
  argv: string[],
): CommandLine | number {
  const options = {
    ...spec.options,
    json: { type: 'boolean' },
    help: { type: 'boolean' },
  } as Options;
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`${spec.program} ${spec.name}: ${(e as Error).message}\n${spec.usage}\n`);
    return 2;
  }
  const values = parsed.values as Values;
  if (values.help) {
    process.stdout.write(`${spec.program} ${spec.name} — ${spec.summary}\n${spec.usage}\n`);
    return 0;
  }
  return {
    values,
    args: parsed.positionals.slice(spec.name.split(' ').length),
    json: values.json === true,
  };
}

/** Prints a command's outcome: pretty JSON with --json, its own text otherwise. */
export function printOutcome<T>(data: T, json: boolean, text: (data: T) => string): void {
  process.stdout.write((json ? JSON.stringify(data, null, 2) : text(data)) + '\n');
}
