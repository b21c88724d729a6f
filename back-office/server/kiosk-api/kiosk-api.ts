// The kiosks' side of the service: docs/back-office-api.yaml, served under /kiosk-api/. Every
// call is verified in the protocol's order (headers, kiosk, signature, clock, then the nonce),
// then answered with the protocol's documents. A database that cannot be reached is a 503 with
// Retry-After: the kiosk keeps the item and retries; nothing unacknowledged is ever counted.
import crypto from 'node:crypto';
import type http from 'node:http';
import type { Logger } from '../../../electron/services/logger';
import {
  MAX_SKEW_SECONDS,
  readSignedCall,
  signatureMatches,
  timestampFresh,
} from '../../../electron/protocol/signing';
import {
  checkBatch,
  checkEnvelope,
  checkSubmission,
  MAX_CALL_BYTES,
  serializedBodyTooLarge,
  type ParsedSubmission,
} from '../../../electron/protocol/wire';
import type { BatchItemResult, BatchReply } from '../../../electron/domain/sync';
import { signFeed } from '../../../electron/protocol/feed-signing';
import {
  PROFILE_DELTA_SCHEMA,
  PROFILES_FEED,
  type ProfileDelta,
} from '../../../electron/protocol/profiles-wire';
import { profilesSince } from '../repositories/profile-repository';
import { isUnavailable, type Database } from '../db/database';
import { insertHeartbeat } from '../repositories/heartbeat-repository';
import {
  findKiosk,
  recordRefusal,
  rememberNonce,
  type KioskAuth,
} from '../repositories/kiosk-repository';
import { contentNewerThan, latestContentVersion } from '../repositories/content-repository';
import { changesAfter } from '../repositories/status-change-repository';
import { acceptBatch, acceptSubmission, type ItemInput } from '../intake/accept-submission';
import type { CenterRules } from '../intake/center-rules';
import { BodyTooLargeError, readBody, sendError, sendJson, sendPlain } from '../http/http';

export const KIOSK_API_BASE = '/kiosk-api/';
/** Seconds a kiosk is asked to wait when the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

export interface KioskApiDeps {
  db: Database;
  rules: CenterRules;
  log: Logger;
  /** Epoch ms. */
  now: () => number;
  maxSkewSeconds?: number;
}

type Route =
  'submissions' | 'submission-batches' | 'status-changes' | 'heartbeat' | 'profiles' | 'content';
const ROUTES: Record<string, { method: 'GET' | 'POST'; route: Route }> = {
  'v1/submissions': { method: 'POST', route: 'submissions' },
  'v1/submission-batches': { method: 'POST', route: 'submission-batches' },
  'v1/status-changes': { method: 'GET', route: 'status-changes' },
  'v1/heartbeat': { method: 'POST', route: 'heartbeat' },
  'v1/profiles': { method: 'GET', route: 'profiles' },
  'v1/content': { method: 'GET', route: 'content' },
};

/** Profile versions a page of the profile feed covers at most. */
export const PROFILES_PAGE = 1000;

const CURSOR = /^c(\d{1,9})$/;

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** Routes whose calls may be verified against a kiosk looked up for an earlier call. */
const CACHED: ReadonlySet<Route> = new Set(['submissions', 'submission-batches']);

interface Verified {
  kioskId: string;
  secret: string;
  town: string | null;
  nonce: string;
  raw: Buffer;
  nowMs: number;
  at: string;
}

/** A received envelope's body (any value; `null` when there is none) and its serialization. */
function bodyOf(doc: unknown): { body: unknown; json: string } {
  const body = doc && typeof doc === 'object' ? (doc as { body?: unknown }).body : undefined;
  return { body, json: JSON.stringify(body ?? null) };
}

/**
 * `JSON.stringify(doc)` of an envelope that checked (an object of strings and its body, as
 * JSON.parse made it), reusing the body's serialization: the body is most of the envelope, and
 * it was serialized already to measure it. Keys in the object's own order, as JSON.stringify.
 */
function envelopeText(doc: object, bodyJson: string): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(doc))
    parts.push(`${JSON.stringify(k)}:${k === 'body' ? bodyJson : JSON.stringify(v)}`);
  return `{${parts.join(',')}}`;
}

/**
 * What a checked envelope is stored and recognised by (see ItemInput): the hash of its
 * serialization as parsed, which a batch's item has too, and of the exact bytes of a single call
 * when they differ; and its body's serialization when it is the body checked.
 */
function contentOf(
  doc: unknown,
  checked: ParsedSubmission,
  body: { body: unknown; json: string },
  text: string | null,
): Pick<ItemInput, 'bodySha256' | 'bytesSha256' | 'bodyJson'> {
  const same = checked.body === body.body && doc !== null && typeof doc === 'object';
  const canonical = same ? envelopeText(doc, body.json) : JSON.stringify(doc);
  const bodySha256 = sha256(canonical);
  return {
    bodySha256,
    ...(text === null || canonical === text ? {} : { bytesSha256: sha256(text) }),
    ...(same ? { bodyJson: body.json } : {}),
  };
}

