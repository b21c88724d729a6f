import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoEnterprises } from '../../../../electron/services/enterprises/demo-enterprises';
import { createEnterpriseService } from '../../../../electron/services/enterprises/enterprise-service';
import { upsertEnterprise } from '../../../../electron/services/enterprises/enterprise-repository';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { openDatabase, type KioskDatabase } from '../../../../electron/services/storage/database';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations/index';

const open: KioskDatabase[] = [];
const dirs: string[] = [];
async function db(): Promise<KioskDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-ent-'));
  dirs.push(dir);
  const d = await openDatabase({ dir, migrations: MIGRATIONS, log: createMemoryLogger() });
  open.push(d);
  return d;
}
afterEach(async () => {
  while (open.length) await open.pop()?.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('enterprise service: the demo set follows the config', () => {
  it('seeds once, then writes nothing while nothing changed', async () => {
    const d = await db();
    const on = createEnterpriseService({ db: d, demoData: true, log: createMemoryLogger() });
    const first = await on.syncDemo();
    expect(first.upserted).toBe(demoEnterprises().length);
    const generation = d.health().generation;
    expect(await on.syncDemo()).toEqual({ upserted: 0, deleted: 0 });
    expect(d.health().generation).toBe(generation);
    expect(on.find('91330521DQ0000018A')?.legalRepresentative).toBe('张三');
  });

  it('never overwrites a real profile, and removes only demo rows when turned off', async () => {
    const d = await db();
    const seed = demoEnterprises()[0]!;
    const real = { ...seed, name: '真实档案', demo: false, updatedAt: '2025-07-01T00:00:00Z' };
    await d.write((x) => upsertEnterprise(x, real));
    await createEnterpriseService({ db: d, demoData: true, log: createMemoryLogger() }).syncDemo();
    const off = createEnterpriseService({ db: d, demoData: false, log: createMemoryLogger() });
    expect(off.find(seed.uscc)?.name).toBe('真实档案');
    const result = await off.syncDemo();
    expect(result.deleted).toBe(demoEnterprises().length - 1);
    expect(off.list().map((e) => e.uscc)).toEqual([seed.uscc]);
  });
});
