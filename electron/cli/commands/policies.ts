// `kioskctl policies match <credit code>`: the ranked measures (and bundles and station services)
// that fit a stored enterprise, each with its reasons and whether it is 免申即享 — what the kiosk
// shows that enterprise once it is verified. Read-only: a snapshot of the database, the catalog
// this kiosk would run on.
import { checkUscc } from '../../domain/credit-code';
import type { PolicyMatchResult } from '../../domain/policy-match';
import { createCatalogService } from '../../services/catalog/catalog-service';
import { loadCatalog } from '../../services/catalog/load';
import { loadConfigFile } from '../../services/config';
import { dataDirLayout } from '../../services/data-dir';
import { applyDemoSync } from '../../services/enterprises/enterprise-service';
import { findEnterprise } from '../../services/enterprises/enterprise-repository';
import { createPolicyService } from '../../services/policies/policy-service';
import { migrate } from '../../services/storage/migrate';
import { MIGRATIONS } from '../../services/storage/migrations/index';
import { readSnapshot } from '../../services/storage/read-snapshot';
import type { Db } from '../../services/storage/sql';
import { loadSqlJs } from '../../services/storage/sqljs';
import { defineCommand } from '../define';

interface MatchLine {
  rank: number;
  measureNo: number;
  /** The reasons in Chinese, joined with "；". */
  reason: string;
  reasonEn: string;
  /** 免申即享. */
  noApplication: boolean;
  /** 应享未享: 免申即享, qualifies, no record of receiving it. */
  unclaimed: boolean;
  receivedOn: string | null;
  delivery: string;
  board: string | null;
  leadDepartment: string;
  score: number;
}

type Report =
  | { ok: false; uscc: string; error: string }
  | {
      ok: true;
      uscc: string;
      name: string;
      today: string;
      stage: string;
      traits: string[];
      matches: MatchLine[];
      unclaimed: number[];
      bundles: { id: string; name: string; reason: string }[];
      stations: { id: string; name: string; services: number[] }[];
      counts: PolicyMatchResult['counts'];
    };

export const policiesMatchCommand = defineCommand<Report>({
  name: 'policies match',
  summary: 'the measures that fit a stored enterprise, ranked, with reasons and 免申即享',
  usage: 'Usage: kioskctl policies match <credit code> [--json]',
  async run({ args, dataRoot }) {
    const check = checkUscc(args.join(''));
    const uscc = check.code;
    if (!check.valid) {
      const data: Report = { ok: false, uscc, error: `not a valid credit code (${check.problem})` };
      return { data, ok: false };
    }
    const dirs = dataDirLayout(dataRoot);
    const { config } = loadConfigFile(dirs.config);
    // A private in-memory copy of the newest generation (never written back), brought to the
    // current schema and given the demo set the way the kiosk applies them at start; an empty
    // database when the kiosk has not written one yet.
    const find = (db: Db) => {
      migrate(db, MIGRATIONS, () => new Date());
      applyDemoSync(db, config.demoData);
      return { record: findEnterprise(db, uscc, { includeDemo: config.demoData }) };
    };
    let found = await readSnapshot(dirs.db, find);
    if (!found) {
      const db = new (await loadSqlJs()).Database();
      try {
        found = find(db);
      } finally {
        db.close();
      }
    }
    const record = found.record;
    if (!record) {
      const data: Report = { ok: false, uscc, error: 'no enterprise profile with this code' };
      return { data, ok: false };
    }
    const catalog = createCatalogService(loadCatalog({ dataRoot }), {
      defaultFeedbackDays: config.catalog.feedbackDays,
    });
    const r = createPolicyService({ catalog, timeZone: config.hours.timeZone }).match(
      record,
      new Date(),
    );
    const data: Report = {
      ok: true,
      uscc: r.uscc,
      name: r.name,
      today: r.today,
      stage: r.stage,
      traits: r.traits.map((t) => t.id),
      matches: r.measures.map((m, i) => ({
        rank: i + 1,
        measureNo: m.no,
        reason: m.reasons.map((x) => x.zh).join('；'),
        reasonEn: m.reasons.map((x) => x.en).join('; '),
        noApplication: m.noApplication,
        unclaimed: m.unclaimed,
        receivedOn: m.received?.receivedOn ?? null,
        delivery: m.delivery,
        board: m.board,
        leadDepartment: m.leadDepartment,
        score: m.score,
      })),
      unclaimed: r.unclaimed,
      bundles: r.bundles.map((b) => ({
        id: b.id,
        name: b.name,
        reason: b.reasons.map((x) => x.zh).join('；'),
      })),
      stations: r.stations.map((s) => ({
        id: s.id,
        name: s.name,
        services: s.services.map((x) => x.no),
      })),
      counts: r.counts,
    };
    return { data };
  },
  text(r) {
    if (!r.ok) return `${r.uscc}: ${r.error}`;
    const lines = [
      `${r.name} (${r.uscc}) on ${r.today}: ${r.matches.length} measure(s)`,
      r.unclaimed.length ? `应享未享: ${r.unclaimed.map((n) => `no. ${n}`).join(', ')}` : null,
      ...r.matches.map(
        (m) =>
          `${String(m.rank).padStart(3)}. no. ${String(m.measureNo).padEnd(4)}${m.noApplication ? ' 免申即享' : ''}${m.unclaimed ? ' 应享未享' : ''}  ${m.reason}`,
      ),
      ...r.bundles.map((b) => `  一类事 ${b.name}: ${b.reason}`),
      ...r.stations.map((s) => `  ${s.name}: ${s.services.length} service(s)`),
      `(${r.counts.notOffered} measures are not offered to enterprises; ${r.counts.openToAll} are open to all)`,
    ];
    return lines.filter((l) => l !== null).join('\n');
  },
});
