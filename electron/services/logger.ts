// Structured JSON-lines log under <data>/logs, one file a day. Values under keys that could carry
// secrets or personal data are replaced before anything is written.
import fs from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

const REDACTED_KEY =
  /secret|password|passphrase|pin|phone|mobile|token|signature|privatekey|authorization/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = REDACTED_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}

export interface FileLoggerOptions {
  dir: string | null;
  /** Also echo to stderr (the browser host in the foreground, tests when debugging). */
  echo?: boolean;
  minLevel?: LogLevel;
  now?: () => Date;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function createLogger(opts: FileLoggerOptions): Logger {
  const now = opts.now ?? (() => new Date());
  const min = ORDER[opts.minLevel ?? 'info'];
  if (opts.dir) fs.mkdirSync(opts.dir, { recursive: true });
  const write = (level: LogLevel, event: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    const t = now();
    const line = JSON.stringify({
      t: t.toISOString(),
      level,
      event,
      ...(redact(fields ?? {}) as object),
    });
    if (opts.echo) process.stderr.write(line + '\n');
    if (!opts.dir) return;
    try {
      fs.appendFileSync(
        path.join(opts.dir, `kiosk-${t.toISOString().slice(0, 10)}.log`),
        line + '\n',
      );
    } catch {
      // A full disk must not take the kiosk down through its own log.
    }
  };
  return {
    debug: (e, f) => write('debug', e, f),
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
  };
}

/** A logger that keeps lines in memory; for tests. */
export function createMemoryLogger(): Logger & {
  lines: { level: LogLevel; event: string; fields: LogFields }[];
} {
  const lines: { level: LogLevel; event: string; fields: LogFields }[] = [];
  const push = (level: LogLevel) => (event: string, fields?: LogFields) =>
    lines.push({ level, event, fields: redact(fields ?? {}) as LogFields });
  return {
    lines,
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
  };
}
