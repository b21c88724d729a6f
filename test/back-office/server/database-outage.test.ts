// The database goes away under a running back office (the network to PostgreSQL is cut: every
// connection dropped, new ones refused) while a kiosk is delivering: calls are answered 503 with
// Retry-After and the health check says so; the kiosk keeps everything and retries; when the
// database is back the service recovers by itself and every submission is stored exactly once.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../electron/services/logger';
import { systemClock } from '../../../electron/services/sync/clock';
import { outboxStats } from '../../../electron/services/sync/outbox-repository';
import { createSyncService } from '../../../electron/services/sync/sync-service';
import { startBackOffice } from '../../../back-office/server/app';
import { prepareDatabase } from '../../../back-office/server/db/open';
import { openPostgres } from '../../../back-office/server/db/postgres';
import { loadCenterRules } from '../../../back-office/server/intake/center-rules';
import { listSubmissions } from '../../../back-office/server/repositories/submission-repository';
import { enrolKiosk } from '../../../back-office/server/work/kiosks';
import {
  freshPostgresDatabase,
  postgresServer,
  sayPostgresSkipped,
} from '../../support/back-office-db';
import { openTestDb, syncConfig, syntheticEnvelope, tempDir } from '../../support/sync-harness';
import { startTcpProxy } from '../../support/tcp-proxy';
import { allChanges } from '../../../back-office/server/repositories/status-change-repository';
import { listRequests } from '../../../back-office/server/repositories/request-repository';
import { cancelOf, rawCall, signal, signedPost, wire, kioskClient } from './harness';

const server = postgresServer();
if ('skip' in server) sayPostgresSkipped(server.skip);

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const until = async (what: string, ok: () => Promise<boolean>, ms = 60_000) => {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/**
 * A fresh database reached through a TCP proxy the test can cut, the service on it, and kiosk
 * DQ01 enrolled.
 */
async function serviceBehindProxy() {
  const fresh = await freshPostgresDatabase((server as { url: string }).url);
  cleanup.push(() => fresh.drop());
  const direct = new URL(fresh.url);
  const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port) });
  cleanup.push(() => proxy.close());
  const viaProxy = new URL(fresh.url);
  viaProxy.port = String(proxy.port);
  const log = createMemoryLogger();
  const db = await openPostgres({ url: viaProxy.href, log, poolSize: 4 });
  cleanup.push(() => db.close());
  await prepareDatabase(db, new Date().toISOString());
  const service = await startBackOffice({
    db,
    rules: loadCenterRules(null, log),
    log,
    jobTickMs: false,
  });
  cleanup.push(() => service.close());
  const k = await enrolKiosk(db, { kioskId: 'DQ01', actor: 'test', now: new Date().toISOString() });
  if (!k.ok) throw new Error('enrol');
  return { fresh, proxy, db, log, service, kioskSecret: k.kioskSecret };
}

