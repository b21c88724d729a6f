// Small HTTP helpers shared by the kiosk API and the admin API: bounded body reading, JSON
// replies, the protocol's error document, and the server that finishes its calls in flight
// before it stops.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export class BodyTooLargeError extends Error {}

/** The whole body, or BodyTooLargeError past `max` bytes (the rest is not read). */
export function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > max) {
        done = true;
        reject(new BodyTooLargeError());
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!done) reject(e);
    });
  });
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  json: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(json);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** The protocol's error document: `{ error: { code, message } }`. */
export function sendError(
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

/** Not a protocol reply (a wrong path or method): plain text, so a kiosk holds its queue. */
export function sendPlain(res: http.ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(text + '\n');
}

export type Handler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
) => Promise<void>;

export interface RunningServer {
  url: string;
  port: number;
  /** Calls being answered right now. */
  inFlight(): number;
  /** Stops accepting, lets the calls in flight finish (up to `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

export async function listen(
  handler: Handler,
  opts: { port: number; host: string; onError(e: unknown): void },
): Promise<RunningServer> {
  let active = 0;
  let closing = false;
  const idle = new Set<() => void>();
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    active++;
    if (closing) res.setHeader('connection', 'close');
    res.on('close', () => {
      active--;
      if (active === 0) for (const f of idle) f();
    });
    const url = new URL(req.url ?? '/', 'http://back-office');
    handler(req, res, url).catch((e: unknown) => {
      opts.onError(e);
      if (!res.headersSent) sendError(res, 500, 'internal', 'internal error');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}`,
    port,
    inFlight: () => active,
    async close(graceMs = 20_000) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (active > 0)
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, graceMs);
          idle.add(() => {
            clearTimeout(t);
            resolve();
          });
        });
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
