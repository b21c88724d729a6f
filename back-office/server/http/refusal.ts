// What the admin and console APIs answer when they will not do a call: an HTTP status, the
// protocol's error code and a message, thrown from deep inside a handler and turned into the
// error document once, where the API routes the call.
import type http from 'node:http';
import type { z } from 'zod';
import type { Logger } from '../../../electron/services/logger';
import { isUnavailable } from '../db/database';
import { RETRY_AFTER_SECONDS } from '../kiosk-api/kiosk-api';
import { BodyTooLargeError, readBody, sendError, sendJson } from './http';

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

/**
 * Answers what a handler threw: a refusal as the error document, a lost database as 503 with
 * Retry-After (logged as `event`, so each API's outages can be told apart); anything else is a
 * bug and is thrown on to the server's own handler.
 */
export function answerFailure(
  res: http.ServerResponse,
  e: unknown,
  log: Logger,
  event: string,
): void {
  if (e instanceof Refusal)
    return sendJson(res, e.status, { error: { code: e.code, message: e.message, ...e.extra } });
  if (!isUnavailable(e)) throw e;
  log.warn(event, { message: (e as Error).message.slice(0, 200) });
  sendError(res, 503, 'unavailable', 'the back office cannot reach its database; try again', {
    'retry-after': String(RETRY_AFTER_SECONDS),
  });
}