describe.skipIf('skip' in server)('the database going away', () => {
  it(
    'makes calls fail with 503; the service recovers by itself and nothing is lost',
    { timeout: 180_000 },
    async () => {
      const { proxy, db, log, service, kioskSecret } = await serviceBehindProxy();

      // A kiosk with its real outbox, delivering on its own.
      const dir = tempDir('kiosk-db-outage-');
      const kdb = await openTestDb(dir);
      cleanup.push(() => kdb.close());
      const sync = createSyncService({
        db: kdb,
        log: createMemoryLogger(),
        config: syncConfig(service.kioskEndpoint, kioskSecret),
        appVersion: 'test',
        dataRoot: dir,
        clock: systemClock(),
        timeoutMs: 10_000,
      });
      cleanup.push(() => sync.close());
      sync.start();
      const items = Array.from({ length: 40 }, (_, i) => syntheticEnvelope(i));
      for (const e of items.slice(0, 20)) await kdb.write((tx) => sync.enqueue(tx, e));
      await until('the first 20 stored', async () => (await listSubmissions(db)).length === 20);

      proxy.cut();
      // While it is gone: a kiosk's call gets 503 with Retry-After (the kiosk holds and retries),
      // the health check says so, and the kiosk's new submissions wait in its outbox.
      const client = kioskClient(service.kioskEndpoint, 'DQ01', kioskSecret, () => Date.now());
      const during = await client.submit(wire(100), signal);
      expect(during).toMatchObject({ type: 'retry', endpointDown: true, retryAfterMs: 5000 });
      expect(during).toMatchObject({
        reason: expect.stringContaining('503 unavailable') as string,
      });
      const health = await rawCall(`${service.url}/healthz`, { method: 'GET' });
      expect(health).toMatchObject({ status: 503 });
      for (const e of items.slice(20)) await kdb.write((tx) => sync.enqueue(tx, e));
      await new Promise((r) => setTimeout(r, 1_500));
      expect(kdb.read((d) => outboxStats(d)).pending).toBeGreaterThan(0);
      expect(kdb.read((d) => outboxStats(d)).dead).toBe(0);

      proxy.restore();
      await until(
        'healthy again',
        async () => (await rawCall(`${service.url}/healthz`, { method: 'GET' })).status === 200,
      );
      await until(
        'everything delivered',
        async () => kdb.read((d) => outboxStats(d)).pending === 0,
        120_000,
      );
      const stored = await listSubmissions(db, { limit: 1000 });
      expect(stored.map((s) => s.id).sort()).toEqual(items.map((e) => e.id).sort());
      expect(kdb.read((d) => outboxStats(d))).toMatchObject({ dead: 0, delivered: 40 });
      expect(log.lines.some((l) => l.event === 'kiosk_api.database_unavailable')).toBe(true);
    },
  );

  it(
    'a batch cut off mid-way answers 503 and stores none of it; sent again, all of it once',
    { timeout: 120_000 },
    async () => {
      const { fresh, proxy, db, service, kioskSecret } = await serviceBehindProxy();
      const k = { kioskId: 'DQ01', secret: kioskSecret };
      // Another session, straight to the server: it holds a lock the batch needs, so the batch is
      // caught half-way through when the network goes.
      const direct = new pg.Client({ connectionString: fresh.url });
      await direct.connect();
      cleanup.push(() => direct.end());
      const send = (items: unknown[]) =>
        rawCall(
          ...signedPost(
            service.kioskEndpoint,
            'v1/submission-batches',
            k,
            JSON.stringify({ submissions: items }),
            null,
            Date.now(),
          ),
        );
      const waitingForLock = async () => {
        for (let i = 0; i < 400; i++) {
          const r = await direct.query(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
             AND wait_event_type = 'Lock' AND application_name = 'deqing-back-office'`,
          );
          if (r.rows.length > 0) return;
          await new Promise((res) => setTimeout(res, 25));
        }
        throw new Error('the batch never waited for the lock');
      };
      const counts = async () => {
        const r = await direct.query<{ subs: number; nonces: number; seq: number }>(
          `SELECT (SELECT count(*)::int FROM submissions) AS subs,
             (SELECT count(*)::int FROM kiosk_nonces) AS nonces,
             (SELECT change_seq FROM kiosks WHERE kiosk_id = 'DQ01') AS seq`,
        );
        const row = r.rows[0];
        if (!row) throw new Error('no kiosk');
        return row;
      };

      // A batch with a cancel notice is a transaction of several statements: cut between them.
      const first = wire(0);
      expect((await send([first])).status).toBe(200);
      const before = await counts();
      await direct.query('BEGIN');
      await direct.query('SELECT 1 FROM requests WHERE id = $1 FOR UPDATE', [first.id]);
      const items = [wire(1), wire(3), cancelOf(first), wire(4)];
      const pending = send(items);
      await waitingForLock();
      proxy.cut();
      const cutOff = await pending;
      expect(cutOff).toMatchObject({ status: 503, code: 'unavailable' });
      await direct.query('ROLLBACK');
      await new Promise((res) => setTimeout(res, 300));
      expect(await counts()).toEqual(before);

      // A batch without one is a single statement: it commits whole or not at all.
      const other = [wire(5), wire(6), wire(8)];
      proxy.restore();
      expect((await send([wire(10)])).status).toBe(200);
      const between = await counts();
      await direct.query('BEGIN');
      await direct.query(`SELECT 1 FROM kiosks WHERE kiosk_id = 'DQ01' FOR UPDATE`);
      const pending2 = send(other);
      await waitingForLock();
      proxy.cut();
      expect(await pending2).toMatchObject({ status: 503, code: 'unavailable' });
      await direct.query('ROLLBACK');
      await new Promise((res) => setTimeout(res, 300));
      const after = await counts();
      expect([between.subs, between.subs + other.length]).toContain(after?.subs);

      // Back again: the kiosk resends both batches; every item is stored once, the feed whole.
      proxy.restore();
      const again = async (batch: unknown[]) => {
        for (let i = 0; i < 100; i++) {
          const res = await send(batch);
          if (res.status === 200) return JSON.parse(res.text) as { results: { result: string }[] };
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('never stored');
      };
      expect((await again(items)).results.map((x) => x.result)).toEqual(
        items.map(() => 'accepted'),
      );
      const second = (await again(other)).results.map((x) => x.result);
      expect(new Set(second).size).toBe(1);
      expect((await listRequests(db)).find((q) => q.id === first.id)?.status).toBe('cancelled');
      const changes = await allChanges(db);
      expect(changes.map((c) => c.seq)).toEqual(changes.map((_, i) => i + 1));
      expect(changes).toHaveLength(1 + items.length + 1 + other.length);
    },
  );
});
