// A reference back office: the receiving side of docs/back-office-api.yaml over loopback HTTP,
// with fault injection, for tests and the `sync` benchmark.
//
// It verifies every call (HMAC signature, clock skew, nonce replay), accepts each submission
// exactly once by its id (a repeat with the same content is answered as a duplicate, a repeat
// with different content is refused as a conflict), alone (its Idempotency-Key) or in a batch
// (POST /v1/submission-batches, each item answered in order; `batches: false` answers 404 there,
// as a back office that predates batches does), records every arrival (a batch's with each
// item's outcome), serves status changes by cursor, and takes heartbeats. Envelopes are checked
// with the protocol's own schemas (electron/protocol/wire.ts), as the real back office does. Faults are scripted per arrival
// (500s, resets, hangs, slow replies, replies lost after the submission was stored) and as
// outages in the receiver's clock, which a test can share with the kiosk (simulated time).
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import {
  type BatchItemResult,
  type StatusChange,
  type SubmissionKind,
  type SubmissionStatus,
  type Verdict,
} from '../../electron/domain/sync';
import {
  HEADER,
  MAX_SKEW_SECONDS,
  sha256Hex,
  verifySignedCall,
} from '../../electron/protocol/signing';
import {
  bodyTooLarge,
  checkBatch,
  checkEnvelope,
  checkSubmission,
} from '../../electron/protocol/wire';

export type Fault =
  /** Answer with this status (and a protocol error body) without processing. */
  | { type: 'status'; status: number; retryAfterSeconds?: number }
  /** A permanent, item-level refusal (e.g. 422 invalid-envelope). */
  | { type: 'refuse'; status: number; code: string; message: string }
  /** Destroy the connection before processing. */
  | { type: 'reset' }
  /** Never answer (the kiosk's timeout fires); nothing is processed. */
  | { type: 'hang' }
  /** Wait `ms` (real time), then process and answer normally. */
  | { type: 'slow'; ms: number }
  /** Process (store the submission), then destroy the connection: the reply is lost. */
  | { type: 'drop-reply' }
  /** Process, then answer only after `ms` (real time), typically after the kiosk gave up. */
  | { type: 'reply-late'; ms: number };

export interface ArrivalContext {
  seq: number;
  method: string;
  path: string;
  /** The submission id (Idempotency-Key), when there is one. */
  id: string | null;
  /** The ids a batch carries, in order (empty for any other call). */
  ids: string[];
  nowMs: number;
}

export interface Arrival {
  seq: number;
  at: number;
  method: string;
  path: string;
  id: string | null;
  outcome: string;
  /** A batch's ids, in order, as sent (whatever became of the call). */
  ids?: string[];
  /** A batch's items, in order, each with its own outcome (`accepted`, `duplicate`, `refused:…`). */
  items?: { id: string | null; outcome: string }[];
}

/** Every submission that arrived, alone or in a batch, with its outcome, in arrival order. */
export function itemArrivals(
  arrivals: readonly Arrival[],
): { id: string | null; outcome: string }[] {
  return arrivals.flatMap((a) =>
    a.items
      ? a.items
      : a.path.endsWith('/v1/submissions')
        ? [{ id: a.id, outcome: a.outcome }]
        : [],
  );
}

/** The ids in a batch call's body (for fault scripts), or [] when it is not one. */
export function batchIds(path: string, raw: Buffer): string[] {
  if (!path.endsWith('/v1/submission-batches')) return [];
  try {
    const doc = JSON.parse(raw.toString('utf8')) as { submissions?: { id?: unknown }[] };
    return (doc.submissions ?? []).map((s) => (typeof s?.id === 'string' ? s.id : ''));
  } catch {
    return [];
  }
}

export interface StoredSubmission {
  id: string;
  kind: SubmissionKind;
  kioskId: string;
  createdAt: string;
  body: Record<string, unknown>;
  bodyHash: string;
  receivedAt: number;
  /** Arrivals of this id that were answered (first acceptance + duplicates). */
  deliveries: number;
}

export interface ReceiverOptions {
  /** Kiosk id → secret. */
  kiosks: Record<string, string>;
  /** The receiver's clock in ms (share a simulated clock with the kiosk in tests). */
  now?: () => number;
  maxSkewSeconds?: number;
  fault?: (a: ArrivalContext) => Fault | null;
  /** Windows of the receiver's clock during which every call's connection is reset. */
  outages?: { fromMs: number; toMs: number }[];
  /** Base path the API lives under (default `/`). */
  basePath?: string;
  /** Serve HTTPS with this key and certificate chain (PEM) instead of plain HTTP. */
  tls?: { key: string; cert: string };
  /** False: answer 404 to POST /v1/submission-batches, as a back office without batches. */
  batches?: boolean;
}

