// Enterprise profiles at the back office, on PGlite and on PostgreSQL: an import through the admin
// API (row numbers and reasons, idempotent), the signed profile feed a kiosk pulls (versions,
// pages, its town only when configured) and a kiosk applying it with the real puller; a feed
// altered on the way is refused and the kiosk keeps what it had.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enrolKiosk } from '../../../../back-office/server/work/kiosks';
import { openFeed } from '../../../../electron/protocol/feed-signing';
import { profileDeltaSchema } from '../../../../electron/protocol/profiles-wire';
import { createEnterpriseService } from '../../../../electron/services/enterprises/enterprise-service';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { openDatabase } from '../../../../electron/services/storage/database';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations/index';
import { createProfilePuller } from '../../../../electron/services/sync/profile-puller';
import { createContactTracker } from '../../../../electron/services/sync/delivery-worker';
import { testEngines, testPglite } from '../../../support/back-office-db';
import { ADMIN_TOKEN, kioskClient, signal, startRig, type Rig } from '../harness';

beforeAll(() => testPglite().then(() => undefined), 180_000);

let rig: Rig | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await rig?.close();
  rig = null;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const A = '91330521DQ9000014M';
const B = '91330521DQ9000022G';
const C = '91330521DQ9000030B';
const BAD = '91330521DQ9000014N';

const CSV = [
  '统一社会信用代码,企业名称,标签,成立日期,所属镇街,证照',
  `${A},德清甲有限公司,地理信息,2016-05-18,阜溪街道,食品经营许可证|JY1|2027-01-15`,
  `${BAD},德清乙有限公司,,2019-01-01,阜溪街道,`,
  `${B},德清丙有限公司,小微企业,2019-02-30,新市镇,`,
  `${C},德清丁有限公司,小微企业,2020-01-01,新市镇,`,
].join('\n');

