// A loopback HTTP proxy in front of the real back office that injects the reference receiver's
// faults (the same `Fault` script, per arrival, and outages on a shared clock) and records every
// arrival with an outcome read from the service's real answer, so one test can script faults
// for either target and check the same outcomes.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { arrive, scriptedFault, type Arrival, type ReceiverOptions } from './reference-receiver';

export interface FaultProxy {
  url: string;
  arrivals: Arrival[];
  setFault(f: ReceiverOptions['fault']): void;
  setOutages(o: { fromMs: number; toMs: number }[]): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'host',
  'content-length',
]);

type Reply = {
  error?: { code?: string };
  changes?: unknown[];
  results?: { id: string | null; result: string; error?: { code: string } }[];
} | null;

/** A batch reply's items as the arrival records them (each with its own outcome), or null. */
function batchItems(path: string, status: number, json: Reply): Arrival['items'] | null {
  if (!path.endsWith('/v1/submission-batches') || status !== 200 || !json) return null;
  return (json.results ?? []).map((r) => ({
    id: r.id,
    outcome: r.result === 'refused' ? `refused:${r.error?.code ?? '?'}` : r.result,
  }));
}

function outcomeOf(path: string, status: number, json: Reply): string {
  if (status >= 200 && status < 300) {
    if (path.endsWith('/v1/submissions')) return status === 201 ? 'accepted' : 'duplicate';
    if (path.endsWith('/v1/submission-batches')) return `batch:${status}`;
    if (path.endsWith('/v1/status-changes')) return `status-page:${json?.changes?.length ?? 0}`;
    if (path.endsWith('/v1/heartbeat')) return 'heartbeat';
    return `ok:${status}`;
  }
  return json?.error?.code ? `refused:${json.error.code}` : `http:${status}`;
}

export async function startFaultProxy(opts: {
  target: string;
  now: () => number;
  fault?: ReceiverOptions['fault'];
  outages?: { fromMs: number; toMs: number }[];
  /** False: answer 404 to batches before the service sees them (a back office without them). */
  batches?: boolean;
}): Promise<FaultProxy> {
  const target = new URL(opts.target);
  let fault = opts.fault ?? (() => null);
  let outages = opts.outages ?? [];
  const arrivals: Arrival[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let seq = 0;

  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function forward(req: http.IncomingMessage, body: Buffer) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const headers: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
        headers['content-length'] = body.length;
        const r = http.request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers,
            agent,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks),
              }),
            );
            res.on('error', reject);
          },
        );
        r.on('error', reject);
        r.end(body);
      },
    );
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const at = opts.now();
      const url = new URL(req.url ?? '/', 'http://proxy');
      const arrival = arrive(req, { seq: ++seq, at, path: url.pathname, arrivals, outages });
      if (!arrival) return;
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      const f = scriptedFault(fault, arrival, req, body);
      if (f === 'ended') return;
      if (f?.type === 'status' || f?.type === 'refuse') {
        const json =
          f.type === 'status'
            ? { error: { code: 'unavailable', message: 'injected' } }
            : { error: { code: f.code, message: f.message } };
        arrival.outcome = f.type === 'status' ? `fault:${f.status}` : `refused:${f.code}`;
        const text = JSON.stringify(json);
        res.writeHead(f.status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          ...(f.type === 'status' && f.retryAfterSeconds
            ? { 'retry-after': String(f.retryAfterSeconds) }
            : {}),
        });
        res.end(text);
        return;
      }
      if (f?.type === 'slow') await later(f.ms);
      if (opts.batches === false && arrival.path.endsWith('/v1/submission-batches')) {
        arrival.outcome = 'http:404';
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
        return;
      }
      const reply = await forward(req, body);
      // Read once: the fleet benchmark counts this proxy's CPU beside the service's.
      let json: Reply = null;
      try {
        json = JSON.parse(reply.body.toString('utf8')) as Reply;
      } catch {
        json = null;
      }
      arrival.outcome = outcomeOf(arrival.path, reply.status, json);
      const items = batchItems(arrival.path, reply.status, json);
      if (items) {
        arrival.items = items;
        arrival.outcome = `batch:${items.length}`;
      }
      if (f?.type === 'drop-reply') {
        arrival.outcome += '+fault:drop-reply';
        req.socket.destroy();
        return;
      }
      if (f?.type === 'reply-late') {
        arrival.outcome += '+fault:reply-late';
        await later(f.ms);
      }
      if (res.destroyed) return;
      const headers: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(reply.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
      headers['content-length'] = reply.body.length;
      res.writeHead(reply.status, headers);
      res.end(reply.body);
    })().catch(() => req.socket.destroy());
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    setFault(f) {
      fault = f ?? (() => null);
    },
    setOutages(o) {
      outages = o;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
