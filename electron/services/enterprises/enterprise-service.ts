// Enterprise profiles: lookups for identification; the demo set kept in step with the config's
// `demoData` (seeded when on, removed when off, and never beside real profiles); real profiles
// imported from a file (kioskctl, through the import spool) or received from the back office
// (signed, versioned deltas), each applied in one transaction.
import { canonicalProfile, type ImportedProfile } from '../../domain/enterprise-import';
import type { EnterpriseListItem, EnterpriseRecord, ProfileSource } from '../../domain/enterprise';
import type { ProfileDelta } from '../../protocol/profiles-wire';
import type { Logger } from '../logger';
import type { KioskDatabase } from '../storage/database';
import type { Db } from '../storage/sql';
import { getSyncState, setSyncState } from '../sync/outbox-repository';
import { demoEnterprises } from './demo-enterprises';
import {
  allRecords,
  deleteDemoEnterprises,
  deleteEnterprises,
  findEnterprise,
  getEnterprise,
  hasRealProfiles,
  listEnterprises,
  upsertEnterprise,
  upsertEnterprises,
} from './enterprise-repository';
import { clearImport, pendingImports, readImport } from './import-spool';

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
  // Demo data is for a kiosk without real profiles: once one exists, the demo set goes.
  if (!enabled || hasRealProfiles(db)) return { upserts: [], deletes: [...stored.keys()] };
  const seeds = demoEnterprises();
  const upserts = seeds.filter((s) => {
    const have = stored.get(s.uscc);
    return !have || !sameRecord(have, s);
  });
  const seedCodes = new Set(seeds.map((s) => s.uscc));
  return {
    upserts,
    deletes: [...stored.keys()].filter((u) => !seedCodes.has(u)),
  };
}

/** Applies a demo sync inside the caller's transaction. */
export function applyDemoSync(db: Db, enabled: boolean): DemoSyncResult {
  const plan = planDemoSync(db, enabled);
  for (const r of plan.upserts) upsertEnterprise(db, r);
  return { upserted: plan.upserts.length, deleted: deleteEnterprises(db, plan.deletes) };
}

export interface ApplyCounts {
  /** New profiles. */
  imported: number;
  /** Profiles whose content changed. */
  updated: number;
  /** Profiles already stored exactly so (an import is idempotent). */
  unchanged: number;
}

const importedPart = (r: EnterpriseRecord): ImportedProfile => {
  const { demo: _demo, source: _source, updatedAt: _updatedAt, ...rest } = r;
  return rest;
};

/**
 * Stores profiles inside the caller's transaction: a profile whose content is already stored is
 * left as it is (its `updatedAt` too), so applying the same profiles twice changes nothing. A
 * stored profile that equals what is applied only by content but came another way keeps its
 * source. Demo rows are removed: real profiles are never shown beside fictional ones.
 */
export function applyProfiles(
  tx: Db,
  profiles: readonly { profile: ImportedProfile; updatedAt: string }[],
  source: Exclude<ProfileSource, 'demo'>,
  opts: { dryRun?: boolean } = {},
): ApplyCounts {
  const counts: ApplyCounts = { imported: 0, updated: 0, unchanged: 0 };
  // A large import reads the stored profiles once rather than one by one.
  const stored =
    profiles.length > 50 ? new Map(allRecords(tx, { demo: false }).map((r) => [r.uscc, r])) : null;
  const writes: EnterpriseRecord[] = [];
  for (const { profile, updatedAt } of profiles) {
    const have = stored ? (stored.get(profile.uscc) ?? null) : getEnterprise(tx, profile.uscc);
    if (have && !have.demo && canonicalProfile(importedPart(have)) === canonicalProfile(profile)) {
      counts.unchanged++;
      continue;
    }
    if (have && !have.demo) counts.updated++;
    else counts.imported++;
    writes.push({ ...profile, source, demo: false, updatedAt });
  }
  if (!opts.dryRun) upsertEnterprises(tx, writes);
  if (!opts.dryRun && profiles.length > 0) deleteDemoEnterprises(tx);
  return counts;
}

