// Signed content bundles through the back office: published on the admin API, fetched by a real
// kiosk (its services, its sync engine) from GET /kiosk-api/v1/content, verified there. A bundle
// altered after signing passes the back office (which holds no key) but never the kiosk, which
// keeps its catalog; the kiosk reports the version it holds in its heartbeat.
import { ed25519 } from '@noble/curves/ed25519.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../../electron/domain/signed-token';
import { signContentBundle, type ContentPayload } from '../../../electron/protocol/content-bundle';
import { builtinCatalogFiles } from '../../../electron/services/catalog/builtin';
import { createKioskServices, type KioskServices } from '../../../electron/services/kiosk-services';
import { testEngines, testPglite } from '../../support/back-office-db';
import { tempDir } from '../../support/sync-harness';
import { ADMIN_TOKEN, startRig, type Rig } from './harness';

beforeAll(() => testPglite().then(() => undefined), 180_000);

const { secretKey, publicKey } = ed25519.keygen();
const key = { kid: 'c1', secretKey };

let rig: Rig | null = null;
let kiosk: KioskServices | null = null;
afterEach(async () => {
  await kiosk?.close();
  await rig?.close();
  kiosk = null;
  rig = null;
});

async function publish(r: Rig, text: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${r.service.url}/admin/v1/content`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: text,
  });
  return { status: res.status, json: await res.json() };
}

function payload(version: number): ContentPayload {
  const bundles = builtinCatalogFiles()['bundles.json'] as { name: string }[];
  (bundles[0] as { name: string }).name = `企业开办（第${version}版）`;
  return {
    version,
    createdAt: new Date().toISOString(),
    note: `test v${version}`,
    catalog: { 'bundles.json': bundles },
    calendars: { '2027': { holidays: { '2027-01-01': '元旦' }, workdays: {} } },
  };
}

for (const { engine, skip } of testEngines())
  describe.skipIf(skip !== null)(`content bundles through the back office on ${engine}`, () => {
    it('a published bundle reaches the kiosk; a tampered one is refused there and the catalog stays', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk('DQ01');
      const dir = tempDir('kiosk-content-bo-');
      fs.writeFileSync(
        path.join(dir, 'config.json'),
        JSON.stringify({
          kioskId: 'DQ01',
          backOffice: { endpoint: r.service.kioskEndpoint, kioskSecret: k.secret },
          content: { publicKeys: { c1: base64urlEncode(publicKey) } },
        }),
      );
      kiosk = await createKioskServices({ dataRoot: dir, shell: 'browser', appVersion: 't' });
      const s = kiosk;
      const engineOf = s.sync.engine;
      if (!engineOf) throw new Error('no sync engine');
      const signal = new AbortController().signal;

      // Nothing published: the feed answers with no bundle and the kiosk keeps its own.
      await engineOf.pollFeed('content', signal);
      expect(s.content.version()).toBeNull();

      const v1 = await publish(r, signContentBundle(payload(1), key));
      expect(v1).toMatchObject({ status: 201, json: { version: 1, keyId: 'c1' } });
      await engineOf.pollFeed('content', signal);
      expect(s.content.version()).toBe(1);
      expect(s.catalog.bundle('business-startup')?.name).toBe('企业开办（第1版）');
      expect(s.calendar.covers('2027-05-01')).toBe(true);

      // Altered after signing: the back office cannot tell (it holds no key) and hands it out.
      const env = JSON.parse(signContentBundle(payload(2), key)) as Record<string, string>;
      const json = new TextDecoder().decode(base64urlDecode(env.payload as string) as Uint8Array);
      env.payload = base64urlEncode(new TextEncoder().encode(json.replace('第2版', '第9版')));
      expect((await publish(r, JSON.stringify(env))).status).toBe(201);
      await engineOf.pollFeed('content', signal);
      expect(s.content.version()).toBe(1);
      expect(s.catalog.bundle('business-startup')?.name).toBe('企业开办（第1版）');
      expect(s.content.state().lastRefusal).toMatchObject({
        version: null,
        reason: 'bad-signature',
        source: 'back-office',
      });

      // Unsigned and not-newer bundles are refused by the back office itself.
      const { signature: _s, ...unsigned } = JSON.parse(
        signContentBundle(payload(3), key),
      ) as Record<string, unknown>;
      expect(await publish(r, JSON.stringify(unsigned))).toMatchObject({
        status: 400,
        json: { error: { code: 'invalid' } },
      });
      expect(await publish(r, signContentBundle(payload(2), key))).toMatchObject({
        status: 409,
        json: { error: { code: 'not-newer', latest: 2 } },
      });

      // A good v3 supersedes the bad v2; the heartbeat carries the version and the back office
      // shows it beside the kiosk.
      expect((await publish(r, signContentBundle(payload(3), key))).status).toBe(201);
      await engineOf.pollFeed('content', signal);
      expect(s.content.version()).toBe(3);
      expect(s.catalog.bundle('business-startup')?.name).toBe('企业开办（第3版）');
      // Later than the heartbeat the kiosk sent as it started.
      r.clock.now += 1000;
      expect(await engineOf.sendHeartbeat(signal)).toBe(true);
      const view = await fetch(`${r.service.url}/admin/v1/kiosks/DQ01`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const body = (await view.json()) as {
        health: { contentVersion: number | null };
        heartbeats: { body: { content?: { version: number } } }[];
      };
      expect(body.health.contentVersion).toBe(3);
      expect(body.heartbeats[0]?.body.content?.version).toBe(3);
      const listed = await fetch(`${r.service.url}/admin/v1/content`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(((await listed.json()) as { version: number }[]).map((c) => c.version)).toEqual([
        3, 2, 1,
      ]);
    }, 60_000);
  });