async function importFile(r: Rig, text: string, name = 'p.csv') {
  const res = await fetch(
    `${r.service.url}/admin/v1/enterprises/import?name=${encodeURIComponent(name)}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' },
      body: text,
    },
  );
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function kioskDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-prof-'));
  dirs.push(dir);
  return openDatabase({ dir, migrations: MIGRATIONS, log: createMemoryLogger() });
}

for (const { engine, skip } of testEngines())
  describe.skipIf(skip !== null)(`enterprise profiles on the back office on ${engine}`, () => {
    it('imports with row numbers and reasons, idempotently, and a kiosk applies the signed feed', async () => {
      rig = await startRig(engine);
      const r = rig;
      const first = await importFile(r, CSV);
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({ imported: 2, updated: 0, unchanged: 0, version: 2 });
      expect(
        (first.json.rejected as { row: number; field: string }[]).map((x) => [x.row, x.field]),
      ).toEqual([
        [3, 'uscc'],
        [4, 'registeredOn'],
      ]);
      // The same file again changes nothing.
      const again = await importFile(r, CSV);
      expect(again.json).toMatchObject({ imported: 0, updated: 0, unchanged: 2, version: 2 });
      // A broken file is refused as a whole.
      expect((await importFile(r, 'name\nx\n')).status).toBe(422);

      const k = await r.kiosk('DQ01');
      const db = await kioskDb();
      const log = createMemoryLogger();
      const enterprises = createEnterpriseService({ db, demoData: true, log });
      await enterprises.syncDemo();
      const puller = createProfilePuller({
        client: k.client,
        kioskId: k.kioskId,
        secret: k.secret,
        clock: { now: () => r.clock.now, sleep: async () => undefined },
        log,
        contact: createContactTracker(),
        sink: () => enterprises,
      });
      expect(await puller.pullOnce(signal)).toMatchObject({ profiles: 2, version: 2 });
      expect(enterprises.profilesVersion()).toBe(2);
      // Real profiles only: the demo set is gone.
      expect(enterprises.list().map((e) => e.uscc)).toEqual([A, C]);
      expect(enterprises.find(A)).toMatchObject({
        source: 'back-office',
        licences: [{ name: '食品经营许可证', number: 'JY1', validUntil: '2027-01-15' }],
      });

      // A change goes out as the next version; nothing else is sent again.
      const changed = CSV.replace('德清丁有限公司', '德清丁科技有限公司');
      expect((await importFile(r, changed)).json).toMatchObject({ updated: 1, version: 3 });
      expect(await puller.pullOnce(signal)).toMatchObject({ profiles: 1, version: 3 });
      expect(enterprises.find(C)?.name).toBe('德清丁科技有限公司');
      await db.close();
    });

    it('hands a kiosk only its town when configured, and tells it when a profile leaves', async () => {
      rig = await startRig(engine);
      const r = rig;
      r.rules.profilesByTown = true;
      await importFile(r, CSV);
      const enrolled = await enrolKiosk(r.db, {
        kioskId: 'TOWN07',
        town: '新市镇',
        actor: 'test',
        now: new Date(r.clock.now).toISOString(),
      });
      if (!enrolled.ok) throw new Error('enrol failed');
      const client = kioskClient(
        r.service.kioskEndpoint,
        'TOWN07',
        enrolled.kioskSecret,
        () => r.clock.now,
      );
      const pull = async (since: number) => {
        const out = await client.pullProfiles(since, signal);
        if (out.type !== 'ok') throw new Error(out.type);
        const opened = openFeed(enrolled.kioskSecret, 'profiles', 'TOWN07', out.json);
        if (!opened.ok) throw new Error(opened.reason);
        return profileDeltaSchema.parse(opened.payload);
      };
      const d1 = await pull(0);
      expect(d1.profiles.map((p) => p.uscc)).toEqual([C]);
      expect(d1).toMatchObject({ fromVersion: 0, toVersion: 2, hasMore: false, removed: [] });
      // C moves to another town: the 新市镇 kiosk is told to drop it.
      await importFile(r, CSV.replace(`2020-01-01,新市镇`, '2020-01-01,阜溪街道'));
      const d2 = await pull(2);
      expect(d2).toMatchObject({ toVersion: 3, profiles: [], removed: [C] });
      // Another kiosk's secret cannot open this kiosk's feed.
      const out = await client.pullProfiles(0, signal);
      expect(out.type).toBe('ok');
      if (out.type === 'ok')
        expect(openFeed('x'.repeat(43), 'profiles', 'TOWN07', out.json)).toEqual({
          ok: false,
          reason: 'bad-signature',
        });
    });

    it('a feed altered on the way is refused and the kiosk keeps what it had', async () => {
      rig = await startRig(engine);
      const r = rig;
      await importFile(r, CSV);
      const k = await r.kiosk('DQ01');
      const db = await kioskDb();
      const log = createMemoryLogger();
      const enterprises = createEnterpriseService({ db, demoData: false, log });
      const tampering = {
        ...k.client,
        async pullProfiles(since: number, s: AbortSignal) {
          const out = await k.client.pullProfiles(since, s);
          if (out.type !== 'ok') return out;
          const feed = out.json as { payload: string; signature: string };
          return { ...out, json: { ...feed, payload: feed.payload.replace('德清甲', '冒名') } };
        },
      };
      const puller = createProfilePuller({
        client: tampering,
        kioskId: k.kioskId,
        secret: k.secret,
        clock: { now: () => r.clock.now, sleep: async () => undefined },
        log,
        contact: createContactTracker(),
        sink: () => enterprises,
      });
      await expect(puller.pullOnce(signal)).rejects.toThrow(/bad-signature/);
      expect(enterprises.profilesVersion()).toBe(0);
      expect(enterprises.list()).toEqual([]);
      expect(log.lines.some((e) => e.event === 'sync.profiles_refused')).toBe(true);
      await db.close();
    });
  });
