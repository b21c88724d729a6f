// A real back office on a test database, and a kiosk's signed client for it.
import crypto from 'node:crypto';
import http from 'node:http';
import { createMemoryLogger } from '../../../electron/services/logger';
import { signedHeaders } from '../../../electron/protocol/signing';
import {
  createBackOfficeClient,
  type BackOfficeClient,
} from '../../../electron/services/sync/client';
import { nodeHttpTransport } from '../../../electron/services/sync/transport';
import type { WireSubmission } from '../../../electron/domain/sync';
import { startBackOffice, type RunningBackOffice } from '../../../back-office/server/app';
import type { Database } from '../../../back-office/server/db/database';
import { insertAdminToken } from '../../../back-office/server/repositories/admin-token-repository';
import { loadCenterRules, type CenterRules } from '../../../back-office/server/intake/center-rules';
import { enrolKiosk } from '../../../back-office/server/work/kiosks';
import { openTestDatabase, type TestDatabase } from '../../support/back-office-db';
import { syntheticEnvelope } from '../../support/sync-harness';

export const ADMIN_TOKEN = `bo_test_${'t'.repeat(32)}`;

export interface Rig {
  tdb: TestDatabase;
  db: Database;
  rules: CenterRules;
  service: RunningBackOffice;
  log: ReturnType<typeof createMemoryLogger>;
  clock: { now: number };
  kiosk(kioskId?: string): Promise<{ client: BackOfficeClient; secret: string; kioskId: string }>;
  close(): Promise<void>;
}

export async function startRig(engine: 'pglite' | 'postgresql', at = Date.now()): Promise<Rig> {
  const tdb = await openTestDatabase(engine);
  const log = createMemoryLogger();
  const rules = loadCenterRules(null, log);
  const clock = { now: at };
  await insertAdminToken(tdb.db, ADMIN_TOKEN, 'test', new Date(at).toISOString());
  const service = await startBackOffice({
    db: tdb.db,
    rules,
    log,
    now: () => clock.now,
    jobTickMs: false,
  });
  return {
    tdb,
    db: tdb.db,
    rules,
    service,
    log,
    clock,
    async kiosk(kioskId = 'DQ01') {
      const out = await enrolKiosk(tdb.db, {
        kioskId,
        actor: 'test',
        now: new Date(clock.now).toISOString(),
      });
      if (!out.ok) throw new Error('enrol failed');
      return {
        kioskId,
        secret: out.kioskSecret,
        client: kioskClient(service.kioskEndpoint, kioskId, out.kioskSecret, () => clock.now),
      };
    },
    async close() {
      await service.close();
      await tdb.close();
    },
  };
}

export function kioskClient(
  endpoint: string,
  kioskId: string,
  secret: string,
  now: () => number,
): BackOfficeClient {
  return createBackOfficeClient({
    endpoint,
    kioskId,
    secret,
    transport: nodeHttpTransport(),
    now,
    timeoutMs: 20_000,
  });
}

export const signal = new AbortController().signal;

/** A submission as the kiosk's client sends it (kind by `n`: 0–2 request, 3 help call, 4 rating). */
export function wire(
  n: number,
  kioskId = 'DQ01',
  over: Partial<WireSubmission> = {},
): WireSubmission {
  const e = syntheticEnvelope(n, kioskId);
  return { ...e, kioskId, createdAt: new Date().toISOString(), ...over };
}

/** A guide's cancel notice for `req` (a request submission), from the same kiosk. */
export function cancelOf(req: WireSubmission): WireSubmission {
  return {
    id: crypto.randomUUID(),
    kind: 'request-cancel',
    kioskId: req.kioskId,
    createdAt: new Date().toISOString(),
    body: {
      schema: 'deqing.request-cancel/1',
      requestId: req.id,
      ticket: req.body.ticket,
      cancelledAt: new Date().toISOString(),
      cancelledBy: 'G001',
      reason: '申请人撤回',
    },
  };
}

/** Exactly these bytes and headers, signed or not: status and error code. */
export function rawCall(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<{ status: number; code: string | null; text: string }> {
  return new Promise((resolve, reject) => {
    const body = opts.body ?? '';
    const r = http.request(
      url,
      {
        method: opts.method ?? 'POST',
        headers: { ...opts.headers, 'content-length': Buffer.byteLength(body) },
        agent: false,
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => {
          let code: string | null = null;
          try {
            code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
          } catch {
            code = null;
          }
          resolve({ status: res.statusCode ?? 0, code, text });
        });
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

/** A correctly signed POST of `body` (any bytes) to the kiosk API's submissions. */
export function signedSubmission(
  endpoint: string,
  k: { kioskId: string; secret: string },
  body: string,
  idempotencyKey: string | null,
  nowMs: number,
) {
  return rawCall(...signedPost(endpoint, 'v1/submissions', k, body, idempotencyKey, nowMs));
}

/** The URL and request of a correctly signed POST of `body` to a kiosk API path (to send again). */
export function signedPost(
  endpoint: string,
  path: string,
  k: { kioskId: string; secret: string },
  body: string,
  idempotencyKey: string | null,
  nowMs: number,
): [string, { headers: Record<string, string>; body: string }] {
  const url = new URL(`kiosk-api/${path}`, endpoint.replace(/kiosk-api$/, ''));
  return [
    url.href,
    {
      headers: {
        'content-type': 'application/json',
        ...signedHeaders(k.secret, {
          method: 'POST',
          pathAndQuery: url.pathname,
          kioskId: k.kioskId,
          timestamp: Math.floor(nowMs / 1000),
          idempotencyKey,
          body,
        }),
      },
      body,
    },
  ];
}

export const uuid = () => crypto.randomUUID();
