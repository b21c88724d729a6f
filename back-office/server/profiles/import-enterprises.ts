// Importing enterprise profiles at the back office: the same file format and validation as
// `kioskctl enterprises import` (electron/services/enterprises/import-file.ts), stored in one
// transaction with its audit entry; the kiosks then receive the changes through the profile feed.
import type { RowRejection } from '../../../electron/domain/enterprise-import';
import { importContextOf } from '../../../electron/services/enterprises/import-context';
import {
  ImportFileError,
  parseImportFile,
  type ImportFormat,
} from '../../../electron/services/enterprises/import-file';
import type { Database } from '../db/database';
import type { CenterRules } from '../intake/center-rules';
import { audit } from '../repositories/audit-repository';
import { storeProfiles, type StoreCounts } from '../repositories/profile-repository';

export type ImportOutcome =
  | ({ ok: true; format: ImportFormat; rejected: RowRejection[] } & StoreCounts)
  | { ok: false; error: string };

export async function importEnterprises(
  db: Database,
  rules: CenterRules,
  input: { text: string; fileName: string | null; actor: string; now: string },
): Promise<ImportOutcome> {
  let parsed;
  try {
    parsed = parseImportFile(input.text, importContextOf(rules.catalog.loaded.catalog), {
      ...(input.fileName ? { fileName: input.fileName } : {}),
    });
  } catch (e) {
    if (e instanceof ImportFileError) return { ok: false, error: e.message };
    throw e;
  }
  const counts = await db.transaction(async (tx) => {
    const c = await storeProfiles(
      tx,
      parsed.profiles.map((p) => p.profile),
      input.now,
    );
    await audit(tx, {
      at: input.now,
      actor: input.actor,
      action: 'enterprises-import',
      subject: input.fileName ?? '(file)',
      detail: `imported ${c.imported}, updated ${c.updated}, unchanged ${c.unchanged}, rejected ${parsed.rejected.length}, version ${c.version}`,
    });
    return c;
  });
  return { ok: true, format: parsed.format, rejected: parsed.rejected, ...counts };
}