const itemRefused = (
  id: string | null,
  code: 'invalid-envelope' | 'too-large' | 'conflict',
  message: string,
): BatchItemResult => ({ id, result: 'refused', error: { code, message } });

export function createKioskApi(deps: KioskApiDeps) {
  const { db, log } = deps;
  const skew = deps.maxSkewSeconds ?? MAX_SKEW_SECONDS;

  const remembered = (v: Verified) => rememberNonce(db, v.kioskId, v.nonce, v.at);

  /**
   * Answers a submission; with `cachedSecret` (the kiosk was not looked up for this call) it may
   * instead return 'stale', having answered nothing, when the kiosk has changed since.
   */
  async function submissions(
    res: http.ServerResponse,
    v: Verified,
    key: string | null,
    cachedSecret?: string,
  ): Promise<'stale' | void> {
    // A call refused for its content records its nonce; with a cached kiosk it is answered on the
    // looked-up path instead (rare), so a kiosk disabled meanwhile gets its 403 as before.
    const refused = async (status: number, code: string, message: string) => {
      if (cachedSecret !== undefined) return 'stale' as const;
      if (!(await remembered(v))) return sendError(res, 401, 'replayed', 'call refused');
      return sendError(res, status, code, message);
    };
    const text = v.raw.toString('utf8');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return refused(400, 'invalid-envelope', 'body is not JSON');
    }
    // Size first: a body over the limit is refused as too large whatever else is wrong with it.
    const body = bodyOf(doc);
    if (serializedBodyTooLarge(body.json))
      return refused(413, 'too-large', 'the submission body is over 64 KiB');
    const checked = checkSubmission(doc, { idempotencyKey: key, kioskId: v.kioskId });
    if (!checked.ok) return refused(422, 'invalid-envelope', checked.message);
    const out = await acceptSubmission(db, deps.rules, {
      kioskId: v.kioskId,
      nonce: v.nonce,
      submission: checked.value,
      ...contentOf(doc, checked.value, body, text),
      now: v.at,
      ...(cachedSecret === undefined ? {} : { verifiedWith: cachedSecret }),
    });
    const id = checked.value.id;
    switch (out.type) {
      case 'stale':
        return 'stale';
      case 'replayed':
        return sendError(res, 401, 'replayed', 'call refused');
      case 'conflict':
        return sendError(
          res,
          409,
          'conflict',
          'this id was already used for a different submission',
        );
      case 'duplicate':
        return sendJson(res, 200, { id, result: 'duplicate', receivedAt: out.receivedAt });
      case 'accepted':
        return sendJson(res, 201, { id, result: 'accepted', receivedAt: out.receivedAt });
    }
  }

  /**
   * Answers a batch verified against `secret`: refused as a whole when it is not a batch, else
   * item by item. 'stale' (nothing answered) when the kiosk no longer has that secret enabled,
   * or, for a `cached` kiosk, when the call is refused as a whole (answered once looked up, as
   * `submissions` does).
   */
  async function batch(
    res: http.ServerResponse,
    v: Verified,
    secret: string,
    cached: boolean,
  ): Promise<'stale' | void> {
    const refused = async (message: string) => {
      if (cached) return 'stale' as const;
      if (!(await remembered(v))) return sendError(res, 401, 'replayed', 'call refused');
      return sendError(res, 400, 'invalid-batch', message);
    };
    const whole = checkBatch(v.raw.toString('utf8'));
    if (!whole.ok) return refused(whole.message);
    const raw = whole.items;
    // Each item checked alone: a refused item is answered as such and the others are stored.
    const results: (BatchItemResult | null)[] = [];
    const valid: ItemInput[] = [];
    const placeOf: number[] = [];
    for (const [i, item] of raw.entries()) {
      const maybeId = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
      const id = typeof maybeId === 'string' && maybeId.length <= 64 ? maybeId : null;
      const body = bodyOf(item);
      if (serializedBodyTooLarge(body.json)) {
        results.push(itemRefused(id, 'too-large', 'the submission body is over 64 KiB'));
        continue;
      }
      const checked = checkEnvelope(item, { kioskId: v.kioskId });
      if (!checked.ok) {
        results.push(itemRefused(id, 'invalid-envelope', checked.message));
        continue;
      }
      results.push(null);
      placeOf.push(i);
      valid.push({ submission: checked.value, ...contentOf(item, checked.value, body, null) });
    }
    const out = await acceptBatch(db, deps.rules, {
      kioskId: v.kioskId,
      nonce: v.nonce,
      now: v.at,
      verifiedWith: secret,
      items: valid,
    });
    if (out.type === 'stale') return 'stale';
    if (out.type === 'replayed') return sendError(res, 401, 'replayed', 'call refused');
    for (const [j, o] of out.results.entries()) {
      const id = valid[j]?.submission.id ?? '';
      results[placeOf[j] ?? -1] =
        o.type === 'conflict'
          ? itemRefused(id, 'conflict', 'this id was already used for a different submission')
          : { id, result: o.type, receivedAt: o.receivedAt };
    }
    const reply: BatchReply = { results: results.filter((r) => r !== null) };
    sendJson(res, 200, reply);
  }

  async function statusChanges(res: http.ServerResponse, v: Verified, url: URL) {
    if (!(await remembered(v))) return sendError(res, 401, 'replayed', 'call refused');
    const cursor = url.searchParams.get('cursor');
    const limitText = url.searchParams.get('limit') ?? '200';
    const m = cursor === null ? ['c0', '0'] : CURSOR.exec(cursor);
    const limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : NaN;
    if (!m || !Number.isInteger(limit) || limit < 1 || limit > 1000)
      return sendError(res, 400, 'invalid-cursor', 'cursor or limit not understood');
    const after = Number(m[1]);
    const page = await changesAfter(db, v.kioskId, after, limit);
    const last = page.changes.at(-1);
    sendJson(res, 200, {
      changes: page.changes.map((c) => ({
        changeId: c.changeId,
        submissionId: c.submissionId,
        kind: c.kind,
        status: c.status,
        note: c.note,
        verdict: c.verdict,
        at: c.at,
      })),
      nextCursor: `c${last ? last.seq : after}`,
      hasMore: page.hasMore,
    });
  }

  async function profiles(res: http.ServerResponse, v: Verified, url: URL) {
    if (!(await remembered(v))) return sendError(res, 401, 'replayed', 'call refused');
    const sinceText = url.searchParams.get('since') ?? '0';
    if (!/^\d{1,15}$/.test(sinceText))
      return sendError(res, 400, 'invalid-cursor', 'since must be a version number');
    const page = await profilesSince(db, {
      since: Number(sinceText),
      limit: PROFILES_PAGE,
      town: deps.rules.profilesByTown ? v.town : null,
    });
    const delta: ProfileDelta = {
      schema: PROFILE_DELTA_SCHEMA,
      kioskId: v.kioskId,
      ...page,
    };
    sendJson(res, 200, signFeed(v.secret, PROFILES_FEED, v.kioskId, delta));
  }

  /** The newest signed content bundle when it is newer than the kiosk's (`since`), else none. */
  async function content(res: http.ServerResponse, v: Verified, url: URL) {
    if (!(await remembered(v))) return sendError(res, 401, 'replayed', 'call refused');
    const sinceText = url.searchParams.get('since') ?? '0';
    if (!/^\d{1,10}$/.test(sinceText))
      return sendError(res, 400, 'invalid-since', 'since is a content version (0 for none)');
    const newer = await contentNewerThan(db, Number(sinceText));
    if (!newer)
      return sendJson(res, 200, { version: await latestContentVersion(db), bundle: null });
    sendJson(res, 200, { version: newer.version, bundle: JSON.parse(newer.bundle) as unknown });
  }

  async function heartbeat(res: http.ServerResponse, v: Verified) {
    if (!(await remembered(v))) return sendError(res, 401, 'replayed', 'call refused');
    let body: unknown;
    try {
      body = JSON.parse(v.raw.toString('utf8'));
    } catch {
      return sendError(res, 400, 'invalid-heartbeat', 'body is not JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body))
      return sendError(res, 400, 'invalid-heartbeat', 'body is not an object');
    const hb = body as Record<string, unknown>;
    if (hb.kioskId !== undefined && hb.kioskId !== v.kioskId)
      return sendError(res, 400, 'invalid-heartbeat', 'kioskId differs from X-Kiosk-Id');
    const kioskAt = typeof hb.at === 'string' && !Number.isNaN(Date.parse(hb.at)) ? hb.at : null;
    await insertHeartbeat(db, { kioskId: v.kioskId, receivedAt: v.at, kioskAt, body: hb });
    sendJson(res, 200, { serverTime: v.at });
  }

  // Enabled kiosks as last looked up, so that a submission's signature is checked without a
  // round trip to the database. Only submissions and batches use it, and what stores them checks
  // again that the kiosk is still enabled with this secret (else: `stale`, looked up afresh), so a
  // kiosk disabled on any instance is refused from its next call on, as without the cache. Only
  // kiosks whose signature matched are kept: at most the enrolled ones.
  const verified = new Map<string, KioskAuth>();

  async function verifyAndRoute(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    route: Route,
  ) {
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_CALL_BYTES);
    } catch (e) {
      if (!(e instanceof BodyTooLargeError)) throw e;
      res.setHeader('connection', 'close');
      return sendError(res, 413, 'too-large', 'request body too large');
    }
    const call = readSignedCall(req.headers);
    if (!call) return sendError(res, 401, 'missing-headers', 'call refused');
    // The path and query exactly as in the request line: what the kiosk signed.
    const received = { method: req.method ?? '', pathAndQuery: req.url ?? '', body: raw };
    if (CACHED.has(route)) {
      const known = verified.get(call.kioskId);
      if (known && signatureMatches(known.secret, call, received)) {
        const v = checked(res, call, known, raw);
        if (!v) return;
        const out =
          route === 'submissions'
            ? await submissions(res, v, call.idempotencyKey, known.secret)
            : await batch(res, v, known.secret, true);
        if (out !== 'stale') return;
      }
      verified.delete(call.kioskId);
    }
    const kiosk = await findKiosk(db, call.kioskId);
    if (!kiosk) return refuse(res, call.kioskId, 401, 'unknown-kiosk');
    if (!signatureMatches(kiosk.secret, call, received))
      return refuse(res, call.kioskId, 401, 'bad-signature');
    const nowMs = deps.now();
    if (!timestampFresh(call, nowMs, skew))
      return refuse(res, call.kioskId, 401, 'stale-timestamp');
    const v = verifiedCall(call, kiosk, raw, nowMs);
    if (!kiosk.enabled) return refuseDisabled(res, kiosk.kioskId, v.at);
    if (CACHED.has(route)) verified.set(kiosk.kioskId, kiosk);
    if (route === 'submissions') {
      await submissions(res, v, call.idempotencyKey);
      return;
    }
    if (route === 'submission-batches') {
      // Checked once more as the batch is stored: disabled (or given a new secret) in between, it
      // is refused as it would have been a moment later.
      if ((await batch(res, v, kiosk.secret, false)) !== 'stale') return;
      verified.delete(kiosk.kioskId);
      const now = await findKiosk(db, call.kioskId);
      if (now && !now.enabled) return refuseDisabled(res, now.kioskId, v.at);
      return refuse(res, call.kioskId, 401, now ? 'bad-signature' : 'unknown-kiosk');
    }
    if (route === 'status-changes') return statusChanges(res, v, url);
    if (route === 'profiles') return profiles(res, v, url);
    if (route === 'content') return content(res, v, url);
    return heartbeat(res, v);
  }

  /** A call signed with a kiosk's cached secret: its clock checked, as for any call. */
  function checked(
    res: http.ServerResponse,
    call: NonNullable<ReturnType<typeof readSignedCall>>,
    kiosk: KioskAuth,
    raw: Buffer,
  ): Verified | null {
    const nowMs = deps.now();
    if (!timestampFresh(call, nowMs, skew)) {
      refuse(res, call.kioskId, 401, 'stale-timestamp');
      return null;
    }
    return verifiedCall(call, kiosk, raw, nowMs);
  }

  function verifiedCall(
    call: NonNullable<ReturnType<typeof readSignedCall>>,
    kiosk: KioskAuth,
    raw: Buffer,
    nowMs: number,
  ): Verified {
    return {
      kioskId: kiosk.kioskId,
      secret: kiosk.secret,
      town: kiosk.town,
      nonce: call.nonce,
      raw,
      nowMs,
      at: new Date(nowMs).toISOString(),
    };
  }

  function refuse(
    res: http.ServerResponse,
    kioskId: string,
    status: number,
    code: string,
    message = 'call refused',
  ) {
    log.warn('kiosk_api.refused', { kioskId: kioskId.slice(0, 12), code });
    sendError(res, status, code, message);
  }

  /** A kiosk staff disabled: the refusal is recorded for the fleet view, then answered. */
  async function refuseDisabled(res: http.ServerResponse, kioskId: string, at: string) {
    await recordRefusal(db, kioskId, 'kiosk-disabled', at);
    refuse(res, kioskId, 403, 'kiosk-disabled', 'this kiosk is disabled at the back office');
  }

  /** Handles a call whose path is under KIOSK_API_BASE. */
  return async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): Promise<void> {
    const rest = url.pathname.slice(KIOSK_API_BASE.length);
    const r = ROUTES[rest];
    if (!r) return sendPlain(res, 404, 'not found');
    if (req.method !== r.method) {
      res.setHeader('allow', r.method);
      return sendPlain(res, 405, 'method not allowed');
    }
    try {
      await verifyAndRoute(req, res, url, r.route);
    } catch (e) {
      if (!isUnavailable(e)) throw e;
      log.warn('kiosk_api.database_unavailable', { message: (e as Error).message.slice(0, 200) });
      sendError(res, 503, 'unavailable', 'the back office cannot reach its database; try again', {
        'retry-after': String(RETRY_AFTER_SECONDS),
      });
    }
  };
}
