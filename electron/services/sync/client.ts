// The kiosk's side of the back-office protocol (docs/back-office-api.yaml): builds, signs and
// sends each call, and sorts every reply into what the worker must do with it.
import crypto from 'node:crypto';
import {
  batchReplySchema,
  KIOSK_LEVEL_ERRORS,
  protocolErrorSchema,
  type WireSubmission,
} from '../../domain/sync';
import { signedHeaders } from '../../protocol/signing';
import { measureOffset, type ClockOffset } from './clock';
import { TransportError, type HttpResponse, type HttpTransport } from './transport';

/**
 * - `ok`: 2xx.
 * - `retry`: try this item again later (timeouts, resets, 5xx, 408, 429).
 *   `endpointDown` is set when the whole back office looks unreachable (network failure, timeout,
 *   502/503/504, 429), which makes the worker hold the queue and probe with one item.
 * - `hold`: the back office refuses the kiosk, not the item (bad signature, clock skew, unknown or
 *   disabled kiosk, or a 4xx that is not a protocol reply, such as a proxy's 404 for a wrong
 *   endpoint path). Nothing is wrong with the item: it stays queued while staff fix the config.
 * - `refused`: a protocol 4xx about this item (invalid, conflicting id, too large): a dead letter.
 * - `aborted`: the kiosk is shutting down; nothing is recorded.
 */
export type CallOutcome =
  | { type: 'ok'; status: number; json: unknown }
  | { type: 'retry'; reason: string; endpointDown: boolean; retryAfterMs: number | null }
  | { type: 'hold'; reason: string }
  | { type: 'refused'; reason: string }
  | { type: 'aborted' };

/** The back office's answer about one item of a batch. */
export type ItemOutcome =
  { type: 'ok'; result: 'accepted' | 'duplicate' } | { type: 'refused'; reason: string };

/**
 * A batch call sorted:
 * - `items`: the back office answered every item, in order (one outcome each).
 * - `unsupported`: the back office does not take this batch as a batch (404: it does not know
 *   batches; 400 `invalid-batch` or another refusal of the call that is neither about the kiosk
 *   nor a retry): nothing of it was stored, and its items are to go one by one.
 * - `retry`, `hold`, `aborted`: as for a single call, for every item of the batch. A 200 whose
 *   body does not answer the items sent (unparsable, a different count or order) is a `retry`:
 *   the back office misbehaves, and no item may be given up on for it.
 */
export type BatchOutcome =
  | { type: 'items'; items: ItemOutcome[] }
  | { type: 'unsupported'; reason: string }
  | Extract<CallOutcome, { type: 'retry' | 'hold' | 'aborted' }>;

export interface ClientOptions {
  /** Base URL; calls go to `<endpoint>/v1/...`. */
  endpoint: string;
  kioskId: string;
  secret: string;
  transport: HttpTransport;
  /** Epoch ms (the signature's timestamp). */
  now: () => number;
  timeoutMs: number;
  /** Every reply's clock reading (its `Date` header, or the heartbeat's `serverTime`). */
  onServerTime?: (offset: ClockOffset | null) => void;
}

/**
 * A submission whose body is already JSON text (as the outbox stores it), sent as is: the same
 * bytes as the WireSubmission it stands for, without parsing the body only to write it again.
 */
export interface StoredSubmission extends Omit<WireSubmission, 'body'> {
  bodyJson: string;
}

export type OutgoingSubmission = WireSubmission | StoredSubmission;

/** The JSON of one submission, keys in the protocol's order (as JSON.stringify writes them). */
export function submissionJson(item: OutgoingSubmission): string {
  if (!('bodyJson' in item)) return JSON.stringify(item);
  const str = JSON.stringify;
  return `{"id":${str(item.id)},"kind":${str(item.kind)},"kioskId":${str(item.kioskId)},"createdAt":${str(item.createdAt)},"body":${item.bodyJson}}`;
}

export interface BackOfficeClient {
  submit(item: OutgoingSubmission, signal: AbortSignal): Promise<CallOutcome>;
  /** Several items in one call (POST v1/submission-batches, no Idempotency-Key). */
  submitBatch(items: readonly OutgoingSubmission[], signal: AbortSignal): Promise<BatchOutcome>;
  pullStatusChanges(
    cursor: string | null,
    limit: number,
    signal: AbortSignal,
  ): Promise<CallOutcome>;
  heartbeat(body: Record<string, unknown>, signal: AbortSignal): Promise<CallOutcome>;
  /** The profile feed after `since` (a signed delta; see protocol/profiles-wire.ts). */
  pullProfiles(since: number, signal: AbortSignal): Promise<CallOutcome>;
  /** A signed GET of a feed under the endpoint, e.g. `v1/content?since=3`. */
  get(relative: string, signal: AbortSignal): Promise<CallOutcome>;
}

/** Only https, or plain http to loopback (the config enforces the same; checked again here). */
export function assertEndpointAllowed(endpoint: string): URL {
  const url = new URL(endpoint);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) {
    if (url.username || url.password) throw new Error('endpoint must not carry credentials');
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    url.search = '';
    url.hash = '';
    return url;
  }
  throw new Error('endpoint must be https (plain http only to loopback)');
}

function retryAfterMs(res: HttpResponse): number | null {
  const v = res.header('retry-after');
  if (!v) return null;
  if (/^\d{1,6}$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - Date.now()) : null;
}

function protocolError(text: string): { code: string; message: string } | null {
  try {
    const parsed = protocolErrorSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error : null;
  } catch {
    return null;
  }
}

