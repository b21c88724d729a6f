// The database goes away under a running back office (the network to PostgreSQL is cut: every
// connection dropped, new ones refused) while a kiosk is delivering: calls are answered 503 with
// Retry-After and the health check says so; the kiosk keeps everything and retries; when the
// database is back the service recovers by itself and every submission is stored exactly once.
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
import { rawCall, signal, wire, kioskClient } from './harness';

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

describe.skipIf('skip' in server)('the database going away', () => {
  it(
    'makes calls fail with 503; the service recovers by itself and nothing is lost',
    { timeout: 180_000 },
    async () => {
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
      const k = await enrolKiosk(db, {
        kioskId: 'DQ01',
        actor: 'test',
        now: new Date().toISOString(),
      });
      if (!k.ok) throw new Error('enrol');

      // A kiosk with its real outbox, delivering on its own.
      const dir = tempDir('kiosk-db-outage-');
      const kdb = await openTestDb(dir);
      cleanup.push(() => kdb.close());
      const sync = createSyncService({
        db: kdb,
        log: createMemoryLogger(),
        config: syncConfig(service.kioskEndpoint, k.kioskSecret),
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
      const client = kioskClient(service.kioskEndpoint, 'DQ01', k.kioskSecret, () => Date.now());
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
});
