// Enterprise profiles: lookups for identification, and the demo set kept in step with the
// config's `demoData` (seeded when on, removed when off).
import type { EnterpriseListItem, EnterpriseRecord } from '../../domain/enterprise';
import type { Logger } from '../logger';
import type { KioskDatabase } from '../storage/database';
import type { Db } from '../storage/sql';
import { demoEnterprises } from './demo-enterprises';
import {
  allRecords,
  deleteDemoEnterprises,
  deleteEnterprises,
  findEnterprise,
  listEnterprises,
  upsertEnterprise,
} from './enterprise-repository';

export interface DemoSyncResult {
  upserted: number;
  deleted: number;
}

/** Field by field, whatever order the fields were built in. */
const canonical = (r: EnterpriseRecord) =>
  JSON.stringify(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const sameRecord = (a: EnterpriseRecord, b: EnterpriseRecord) => canonical(a) === canonical(b);

/** What a demo sync would change; empty when the database already matches. */
export function planDemoSync(
  db: Db,
  enabled: boolean,
): { upserts: EnterpriseRecord[]; deletes: string[] } {
  const stored = new Map(allRecords(db, { demo: true }).map((r) => [r.uscc, r]));
  if (!enabled) return { upserts: [], deletes: [...stored.keys()] };
  const seeds = demoEnterprises();
  const upserts = seeds.filter((s) => {
    const have = stored.get(s.uscc);
    return !have || !sameRecord(have, s);
  });
  const seedCodes = new Set(seeds.map((s) => s.uscc));
  // A real (non-demo) profile is never overwritten by a demo one.
  const real = new Set(allRecords(db, { demo: false }).map((r) => r.uscc));
  return {
    upserts: upserts.filter((s) => !real.has(s.uscc)),
    deletes: [...stored.keys()].filter((u) => !seedCodes.has(u)),
  };
}

/** Applies a demo sync inside the caller's transaction. */
export function applyDemoSync(db: Db, enabled: boolean): DemoSyncResult {
  const plan = planDemoSync(db, enabled);
  if (!enabled) return { upserted: 0, deleted: deleteDemoEnterprises(db) };
  for (const r of plan.upserts) upsertEnterprise(db, r);
  return { upserted: plan.upserts.length, deleted: deleteEnterprises(db, plan.deletes) };
}

export interface EnterpriseService {
  find(uscc: string): EnterpriseRecord | null;
  list(): EnterpriseListItem[];
  /** Brings the demo rows in line with the config; writes only when something differs. */
  syncDemo(): Promise<DemoSyncResult>;
}

export function createEnterpriseService(deps: {
  db: KioskDatabase;
  demoData: boolean;
  log: Logger;
}): EnterpriseService {
  const { db, demoData, log } = deps;
  return {
    find: (uscc) => db.read((d) => findEnterprise(d, uscc, { includeDemo: demoData })),
    list: () => db.read((d) => listEnterprises(d, { includeDemo: demoData })),
    async syncDemo() {
      const plan = db.read((d) => planDemoSync(d, demoData));
      if (plan.upserts.length === 0 && plan.deletes.length === 0)
        return { upserted: 0, deleted: 0 };
      const result = await db.write((d) => applyDemoSync(d, demoData));
      log.info('enterprises.demo_synced', { enabled: demoData, ...result });
      return result;
    },
  };
}
