import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoEnterprises } from '../../../../electron/services/enterprises/demo-enterprises';
import {
  applyProfiles,
  createEnterpriseService,
} from '../../../../electron/services/enterprises/enterprise-service';
import {
  pendingImports,
  spoolImport,
} from '../../../../electron/services/enterprises/import-spool';
import { upsertEnterprise } from '../../../../electron/services/enterprises/enterprise-repository';
import type { ProfileDelta } from '../../../../electron/protocol/profiles-wire';
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

  it('never shows or seeds the demo set beside a real profile', async () => {
    const d = await db();
    const on = createEnterpriseService({ db: d, demoData: true, log: createMemoryLogger() });
    await on.syncDemo();
    expect(on.list().length).toBe(demoEnterprises().length);
    const seed = demoEnterprises()[0]!;
    const real = {
      ...seed,
      uscc: '91110000600037341L',
      name: '真实档案',
      source: 'import' as const,
      demo: false,
      updatedAt: '2025-07-01T00:00:00Z',
    };
    await d.write((x) => upsertEnterprise(x, real));
    // Hidden at once, removed at the next demo sync, and not seeded again.
    expect(on.list().map((e) => e.uscc)).toEqual([real.uscc]);
    expect(on.find(seed.uscc)).toBeNull();
    expect((await on.syncDemo()).deleted).toBe(demoEnterprises().length);
    expect(await on.syncDemo()).toEqual({ upserted: 0, deleted: 0 });
    expect(on.list().map((e) => e.uscc)).toEqual([real.uscc]);
  });
});

const A = '91330521DQ9000014M';
const B = '91330521DQ9000022G';
const profileOf = (uscc: string, name: string) => ({
  uscc,
  name,
  entityType: '有限责任公司',
  entityKind: 'company' as const,
  foreignInvested: false,
  status: 'operating' as const,
  registeredOn: null,
  address: '',
  businessScope: '',
  industry: '',
  size: null,
  registeredCapitalWan: null,
  tags: ['地理信息'],
  legalRepresentative: '张*',
  benefitsReceived: [],
  licences: [{ name: '许可证', number: '1', validUntil: '2027-01-01' }],
  town: '阜溪街道',
});

describe('enterprise service: imported and received profiles', () => {
  it('imports in one transaction and is idempotent: the same file twice changes nothing', async () => {
    const d = await db();
    const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-imp-'));
    dirs.push(dataRoot);
    const s = createEnterpriseService({
      db: d,
      demoData: true,
      log: createMemoryLogger(),
      dataRoot,
    });
    await s.syncDemo();
    spoolImport(dataRoot, 'a.csv', [profileOf(A, '甲'), profileOf(B, '乙')]);
    expect(await s.applyImportSpool()).toBe(1);
    expect(pendingImports(dataRoot)).toEqual([]);
    expect(s.list().map((e) => [e.uscc, e.demo])).toEqual([
      [A, false],
      [B, false],
    ]);
    const first = s.find(A)!;
    expect(first.source).toBe('import');
    const generation = d.health().generation;
    const counts = await d.write((tx) =>
      applyProfiles(
        tx,
        [profileOf(A, '甲'), profileOf(B, '乙改')].map((profile) => ({
          profile,
          updatedAt: 'later',
        })),
        'import',
      ),
    );
    expect(counts).toEqual({ imported: 0, updated: 1, unchanged: 1 });
    expect(d.health().generation).toBeGreaterThan(generation);
    // Unchanged content keeps its date.
    expect(s.find(A)!.updatedAt).toBe(first.updatedAt);
    expect(s.find(B)!.updatedAt).toBe('later');
  });

  it('applies a delta atomically with its version, skips what it holds and refuses a gap', async () => {
    const d = await db();
    const s = createEnterpriseService({ db: d, demoData: false, log: createMemoryLogger() });
    const delta = (
      from: number,
      to: number,
      profiles: ReturnType<typeof profileOf>[],
      removed: string[] = [],
    ) =>
      ({
        schema: 'deqing.profile-delta/1' as const,
        kioskId: 'DQ01',
        fromVersion: from,
        toVersion: to,
        profiles: profiles.map((p) => ({ ...p, updatedAt: '2026-03-01T00:00:00.000Z' })),
        removed,
        hasMore: false,
      }) as ProfileDelta;
    expect(s.profilesVersion()).toBe(0);
    expect(await s.applyDelta(delta(0, 2, [profileOf(A, '甲'), profileOf(B, '乙')]))).toMatchObject(
      {
        type: 'applied',
        version: 2,
        counts: { imported: 2 },
      },
    );
    expect(s.profilesVersion()).toBe(2);
    expect(s.find(A)?.source).toBe('back-office');
    expect(await s.applyDelta(delta(0, 2, [profileOf(A, 'x')]))).toEqual({
      type: 'already-held',
      version: 2,
    });
    expect(s.find(A)?.name).toBe('甲');
    expect(await s.applyDelta(delta(5, 6, [profileOf(A, 'x')]))).toEqual({
      type: 'gap',
      version: 2,
    });
    expect(await s.applyDelta(delta(2, 3, [], [B]))).toMatchObject({ type: 'applied', removed: 1 });
    expect(s.list().map((e) => e.uscc)).toEqual([A]);
    // A delta that cannot be stored leaves nothing of itself behind, its version included.
    const broken = delta(3, 4, [profileOf(B, '乙'), { ...profileOf(A, 'y'), uscc: 'short' }]);
    await expect(s.applyDelta(broken)).rejects.toThrow();
    expect(s.profilesVersion()).toBe(3);
    expect(s.find(B)).toBeNull();
  });
});
