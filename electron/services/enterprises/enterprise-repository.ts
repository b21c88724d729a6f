// Enterprise profiles over sql.js. The only module with SQL for them.
import type {
  BenefitReceived,
  EnterpriseListItem,
  EnterpriseRecord,
  EnterpriseSize,
  EnterpriseStatus,
  EntityKind,
  Licence,
  ProfileSource,
} from '../../domain/enterprise';
import { all, one, run, type Db } from '../storage/sql';

interface Row {
  uscc: string;
  name: string;
  entity_type: string;
  entity_kind: string;
  foreign_invested: number;
  status: string;
  registered_on: string | null;
  address: string;
  business_scope: string;
  industry: string;
  size: string | null;
  registered_capital_wan: number | null;
  tags: string;
  legal_representative: string;
  benefits_received: string;
  licences: string;
  town: string | null;
  source: string;
  demo: number;
  updated_at: string;
}

function parseJsonArray<T>(text: string): T[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

function toRecord(r: Row): EnterpriseRecord {
  return {
    uscc: r.uscc,
    name: r.name,
    entityType: r.entity_type,
    entityKind: r.entity_kind as EntityKind,
    foreignInvested: r.foreign_invested === 1,
    status: r.status as EnterpriseStatus,
    registeredOn: r.registered_on,
    address: r.address,
    businessScope: r.business_scope,
    industry: r.industry,
    size: r.size as EnterpriseSize | null,
    registeredCapitalWan: r.registered_capital_wan,
    tags: parseJsonArray<string>(r.tags).filter((t) => typeof t === 'string'),
    legalRepresentative: r.legal_representative,
    benefitsReceived: parseJsonArray<BenefitReceived>(r.benefits_received),
    licences: parseJsonArray<Licence>(r.licences),
    town: r.town,
    source: r.source as ProfileSource,
    demo: r.demo === 1,
    updatedAt: r.updated_at,
  };
}

/**
 * Demo rows are visible only while the config's `demoData` is on and no real profile is stored:
 * fictional enterprises are never shown beside real ones.
 */
const VISIBLE =
  '(demo = 0 OR (:demo = 1 AND NOT EXISTS (SELECT 1 FROM enterprise_profiles WHERE demo = 0)))';

/** Whether any real (imported or received) profile is stored. */
export function hasRealProfiles(db: Db): boolean {
  return (
    one<{ n: number }>(db, 'SELECT 1 AS n FROM enterprise_profiles WHERE demo = 0 LIMIT 1') !==
    undefined
  );
}

export function findEnterprise(
  db: Db,
  uscc: string,
  opts: { includeDemo: boolean },
): EnterpriseRecord | null {
  const row = one<Row>(db, `SELECT * FROM enterprise_profiles WHERE uscc = :uscc AND ${VISIBLE}`, {
    ':uscc': uscc,
    ':demo': opts.includeDemo ? 1 : 0,
  });
  return row ? toRecord(row) : null;
}

export function listEnterprises(db: Db, opts: { includeDemo: boolean }): EnterpriseListItem[] {
  return all<Row>(db, `SELECT * FROM enterprise_profiles WHERE ${VISIBLE} ORDER BY uscc`, {
    ':demo': opts.includeDemo ? 1 : 0,
  }).map((row) => {
    const r = toRecord(row);
    return {
      uscc: r.uscc,
      name: r.name,
      entityType: r.entityType,
      status: r.status,
      tags: r.tags,
      demo: r.demo,
    };
  });
}

/** One stored profile, demo or not, whatever the config says. */
export function getEnterprise(db: Db, uscc: string): EnterpriseRecord | null {
  const row = one<Row>(db, 'SELECT * FROM enterprise_profiles WHERE uscc = ?', [uscc]);
  return row ? toRecord(row) : null;
}

export function allRecords(db: Db, opts: { demo: boolean }): EnterpriseRecord[] {
  return all<Row>(db, 'SELECT * FROM enterprise_profiles WHERE demo = ? ORDER BY uscc', [
    opts.demo ? 1 : 0,
  ]).map(toRecord);
}

/** Inserts or replaces many profiles through one prepared statement (imports of thousands). */
export function upsertEnterprises(db: Db, records: readonly EnterpriseRecord[]): void {
  if (records.length === 0) return;
  const stmt = db.prepare(UPSERT);
  try {
    for (const r of records) stmt.run(paramsOf(r));
  } finally {
    stmt.free();
  }
}

/** Inserts or replaces one profile. */
export function upsertEnterprise(db: Db, r: EnterpriseRecord): void {
  run(db, UPSERT, paramsOf(r));
}

const UPSERT = `INSERT OR REPLACE INTO enterprise_profiles (uscc, name, entity_type, entity_kind,
       foreign_invested, status, registered_on, address, business_scope, industry, size,
       registered_capital_wan, tags, legal_representative, benefits_received, licences, town,
       source, demo, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const paramsOf = (r: EnterpriseRecord) => [
  r.uscc,
  r.name,
  r.entityType,
  r.entityKind,
  r.foreignInvested ? 1 : 0,
  r.status,
  r.registeredOn,
  r.address,
  r.businessScope,
  r.industry,
  r.size,
  r.registeredCapitalWan,
  JSON.stringify(r.tags),
  r.legalRepresentative,
  JSON.stringify(r.benefitsReceived),
  JSON.stringify(r.licences),
  r.town,
  r.source,
  r.demo ? 1 : 0,
  r.updatedAt,
];

export function deleteEnterprises(db: Db, usccs: readonly string[]): number {
  let n = 0;
  for (const u of usccs) n += run(db, 'DELETE FROM enterprise_profiles WHERE uscc = ?', [u]);
  return n;
}

export function deleteDemoEnterprises(db: Db): number {
  return run(db, 'DELETE FROM enterprise_profiles WHERE demo = 1');
}
