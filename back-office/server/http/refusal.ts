// What the admin and console APIs answer when they will not do a call: an HTTP status, the
// protocol's error code and a message, thrown from deep inside a handler and turned into the
// error document once, where the API routes the call.
import type http from 'node:http';
import type { z } from 'zod';
import { BodyTooLargeError, readBody } from './http';

export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The value as `schema` reads it, or a 400 naming the first few problems. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const text = r.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  throw new Refusal(400, 'invalid', text);
}

/** The body as JSON ({} when empty); 413 past `max` bytes, 400 when it is not JSON. */
export async function jsonBody(req: http.IncomingMessage, max: number): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await readBody(req, max);
  } catch (e) {
    if (e instanceof BodyTooLargeError)
      throw new Refusal(413, 'too-large', `body over ${Math.round(max / 1024)} KiB`);
    throw e;
  }
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new Refusal(400, 'invalid', 'body is not JSON');
  }
}