interface ChangeRecord extends StatusChange {
  seq: number;
  kioskId: string;
}

export interface ReferenceReceiver {
  /** The endpoint to configure as backOffice.endpoint. */
  url: string;
  arrivals: Arrival[];
  submissions: Map<string, StoredSubmission>;
  heartbeats: { kioskId: string; body: Record<string, unknown>; at: number }[];
  /** Records a status change for a stored submission; the kiosk pulls it. */
  setStatus(
    id: string,
    status: SubmissionStatus,
    extra?: { note?: string; verdict?: Verdict },
  ): StatusChange;
  statusChanges(): readonly StatusChange[];
  setFault(fault: ReceiverOptions['fault']): void;
  setOutages(outages: { fromMs: number; toMs: number }[]): void;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 256 * 1024;

function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) resolve(null);
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Where an arrival starts, the same in this receiver and in the fault proxy in front of the real
 * back office, so that one test's fault script means the same against either: the arrival is
 * recorded with its number and key; in an outage the connection is dropped and null returned.
 */
export function arrive(
  req: http.IncomingMessage,
  o: {
    seq: number;
    at: number;
    path: string;
    arrivals: Arrival[];
    outages: { fromMs: number; toMs: number }[];
  },
): Arrival | null {
  const key = req.headers[HEADER.idempotencyKey];
  const arrival: Arrival = {
    seq: o.seq,
    at: o.at,
    method: req.method ?? '',
    path: o.path,
    id: typeof key === 'string' ? key : null,
    outcome: 'pending',
  };
  o.arrivals.push(arrival);
  if (o.outages.some((w) => o.at >= w.fromMs && o.at < w.toMs)) {
    arrival.outcome = 'outage';
    req.socket.destroy();
    return null;
  }
  return arrival;
}

/**
 * The script's fault for an arrival. A reset (the connection dropped) and a hang (never answered)
 * end the arrival here: 'ended'; any other fault is the caller's to act on.
 */
export function scriptedFault(
  fault: NonNullable<ReceiverOptions['fault']>,
  arrival: Arrival,
  req: http.IncomingMessage,
  raw: Buffer,
): Fault | null | 'ended' {
  const ids = batchIds(arrival.path, raw);
  if (ids.length > 0) arrival.ids = ids;
  const f = fault({
    seq: arrival.seq,
    method: arrival.method,
    path: arrival.path,
    id: arrival.id,
    ids,
    nowMs: arrival.at,
  });
  if (f?.type === 'reset') {
    arrival.outcome = 'fault:reset';
    req.socket.destroy();
    return 'ended';
  }
  if (f?.type === 'hang') {
    arrival.outcome = 'fault:hang';
    return 'ended';
  }
  return f;
}

