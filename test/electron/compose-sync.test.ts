// The back-office queue inside the kiosk's services: started only with a back office
// configured, stopped by close(), reachable from guide mode through the contract (staff only),
// and the config file holding the secret kept readable by the kiosk's user only. Delivery runs
// against the reference receiver and the real back office.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKioskServices, type KioskServices } from '../../electron/compose';
import { run } from '../../electron/services/storage/sql';
import {
  backOfficeTargets,
  warmUpTargets,
  type BackOfficeTarget,
} from '../support/back-office-targets';
import { newKioskSecret } from '../support/reference-receiver';
import { syntheticEnvelope, tempDir } from '../support/sync-harness';

const ctx = { transport: 'http' as const };
let services: KioskServices | null = null;
let receiver: BackOfficeTarget | null = null;
// The real back office's embedded database takes seconds to start on a busy machine.
beforeAll(() => warmUpTargets(), 180_000);
afterEach(async () => {
  await services?.close();
  await receiver?.close();
  services = null;
  receiver = null;
});

describe('sync in the kiosk services', () => {
  it('single site: no delivery, the queue still fills, guide mode sees it', async () => {
    const dir = tempDir();
    services = await createKioskServices({ dataRoot: dir, shell: 'browser', appVersion: 't' });
    expect(services.sync.engine).toBeNull();
    const s = services;
    const e = syntheticEnvelope(0);
    await s.db.write((tx) => s.sync.enqueue(tx, e));

    // Guide-mode calls need a staff session.
    expect(await s.dispatch('syncStatus', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    s.session.set({ audience: 'staff', staff: { id: 'guide-1', role: 'guide' }, enterprise: null });
    expect(await s.dispatch('syncStatus', {}, ctx)).toMatchObject({
      ok: true,
      value: { mode: 'single-site', backlog: { pending: 1 }, deadLetterCount: 0 },
    });
    expect(await s.dispatch('syncRetry', { id: crypto.randomUUID() }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await s.dispatch('syncRetry', { id: e.id }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'NOT_DEAD' },
    });
    expect(await s.dispatch('syncRetry', { id: 'DQ01-1' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGS', fields: ['id'] },
    });
    await s.db.write((tx) =>
      run(tx, "UPDATE outbox SET state = 'dead', dead_at = 'x', last_error = '422 invalid'"),
    );
    expect(await s.dispatch('syncRetry', { id: e.id }, ctx)).toEqual({
      ok: true,
      value: { id: e.id, state: 'pending' },
    });
  });

  it('reports a back office it cannot use instead of failing to start', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ backOffice: { endpoint: 'https://bo.example.cn/kiosk/' } }),
    );
    services = await createKioskServices({ dataRoot: dir, shell: 'browser', appVersion: 't' });
    expect(services.sync.engine).toBeNull();
    expect(services.sync.status()).toMatchObject({
      mode: 'back-office',
      endpoint: 'https://bo.example.cn',
      problem: expect.stringContaining('kioskSecret') as string,
    });
  });
});

for (const target of backOfficeTargets())
  describe.skipIf(target.skip !== null)(`sync in the kiosk services (${target.name})`, () => {
    it('with a back office: delivers, tightens the config file, never writes the secret to the log', async () => {
      const dir = tempDir();
      const secret = newKioskSecret();
      const rcv = await target.start({ kiosks: { TOWN07: secret } });
      receiver = rcv;
      const configFile = path.join(dir, 'config.json');
      fs.writeFileSync(
        configFile,
        JSON.stringify({
          kioskId: 'TOWN07',
          backOffice: { endpoint: rcv.url, kioskSecret: secret },
        }),
        { mode: 0o644 },
      );
      fs.chmodSync(configFile, 0o644);
      services = await createKioskServices({ dataRoot: dir, shell: 'browser', appVersion: 't' });
      const s = services;
      expect(s.sync.engine).not.toBeNull();
      if (process.platform !== 'win32') expect(fs.statSync(configFile).mode & 0o777).toBe(0o600);

      const e = syntheticEnvelope(3);
      await s.db.write((tx) => s.sync.enqueue(tx, e));
      const deadline = Date.now() + 10_000;
      // Delivered means recorded by the kiosk, which comes just after the back office has it.
      while (
        (s.sync.status().delivered < 1 || !(await rcv.heartbeats()).length) &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 20));
      expect((await rcv.submission(e.id))?.kioskId).toBe('TOWN07');
      expect((await rcv.heartbeats())[0]?.kioskId).toBe('TOWN07');
      s.session.set({
        audience: 'staff',
        staff: { id: 'guide-1', role: 'guide' },
        enterprise: null,
      });
      const status = await s.dispatch('syncStatus', {}, ctx);
      expect(status).toMatchObject({ ok: true, value: { mode: 'back-office', delivered: 1 } });
      expect(JSON.stringify(status)).not.toContain(secret);

      await s.close();
      services = null;
      const logs = fs
        .readdirSync(path.join(dir, 'logs'))
        .map((f) => fs.readFileSync(path.join(dir, 'logs', f), 'utf8'))
        .join('');
      expect(logs).toContain('sync.started');
      expect(logs).not.toContain(secret);
    });
  });