export type DeltaOutcome =
  | { type: 'applied'; version: number; counts: ApplyCounts; removed: number }
  | { type: 'already-held'; version: number }
  | { type: 'gap'; version: number };

/** The back office's profile version this kiosk holds (0: none yet). */
export function heldProfilesVersion(db: Db): number {
  const v = Number(getSyncState(db, 'profiles_version') ?? '0');
  return Number.isSafeInteger(v) && v >= 0 ? v : 0;
}

/** Applies one verified, schema-checked delta inside the caller's transaction. */
export function applyDeltaTx(tx: Db, delta: ProfileDelta): DeltaOutcome {
  const held = heldProfilesVersion(tx);
  if (delta.toVersion <= held) return { type: 'already-held', version: held };
  // A page that starts after what is held would skip changes: never applied.
  if (delta.fromVersion > held) return { type: 'gap', version: held };
  const counts = applyProfiles(
    tx,
    delta.profiles.map(({ updatedAt, ...profile }) => ({ profile, updatedAt })),
    'back-office',
  );
  const removed = deleteEnterprises(
    tx,
    delta.removed.filter((u) => {
      const r = getEnterprise(tx, u);
      return r !== null && !r.demo;
    }),
  );
  setSyncState(tx, 'profiles_version', String(delta.toVersion));
  return { type: 'applied', version: delta.toVersion, counts, removed };
}

export interface EnterpriseService {
  find(uscc: string): EnterpriseRecord | null;
  list(): EnterpriseListItem[];
  /** Brings the demo rows in line with the config; writes only when something differs. */
  syncDemo(): Promise<DemoSyncResult>;
  /** The back office's profile version held (reported in the heartbeat). */
  profilesVersion(): number;
  /** Applies a delta atomically: all of it and its version, or nothing. */
  applyDelta(delta: ProfileDelta): Promise<DeltaOutcome>;
  /** Applies the imports kioskctl left in the spool (each file in one transaction). */
  applyImportSpool(): Promise<number>;
  /** Applies the spool now and then every `spoolPollMs` until closed. */
  start(): void;
  close(): void;
}

/** How often the import spool is looked at. */
export const IMPORT_SPOOL_POLL_MS = 30_000;

export function createEnterpriseService(deps: {
  db: KioskDatabase;
  demoData: boolean;
  log: Logger;
  /** The data directory (the import spool); without it there is no spool. */
  dataRoot?: string;
  now?: () => Date;
}): EnterpriseService {
  const { db, demoData, log } = deps;
  const now = deps.now ?? (() => new Date());
  let timer: NodeJS.Timeout | null = null;
  const applySpool = () =>
    service
      .applyImportSpool()
      .catch((e: unknown) =>
        log.error('enterprises.import_failed', { error: (e as Error).message }),
      );
  const service: EnterpriseService = {
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
    profilesVersion: () => db.read((d) => heldProfilesVersion(d)),
    async applyDelta(delta) {
      const out = await db.write((tx) => applyDeltaTx(tx, delta));
      if (out.type === 'applied')
        log.info('enterprises.delta_applied', {
          version: out.version,
          ...out.counts,
          removed: out.removed,
        });
      else if (out.type === 'gap')
        log.warn('enterprises.delta_gap', { held: out.version, from: delta.fromVersion });
      return out;
    },
    async applyImportSpool() {
      if (!deps.dataRoot) return 0;
      let applied = 0;
      for (const id of pendingImports(deps.dataRoot)) {
        const file = readImport(deps.dataRoot, id);
        if (file) {
          const at = now().toISOString();
          const counts = await db.write((tx) =>
            applyProfiles(
              tx,
              file.profiles.map((profile) => ({ profile, updatedAt: at })),
              'import',
            ),
          );
          log.info('enterprises.imported', { id, ...counts });
          applied++;
        } else log.warn('enterprises.import_unreadable', { id });
        clearImport(deps.dataRoot, id);
      }
      return applied;
    },
    start() {
      if (timer || !deps.dataRoot) return;
      void applySpool();
      timer = setInterval(() => void applySpool(), IMPORT_SPOOL_POLL_MS);
      timer.unref();
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return service;
}