export async function startReferenceReceiver(opts: ReceiverOptions): Promise<ReferenceReceiver> {
  const now = opts.now ?? (() => Date.now());
  const skew = opts.maxSkewSeconds ?? MAX_SKEW_SECONDS;
  const base = (opts.basePath ?? '/').replace(/\/?$/, '/');
  let fault = opts.fault ?? (() => null);
  let outages = opts.outages ?? [];
  const arrivals: Arrival[] = [];
  const submissions = new Map<string, StoredSubmission>();
  const heartbeats: ReferenceReceiver['heartbeats'] = [];
  const changes: ChangeRecord[] = [];
  const nonces = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;
  let changeSeq = 0;

  const rememberNonce = (kioskId: string, nonce: string, at: number): boolean => {
    // Forget nonces older than twice the skew window: older calls are refused as stale anyway.
    if (nonces.size > 10_000)
      for (const [k, t] of nonces) if (t < at - 2 * skew * 1000) nonces.delete(k);
    const key = `${kioskId}:${nonce}`;
    if (nonces.has(key)) return false;
    nonces.set(key, at);
    return true;
  };

  const appendChange = (
    s: StoredSubmission,
    status: SubmissionStatus,
    extra: { note?: string; verdict?: Verdict } = {},
  ): StatusChange => {
    const c: ChangeRecord = {
      seq: ++changeSeq,
      kioskId: s.kioskId,
      changeId: `chg-${changeSeq}`,
      submissionId: s.id,
      kind: s.kind,
      status,
      note: extra.note ?? null,
      verdict: extra.verdict ?? null,
      at: new Date(now()).toISOString(),
    };
    changes.push(c);
    return c;
  };

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  function send(res: http.ServerResponse, status: number, json: unknown, headers = {}): void {
    if (res.destroyed || res.writableEnded) return;
    const text = JSON.stringify(json);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      // The receiver's own clock (a test may shift it): kiosks measure their offset from it.
      date: new Date(now()).toUTCString(),
      ...headers,
    });
    res.end(text);
  }
  const error = (res: http.ServerResponse, status: number, code: string, message: string) =>
    send(res, status, { error: { code, message } });

  /**
   * Stores one checked submission once by id: a repeat with the same content is a duplicate, with
   * other content a conflict. The content is compared as JSON.stringify writes it, alone or in a
   * batch alike.
   */
  function store(
    kioskId: string,
    e: { id: string; kind: SubmissionKind; createdAt: string; body: Record<string, unknown> },
  ): BatchItemResult {
    const hash = sha256Hex(
      JSON.stringify({ id: e.id, kind: e.kind, kioskId, createdAt: e.createdAt, body: e.body }),
    );
    const existing = submissions.get(e.id);
    if (existing) {
      if (existing.bodyHash !== hash)
        return {
          id: e.id,
          result: 'refused',
          error: {
            code: 'conflict',
            message: 'this id was already used for a different submission',
          },
        };
      existing.deliveries++;
      return {
        id: e.id,
        result: 'duplicate',
        receivedAt: new Date(existing.receivedAt).toISOString(),
      };
    }
    const stored: StoredSubmission = {
      id: e.id,
      kind: e.kind,
      kioskId,
      createdAt: e.createdAt,
      body: e.body,
      bodyHash: hash,
      receivedAt: now(),
      deliveries: 1,
    };
    submissions.set(e.id, stored);
    appendChange(stored, 'received');
    return { id: e.id, result: 'accepted', receivedAt: new Date(stored.receivedAt).toISOString() };
  }

  /** Processes a verified call; returns the reply to give. */
  function process(
    kioskId: string,
    method: string,
    route: string,
    url: URL,
    raw: Buffer,
    headers: http.IncomingHttpHeaders,
  ): {
    status: number;
    json: unknown;
    outcome: string;
    items?: { id: string | null; outcome: string }[];
  } {
    if (method === 'POST' && route === 'v1/submissions') {
      const key = headers[HEADER.idempotencyKey];
      let doc: unknown;
      try {
        doc = JSON.parse(raw.toString('utf8'));
      } catch {
        return refusal(400, 'invalid-envelope', 'body is not JSON');
      }
      const check = checkSubmission(doc, {
        idempotencyKey: typeof key === 'string' ? key : null,
        kioskId,
      });
      if (!check.ok) return refusal(422, 'invalid-envelope', check.message);
      if (bodyTooLarge(check.value.body)) return refusal(413, 'too-large', 'body too large');
      const r = store(kioskId, check.value);
      if (r.result === 'refused') return refusal(409, r.error.code, r.error.message);
      return {
        status: r.result === 'accepted' ? 201 : 200,
        json: r,
        outcome: r.result,
      };
    }
    if (method === 'POST' && route === 'v1/submission-batches') {
      if (opts.batches === false) return refusal(404, 'not-found', 'no such endpoint');
      const batch = checkBatch(raw.toString('utf8'));
      if (!batch.ok) return refusal(400, 'invalid-batch', batch.message);
      const items = batch.items;
      // Stored all together (one synchronous step here, one transaction at the back office).
      const results: BatchItemResult[] = items.map((item) => {
        const check = checkEnvelope(item, { kioskId });
        const id = (item as { id?: unknown } | null)?.id;
        if (!check.ok)
          return {
            id: typeof id === 'string' ? id.slice(0, 64) : null,
            result: 'refused',
            error: { code: 'invalid-envelope', message: check.message },
          };
        if (bodyTooLarge(check.value.body))
          return {
            id: check.value.id,
            result: 'refused',
            error: { code: 'too-large', message: 'body too large' },
          };
        return store(kioskId, check.value);
      });
      return {
        status: 200,
        json: { results },
        outcome: `batch:${results.length}`,
        items: results.map((r) => ({
          id: r.id,
          outcome: r.result === 'refused' ? `refused:${r.error.code}` : r.result,
        })),
      };
    }
    if (method === 'GET' && route === 'v1/status-changes') {
      const cursor = url.searchParams.get('cursor') ?? 'c0';
      const m = /^c(\d{1,12})$/.exec(cursor);
      const limit = Number(url.searchParams.get('limit') ?? '200');
      if (!m || !Number.isInteger(limit) || limit < 1 || limit > 1000)
        return refusal(400, 'invalid-cursor', 'cursor or limit not understood');
      const after = Number(m[1]);
      const mine = changes.filter((c) => c.kioskId === kioskId && c.seq > after);
      const page = mine.slice(0, limit);
      const last = page.at(-1);
      return {
        status: 200,
        json: {
          changes: page.map(({ seq: _s, kioskId: _k, ...c }) => c),
          nextCursor: last ? `c${last.seq}` : `c${after}`,
          hasMore: mine.length > page.length,
        },
        outcome: `status-page:${page.length}`,
      };
    }
    if (method === 'POST' && route === 'v1/heartbeat') {
      try {
        heartbeats.push({
          kioskId,
          body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>,
          at: now(),
        });
      } catch {
        return refusal(400, 'invalid-heartbeat', 'body is not JSON');
      }
      return {
        status: 200,
        json: { serverTime: new Date(now()).toISOString() },
        outcome: 'heartbeat',
      };
    }
    return refusal(404, 'not-found', 'no such endpoint');
  }

  function refusal(status: number, code: string, message: string) {
    return { status, json: { error: { code, message } }, outcome: `refused:${code}` };
  }

  const handler: http.RequestListener = (req, res) => {
    void (async () => {
      const at = now();
      const url = new URL(req.url ?? '/', 'http://receiver');
      const pathAndQuery = url.pathname + url.search;
      const route = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : '';
      const arrival = arrive(req, { seq: ++seq, at, path: url.pathname, arrivals, outages });
      if (!arrival) return;
      const raw = await readBody(req);
      if (raw === null) {
        arrival.outcome = 'refused:too-large';
        return error(res, 413, 'too-large', 'request body too large');
      }
      const f = scriptedFault(fault, arrival, req, raw);
      if (f === 'ended') return;
      if (f?.type === 'status') {
        arrival.outcome = `fault:${f.status}`;
        const headers = f.retryAfterSeconds ? { 'retry-after': String(f.retryAfterSeconds) } : {};
        return send(
          res,
          f.status,
          { error: { code: 'unavailable', message: 'injected' } },
          headers,
        );
      }
      if (f?.type === 'slow') await new Promise<void>((r) => later(f.ms, r));
      const verified = verifySignedCall({
        method: arrival.method,
        pathAndQuery,
        headers: req.headers,
        body: raw,
        nowMs: now(),
        secretFor: (id) => opts.kiosks[id] ?? null,
        rememberNonce,
        maxSkewSeconds: skew,
      });
      if (!verified.ok) {
        arrival.outcome = `refused:${verified.reason}`;
        return error(res, 401, verified.reason, 'call refused');
      }
      if (f?.type === 'refuse') {
        arrival.outcome = `refused:${f.code}`;
        return error(res, f.status, f.code, f.message);
      }
      const reply = process(verified.kioskId, arrival.method, route, url, raw, req.headers);
      arrival.outcome = reply.outcome;
      if (reply.items) arrival.items = reply.items;
      if (f?.type === 'drop-reply') {
        arrival.outcome += '+fault:drop-reply';
        req.socket.destroy();
        return;
      }
      if (f?.type === 'reply-late') {
        arrival.outcome += '+fault:reply-late';
        later(f.ms, () => send(res, reply.status, reply.json));
        return;
      }
      send(res, reply.status, reply.json);
    })().catch(() => {
      req.socket.destroy();
    });
  };
  const server = opts.tls ? https.createServer(opts.tls, handler) : http.createServer(handler);
  server.keepAliveTimeout = 5_000;
  server.on(opts.tls ? 'secureConnection' : 'connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}${base}`,
    arrivals,
    submissions,
    heartbeats,
    setStatus(id, status, extra) {
      const s = submissions.get(id);
      if (!s) throw new Error(`the back office has no submission ${id}`);
      if (status === 'returned' && !extra?.note) throw new Error('returned needs a note');
      if (status === 'follow-up' && !extra?.verdict) throw new Error('follow-up needs a verdict');
      return appendChange(s, status, extra);
    },
    statusChanges: () => changes.map(({ seq: _s, kioskId: _k, ...c }) => c),
    setFault(f) {
      fault = f ?? (() => null);
    },
    setOutages(o) {
      outages = o;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A fresh kiosk secret (what a back office would issue). */
export const newKioskSecret = (): string => crypto.randomBytes(32).toString('base64url');
