// The browser host: the built renderer and every contract call over loopback HTTP, for running
// the kiosk in a plain Chromium. Bound to 127.0.0.1 only. A random secret made at each launch
// must come with every call; a foreign Host or Origin is refused before anything runs (DNS
// rebinding, other local pages). No CORS headers are ever sent.
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

export interface HttpHostOptions {
  dispatch: Dispatch;
  staticDir: string;
  log: Logger;
  port?: number;
  secret?: string;
  /**
   * The print view's document for a one-time print token (the headless print page has no launch
   * secret and no session: only the token main gave it). Absent: no print view is served.
   */
  printView?: (token: string) => PrintViewData | null;
}

export interface HttpHost {
  /** The URL a browser opens: the secret travels in the fragment, which is never sent to servers. */
  url: string;
  origin: string;
  port: number;
  secret: string;
  close(): Promise<void>;
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
  const secret = opts.secret ?? crypto.randomBytes(32).toString('base64url');
  const { log, dispatch } = opts;
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
      log.warn('http.foreign_origin', { origin: String(origin).slice(0, 100) });
      return refuse(res, 403, 'FORBIDDEN', 'foreign origin');
    }
    if (req.headers['sec-fetch-site'] === 'cross-site')
      return refuse(res, 403, 'FORBIDDEN', 'cross-site request');
    if (!sameSecret(req.headers[SECRET_HEADER] as string | undefined, secret)) {
      log.warn('http.bad_secret', { call: name.slice(0, 80) });
      return refuse(res, 401, 'UNAUTHORIZED', 'missing or wrong kiosk key');
    }
    // Too large: answer 413 and close, but drain what the client is already sending (up to a cap)
    // so it can read the answer instead of a reset.
    const tooLarge = (bytes: number) => {
      log.warn('http.too_large', { call: name.slice(0, 80), bytes });
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
      log.warn('http.bad_json', { call: name.slice(0, 80) });
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
      log.warn('http.bad_print_token', {});
      return refuse(res, 401, 'UNAUTHORIZED', 'unknown, used or expired print token');
    }
    sendJson(res, 200, { ok: true, value: data });
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
        log.warn('http.foreign_host', { host: String(req.headers.host).slice(0, 100) });
        return refuse(res, 403, 'FORBIDDEN', 'foreign host');
      }
      const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
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
    log.warn('http.client_error', { error: err.message });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        url: `${origin}/#k=${secret}`,
        origin,
        port,
        secret,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
