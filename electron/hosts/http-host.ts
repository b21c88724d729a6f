// The browser host: the built renderer and every contract call over loopback HTTP, for running
// the kiosk in a plain Chromium. Bound to 127.0.0.1 only. A random key made at each launch must
// come with every call; a foreign Host or Origin is refused before anything runs (DNS rebinding,
// other local pages). No CORS headers are ever sent.
//
// The key never appears on a command line (any local user can read /proc/<pid>/cmdline): the URL
// a browser is started on carries a one-time launch code (the launcher puts it in a file only the
// kiosk's user can read, see launch-page.ts), which the page exchanges for the key on its first
// load (POST /launch). A code works once and for two minutes; a code presented a second time
// means someone else took it first, so the key is replaced (theirs is dead) and the shell starts
// the browser again with a fresh code.
//
// A local process could also flood the host: connections are capped, and refusals are logged at
// most a few times a minute per kind (with a count of the lines left out), never one line each.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallOutcome } from '../domain/call';
import { PRINT_DATA_PATH, PRINT_TOKEN_HEADER, type PrintViewData } from '../domain/printing';
import type { Logger } from '../services/logger';
import { SECURITY_HEADERS } from './csp';
import type { Dispatch } from './dispatch';
import { readStaticFile } from './static-files';

export const MAX_BODY_BYTES = 1024 * 1024;
const DRAIN_LIMIT_BYTES = 8 * MAX_BODY_BYTES;
export const SECRET_HEADER = 'x-kiosk-key';
/** Where the page exchanges its launch code for the key. */
export const LAUNCH_PATH = '/launch';
export const LAUNCH_CODE_TTL_MS = 2 * 60_000;
/** Open connections at most (a kiosk page keeps a handful). */
export const MAX_CONNECTIONS = 64;
/** Log lines per kind of refusal per minute at most. */
export const REFUSAL_LOG_PER_MINUTE = 10;

export interface HttpHostOptions {
  dispatch: Dispatch;
  staticDir: string;
  log: Logger;
  port?: number;
  secret?: string;
  /**
   * The print view's document for a one-time print token (the headless print page has no launch
   * secret: only the token main gave it). Absent: no print view is served.
   */
  printView?: (token: string) => PrintViewData | null;
  /** Tests: the clock the launch codes' lifetime and the refusal log's minutes are taken from. */
  now?: () => number;
}

export interface HttpHost {
  /**
   * A URL a browser may open once: a one-time launch code in the fragment (never sent to
   * servers), exchanged by the page for the key. The same as `launchUrl()` made at start.
   */
  url: string;
  /** A fresh one-time launch URL (each browser start takes its own). */
  launchUrl(): string;
  origin: string;
  port: number;
  /** The key every call must carry now (it changes when a launch code was stolen). */
  readonly secret: string;
  close(): Promise<void>;
}

/** Logs a kind of line at most `perMinute` times a minute; then one line with how many were left out. */
export function createLogLimiter(log: Logger, perMinute: number, now: () => number) {
  const windows = new Map<string, { start: number; count: number; dropped: number }>();
  return (event: string, fields: Record<string, unknown>) => {
    const t = now();
    let w = windows.get(event);
    if (!w || t - w.start >= 60_000) {
      if (w && w.dropped > 0) log.warn('http.refusals_not_logged', { event, count: w.dropped });
      w = { start: t, count: 0, dropped: 0 };
      windows.set(event, w);
    }
    if (w.count < perMinute) {
      w.count++;
      log.warn(event, fields);
    } else w.dropped++;
  };
}

const STATUS_OF: Record<string, number> = {
  BAD_ARGS: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNKNOWN_CALL: 404,
  TOO_LARGE: 413,
  INTERNAL: 500,
  OUT_OF_SERVICE: 503,
};

