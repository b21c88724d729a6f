// `kioskctl enterprises import <file>`: real enterprise profiles for a single site (without a
// back office). The file is validated here (docs/enterprise-import.md); the valid profiles are
// handed to the kiosk through its import spool, because the running kiosk owns its database
// (services/enterprises/import-spool.ts), and the kiosk applies them in one transaction within
// 30 s (or at its next start). The counts are what applying them to the kiosk's newest stored
// state changes, computed on a read-only copy: run the same file twice and the second run reports
// nothing imported or updated.
import fs from 'node:fs';
import path from 'node:path';
import type { RowRejection } from '../../domain/enterprise-import';
import { loadCatalog } from '../../services/catalog/load';
import { dataDirLayout } from '../../services/data-dir';
import { applyProfiles, type ApplyCounts } from '../../services/enterprises/enterprise-service';
import { importContextOf } from '../../services/enterprises/import-context';
import { ImportFileError, parseImportFile } from '../../services/enterprises/import-file';
import { spoolImport } from '../../services/enterprises/import-spool';
import { MIGRATIONS } from '../../services/storage/migrations/index';
import { readSnapshot } from '../../services/storage/read-snapshot';
import { defineCommand } from '../define';

type Report =
  | {
      ok: true;
      file: string;
      format: 'csv' | 'jsonl';
      imported: number;
      updated: number;
      unchanged: number;
      rejected: Pick<RowRejection, 'row' | 'field' | 'reason' | 'reasonZh' | 'reasonEn'>[];
      /** The spool file the kiosk applies; null when nothing changes. */
      queued: string | null;
    }
  | { ok: false; file: string; error: string };

export const enterprisesImportCommand = defineCommand<Report>({
  name: 'enterprises import',
  summary:
    'import real enterprise profiles from a CSV or JSON Lines file (docs/enterprise-import.md)',
  usage: 'Usage: kioskctl enterprises import <file.csv|file.jsonl> [--json] [--data <dir>]',
  async run({ args, dataRoot }) {
    const file = args[0];
    if (!file || args.length !== 1)
      return { data: { ok: false, file: file ?? '', error: 'name one file' }, ok: false };
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      return { data: { ok: false, file, error: (e as Error).message }, ok: false };
    }
    const dirs = dataDirLayout(dataRoot);
    const ctx = importContextOf(loadCatalog({ dataRoot: dirs.root }).catalog);
    let parsed;
    try {
      parsed = parseImportFile(text, ctx, { fileName: file });
    } catch (e) {
      if (!(e instanceof ImportFileError)) throw e;
      return { data: { ok: false, file, error: e.message }, ok: false };
    }
    const at = new Date().toISOString();
    const items = parsed.profiles.map(({ profile }) => ({ profile, updatedAt: at }));
    const counts: ApplyCounts = (await readSnapshot(
      dirs.db,
      (db) => applyProfiles(db, items, 'import', { dryRun: true }),
      { migrations: MIGRATIONS },
    )) ?? { imported: items.length, updated: 0, unchanged: 0 };
    const queued =
      counts.imported + counts.updated > 0
        ? spoolImport(
            dirs.root,
            path.basename(file),
            parsed.profiles.map((p) => p.profile),
          )
        : null;
    return {
      data: {
        ok: true,
        file,
        format: parsed.format,
        ...counts,
        rejected: parsed.rejected.map(({ row, field, reason, reasonZh, reasonEn }) => ({
          row,
          field,
          reason,
          reasonZh,
          reasonEn,
        })),
        queued,
      },
    };
  },
  text(r) {
    if (!r.ok) return `导入失败 / import failed: ${r.error}`;
    const lines = [
      `imported ${r.imported}, updated ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected.length}`,
      ...r.rejected.map((x) => `  row ${x.row}: ${x.reason}`),
      r.queued
        ? `handed to the kiosk (${r.queued}): it applies them in one transaction within 30 s, or at its next start`
        : 'nothing to change',
    ];
    return lines.join('\n');
  },
});