/** Sorts one HTTP reply. Exported for tests. */
export function classify(res: HttpResponse): CallOutcome {
  const s = res.status;
  if (s >= 200 && s < 300) {
    let json: unknown = null;
    try {
      json = res.text ? JSON.parse(res.text) : null;
    } catch {
      json = null;
    }
    return { type: 'ok', status: s, json };
  }
  const err = protocolError(res.text);
  const reason = err ? `${s} ${err.code}: ${err.message}`.slice(0, 500) : `HTTP ${s}`;
  if (s === 429 || s === 502 || s === 503 || s === 504)
    return { type: 'retry', reason, endpointDown: true, retryAfterMs: retryAfterMs(res) };
  if (s >= 500 || s === 408)
    return { type: 'retry', reason, endpointDown: false, retryAfterMs: retryAfterMs(res) };
  if (s >= 300 && s < 400) return { type: 'hold', reason: `${reason} (redirect not followed)` };
  if (
    !err ||
    s === 401 ||
    s === 403 ||
    (KIOSK_LEVEL_ERRORS as readonly string[]).includes(err.code)
  )
    return { type: 'hold', reason };
  return { type: 'refused', reason };
}

/** Sorts the reply to a batch of `ids` (in the order sent), already sorted by `classify`. */
export function classifyBatch(ids: readonly string[], out: CallOutcome): BatchOutcome {
  if (out.type === 'retry' || out.type === 'hold' || out.type === 'aborted') {
    // A 404 that is not a protocol reply is a hold for a single call (a wrong endpoint path);
    // for a batch it is also what an older back office answers: the single calls will tell.
    if (out.type === 'hold' && /^HTTP 404\b/.test(out.reason))
      return { type: 'unsupported', reason: out.reason };
    return out;
  }
  if (out.type === 'refused') return { type: 'unsupported', reason: out.reason };
  const misbehaves = (why: string): BatchOutcome => ({
    type: 'retry',
    reason: `HTTP ${out.status}: batch reply ${why}`,
    endpointDown: false,
    retryAfterMs: null,
  });
  const parsed = batchReplySchema.safeParse(out.json);
  if (!parsed.success) return misbehaves('does not match the protocol');
  const results = parsed.data.results;
  if (results.length !== ids.length)
    return misbehaves(`answers ${results.length} of ${ids.length} items`);
  const items: ItemOutcome[] = [];
  for (const [i, r] of results.entries()) {
    // A refused item may come back without its id (too malformed to have one); its place in
    // the order says which it is. Any other id must be the one sent there.
    if (r.id !== ids[i] && !(r.result === 'refused' && r.id === null))
      return misbehaves('answers the items in another order');
    items.push(
      r.result === 'refused'
        ? { type: 'refused', reason: `${r.error.code}: ${r.error.message}`.slice(0, 500) }
        : { type: 'ok', result: r.result },
    );
  }
  return { type: 'items', items };
}

export function createBackOfficeClient(opts: ClientOptions): BackOfficeClient {
  const base = assertEndpointAllowed(opts.endpoint);

  async function send(
    method: 'GET' | 'POST',
    relative: string,
    body: string,
    idempotencyKey: string | null,
    signal: AbortSignal,
  ): Promise<CallOutcome> {
    const url = new URL(relative, base);
    const headers = signedHeaders(opts.secret, {
      method,
      pathAndQuery: url.pathname + url.search,
      kioskId: opts.kioskId,
      timestamp: Math.floor(opts.now() / 1000),
      // 122 random bits, from a pool Node fills in bulk (a small random buffer per call is not).
      nonce: crypto.randomUUID(),
      idempotencyKey,
      body,
    });
    if (method === 'POST') headers['content-type'] = 'application/json';
    headers.accept = 'application/json';
    try {
      const sentAt = opts.now();
      const res = await opts.transport({
        method,
        url: url.href,
        headers,
        ...(method === 'POST' ? { body } : {}),
        timeoutMs: opts.timeoutMs,
        signal,
      });
      const outcome = classify(res);
      const serverTime =
        outcome.type === 'ok' &&
        typeof (outcome.json as { serverTime?: unknown })?.serverTime === 'string'
          ? (outcome.json as { serverTime: string }).serverTime
          : null;
      // Any reply counts, refusals too: a `stale-timestamp` refusal is exactly when it matters.
      opts.onServerTime?.(
        measureOffset({ dateHeader: res.header('date'), serverTime }, sentAt, opts.now()),
      );
      return outcome;
    } catch (e) {
      if (e instanceof TransportError) {
        if (e.failure === 'aborted') return { type: 'aborted' };
        return { type: 'retry', reason: e.message, endpointDown: true, retryAfterMs: null };
      }
      if (signal.aborted) return { type: 'aborted' };
      return {
        type: 'retry',
        reason: `network: ${(e as Error).message ?? String(e)}`.slice(0, 200),
        endpointDown: true,
        retryAfterMs: null,
      };
    }
  }

  return {
    submit: (item, signal) => send('POST', 'v1/submissions', submissionJson(item), item.id, signal),
    submitBatch: async (items, signal) =>
      classifyBatch(
        items.map((i) => i.id),
        await send(
          'POST',
          'v1/submission-batches',
          `{"submissions":[${items.map(submissionJson).join(',')}]}`,
          null,
          signal,
        ),
      ),
    pullStatusChanges: (cursor, limit, signal) => {
      const q = new URLSearchParams();
      if (cursor) q.set('cursor', cursor);
      q.set('limit', String(limit));
      return send('GET', `v1/status-changes?${q.toString()}`, '', null, signal);
    },
    heartbeat: (body, signal) => send('POST', 'v1/heartbeat', JSON.stringify(body), null, signal),
    pullProfiles: (since, signal) =>
      send('GET', `v1/profiles?since=${String(since)}`, '', null, signal),
    get: (relative, signal) => send('GET', relative, '', null, signal),
  };
}
