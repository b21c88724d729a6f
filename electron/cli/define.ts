// How a kioskctl command is declared: its options, what it returns, and how that reads as text.
// Every command prints JSON with --json and plain text otherwise.
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultDataRoot } from '../services/data-dir';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext<V> {
  values: V;
  args: string[];
  dataRoot: string;
  json: boolean;
}

export interface CliCommand {
  name: string;
  summary: string;
  run(argv: string[], rest: string[]): Promise<number>;
}

/** A command's outcome: what to print, and the exit code (0 unless `ok` is false). */
export interface CommandResult<T> {
  data: T;
  ok?: boolean;
}

export function defineCommand<T>(spec: {
  name: string;
  summary: string;
  usage?: string;
  options?: Options;
  run(
    ctx: CommandContext<Record<string, string | boolean | string[] | boolean[] | undefined>>,
  ): Promise<CommandResult<T>>;
  text(data: T): string;
}): CliCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    async run(argv) {
      const options = {
        ...spec.options,
        json: { type: 'boolean' },
        data: { type: 'string' },
        help: { type: 'boolean' },
      } as Options;
      let parsed;
      try {
        parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
      } catch (e) {
        process.stderr.write(
          `kioskctl ${spec.name}: ${(e as Error).message}\n${spec.usage ?? ''}\n`,
        );
        return 2;
      }
      const values = parsed.values as Record<string, string | boolean | undefined>;
      if (values.help) {
        process.stdout.write(`kioskctl ${spec.name} — ${spec.summary}\n${spec.usage ?? ''}\n`);
        return 0;
      }
      const words = spec.name.split(' ').length;
      const ctx = {
        values,
        args: parsed.positionals.slice(words),
        dataRoot: typeof values.data === 'string' ? path.resolve(values.data) : defaultDataRoot(),
        json: values.json === true,
      };
      const result = await spec.run(ctx);
      process.stdout.write(
        (ctx.json ? JSON.stringify(result.data, null, 2) : spec.text(result.data)) + '\n',
      );
      return result.ok === false ? 1 : 0;
    },
  };
}