function sameSecret(given: string | undefined, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export function startHttpHost(opts: HttpHostOptions): Promise<HttpHost> {
  let secret = opts.secret ?? crypto.randomBytes(32).toString('base64url');
  const { log, dispatch } = opts;
  const now = opts.now ?? (() => Date.now());
  const refused = createLogLimiter(log, REFUSAL_LOG_PER_MINUTE, now);
  /** Launch codes not used yet → when they expire; and codes used already → when forgotten. */
  const codes = new Map<string, number>();
  const spent = new Map<string, number>();
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  const sendJson = (res: http.ServerResponse, status: number, outcome: CallOutcome<unknown>) => {
    if (res.headersSent) return;
    const body = JSON.stringify(outcome);
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  };
  const refuse = (res: http.ServerResponse, status: number, code: string, message: string) =>
    sendJson(res, status, { ok: false, error: { code, message } });

  async function handleCall(req: http.IncomingMessage, res: http.ServerResponse, name: string) {
    if (req.method !== 'POST') return refuse(res, 405, 'BAD_ARGS', 'calls are POST');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin)) {
      refused('http.foreign_origin', { origin: String(origin).slice(0, 100) });
      return refuse(res, 403, 'FORBIDDEN', 'foreign origin');
    }
    if (req.headers['sec-fetch-site'] === 'cross-site')
      return refuse(res, 403, 'FORBIDDEN', 'cross-site request');
    if (!sameSecret(req.headers[SECRET_HEADER] as string | undefined, secret)) {
      refused('http.bad_secret', { call: name.slice(0, 80) });
      return refuse(res, 401, 'UNAUTHORIZED', 'missing or wrong kiosk key');
    }
    // Too large: answer 413 and close, but drain what the client is already sending (up to a cap)
    // so it can read the answer instead of a reset.
    const tooLarge = (bytes: number) => {
      refused('http.too_large', { call: name.slice(0, 80), bytes });
      res.setHeader('Connection', 'close');
      refuse(res, 413, 'TOO_LARGE', `body over ${MAX_BODY_BYTES} bytes`);
    };
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      if (declared > DRAIN_LIMIT_BYTES) req.destroy();
      else req.resume();
      return tooLarge(declared);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > DRAIN_LIMIT_BYTES) break;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    }
    if (size > MAX_BODY_BYTES) return tooLarge(size);
    let args: unknown;
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      args = text.length === 0 ? {} : JSON.parse(text);
    } catch {
      refused('http.bad_json', { call: name.slice(0, 80) });
      return refuse(res, 400, 'BAD_ARGS', 'body is not JSON');
    }
    const outcome = await dispatch(name, args, { transport: 'http' });
    sendJson(res, outcome.ok ? 200 : (STATUS_OF[outcome.error.code] ?? 422), outcome);
  }

  function handlePrintView(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== 'POST') return refuse(res, 405, 'BAD_ARGS', 'print data is POST');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin))
      return refuse(res, 403, 'FORBIDDEN', 'foreign origin');
    req.resume();
    const token = req.headers[PRINT_TOKEN_HEADER];
    const data = typeof token === 'string' && opts.printView ? opts.printView(token) : null;
    if (!data) {
      refused('http.bad_print_token', {});
      return refuse(res, 401, 'UNAUTHORIZED', 'unknown, used or expired print token');
    }
    sendJson(res, 200, { ok: true, value: data });
  }

  function mintLaunchCode(): string {
    const code = crypto.randomBytes(24).toString('base64url');
    codes.set(code, now() + LAUNCH_CODE_TTL_MS);
    return code;
  }

  /** POST /launch {"code": "…"} → {"key": "…"}, once per code. */
  async function handleLaunch(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== 'POST') return refuse(res, 405, 'BAD_ARGS', 'POST a launch code');
    const origin = req.headers.origin;
    if (
      (origin !== undefined && !allowedOrigins().includes(origin)) ||
      req.headers['sec-fetch-site'] === 'cross-site'
    ) {
      refused('http.foreign_origin', { origin: String(origin).slice(0, 100) });
      return refuse(res, 403, 'FORBIDDEN', 'foreign origin');
    }
    let text = '';
    for await (const chunk of req as AsyncIterable<Buffer>) {
      text += chunk.toString('utf8');
      if (text.length > 1024) {
        req.destroy();
        return;
      }
    }
    let code = '';
    try {
      const body = JSON.parse(text) as { code?: unknown };
      code = typeof body.code === 'string' ? body.code : '';
    } catch {
      code = '';
    }
    const t = now();
    for (const [c, until] of codes) if (until <= t) codes.delete(c);
    for (const [c, until] of spent) if (until <= t) spent.delete(c);
    if (codes.has(code)) {
      codes.delete(code);
      spent.set(code, t + 10 * LAUNCH_CODE_TTL_MS);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(JSON.stringify({ key: secret }));
      return;
    }
    if (spent.has(code)) {
      // Someone exchanged this code before the page did: whatever key they got dies now.
      secret = crypto.randomBytes(32).toString('base64url');
      log.error('http.launch_code_reused', {});
    } else refused('http.bad_launch_code', {});
    return refuse(res, 401, 'UNAUTHORIZED', 'unknown, expired or used launch code');
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, urlPath: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS).end();
      return;
    }
    const file = readStaticFile(opts.staticDir, urlPath);
    if (!file) {
      res
        .writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
        .end('not found');
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': file.body.length,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  const server = http.createServer((req, res) => {
    try {
      if (!allowedHosts().includes(req.headers.host ?? '')) {
        refused('http.foreign_host', { host: String(req.headers.host).slice(0, 100) });
        return refuse(res, 403, 'FORBIDDEN', 'foreign host');
      }
      const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
      if (urlPath === LAUNCH_PATH) {
        handleLaunch(req, res).catch((e: unknown) => {
          log.error('http.call_crashed', { error: String(e) });
          refuse(res, 500, 'INTERNAL', 'internal error');
        });
        return;
      }
      if (urlPath.startsWith('/api/')) {
        handleCall(req, res, urlPath.slice(5)).catch((e: unknown) => {
          log.error('http.call_crashed', { error: String(e) });
          refuse(res, 500, 'INTERNAL', 'internal error');
        });
        return;
      }
      if (urlPath === PRINT_DATA_PATH) return handlePrintView(req, res);
      handleStatic(req, res, urlPath);
    } catch (e) {
      log.error('http.request_crashed', { error: String(e) });
      if (!res.headersSent) refuse(res, 500, 'INTERNAL', 'internal error');
    }
  });
  server.on('clientError', (err, socket) => {
    refused('http.client_error', { error: err.message });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  // Connections over the cap are closed as they arrive; the ones open keep being served.
  server.maxConnections = MAX_CONNECTIONS;
  server.on('drop', () => refused('http.connection_dropped', { max: MAX_CONNECTIONS }));

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      const origin = `http://127.0.0.1:${port}`;
      const launchUrl = () => `${origin}/#c=${mintLaunchCode()}`;
      resolve({
        url: launchUrl(),
        launchUrl,
        origin,
        port,
        get secret() {
          return secret;
        },
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
