// How a kioskctl command is declared: its options, what it returns, and how that reads as text.
// Every command prints JSON with --json and plain text otherwise.
import path from 'node:path';
import { defaultDataRoot } from '../services/data-dir';
import { printOutcome, readCommandLine, type Options } from './command-core';

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
      const line = readCommandLine(
        {
          program: 'kioskctl',
          name: spec.name,
          summary: spec.summary,
          usage: spec.usage ?? '',
          options: { ...spec.options, data: { type: 'string' } },
        },
        argv,
      );
      if (typeof line === 'number') return line;
      const { values } = line;
      const ctx = {
        ...line,
        dataRoot: typeof values.data === 'string' ? path.resolve(values.data) : defaultDataRoot(),
      };
      const result = await spec.run(ctx);
      printOutcome(result.data, ctx.json, spec.text);
      return result.ok === false ? 1 : 0;
    },
  };
}
