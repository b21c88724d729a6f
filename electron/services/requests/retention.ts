// Retention (PIPL: keep personal data the shortest necessary time): a request's contact phone
// and name are purged `retention.personalDataDays` (default 30) after the request was closed
// (completed, returned or cancelled). The ticket, services, routing and timeline stay for
// statistics. The purge overwrites the freed bytes (secure_delete) and rewrites the request's
// outbox copy if it has not been delivered yet (single site, or a back office that is down).
import type { Logger } from '../logger';
import type { KioskDatabase } from '../storage/database';
import type { SyncService } from '../sync/sync-service';
import { personalDataDue, purgePersonalData } from './request-repository';
import { withoutContact } from './request-wire';

export interface PurgeDeps {
  db: KioskDatabase;
  sync: SyncService;
  log: Logger;
  now: () => Date;
  days: number;
}

export async function purgeDuePersonalData(deps: PurgeDeps): Promise<number> {
  const { db, sync, log } = deps;
  const at = deps.now();
  const before = new Date(at.getTime() - deps.days * 86_400_000).toISOString();
  const due = db.read((d) => personalDataDue(d, before)).map((r) => r.id);
  if (due.length === 0) return 0;
  const { purged, redacted } = await db.write((tx) => {
    // Freed and rewritten bytes are zeroed, so the purged numbers do not linger in the file.
    // (Per connection; the next export resets it.)
    tx.run('PRAGMA secure_delete = ON');
    const n = purgePersonalData(tx, due, at.toISOString());
    let r = 0;
    for (const id of due) if (sync.redact(tx, id, withoutContact)) r++;
    return { purged: n, redacted: r };
  });
  // One more generation: the previous file (kept for recovery) still held the purged data.
  await db.write(() => undefined);
  log.info('request.personal_data_purged', { count: purged, outboxRedacted: redacted, before });
  return purged;
}
