// Retention (PIPL: keep personal data the shortest necessary time). `retention.personalDataDays`
// (default 30) after a request was closed (completed, returned or cancelled), everything personal
// or free-text about it is purged wherever the kiosk keeps it: the contact phone and name, a 诉求's
// typed text, the submission fingerprint, the notes of its timeline (a returned request's note, a
// cancellation reason, a 回访 note), the notes of status changes pulled for it, staff's notes on its
// follow-ups, and the copies in undelivered outbox items (the request, a cancel notice). The audit
// log refers to notes instead of copying them, so it holds nothing to purge. The ticket, services,
// routing and statuses stay for statistics. Help calls older than the same period are deleted, and
// kept search texts that hold a phone-like number are removed. Freed and rewritten bytes are
// overwritten (secure_delete), and the database is compacted so no file kept for recovery (the
// previous snapshot, the journal that recorded them) holds them either.
import {
  phoneLikeSearchMisses,
  purgePhoneLikeSearchMisses,
} from '../catalog/search-miss-repository';
import { hasHelpCallsBefore, purgeHelpCalls } from '../guide/help-call-repository';
import type { Logger } from '../logger';
import type { KioskDatabase } from '../storage/database';
import type { SyncService } from '../sync/sync-service';
import { purgeFollowUpNotes } from '../voice/follow-up-repository';
import { personalDataDue, purgePersonalData } from './request-repository';
import { withoutPersonalText } from './request-wire';

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
  const { due, helpCalls, phoneMisses } = db.read((d) => ({
    due: personalDataDue(d, before),
    helpCalls: hasHelpCallsBefore(d, before),
    phoneMisses: phoneLikeSearchMisses(d).length > 0,
  }));
  if (due.length === 0 && !helpCalls && !phoneMisses) return 0;
  const ids = due.map((r) => r.id);
  const out = await db.write((tx) => {
    // Per connection; the next snapshot's export resets it.
    tx.run('PRAGMA secure_delete = ON');
    const purged = purgePersonalData(tx, ids, at.toISOString());
    const followUpNotes = purgeFollowUpNotes(tx, ids);
    let outboxRedacted = 0;
    for (const r of due)
      outboxRedacted += sync.purgeTicket(tx, r.ticket, r.id, withoutPersonalText);
    return {
      purged,
      followUpNotes,
      outboxRedacted,
      helpCalls: purgeHelpCalls(tx, before),
      searchTexts: purgePhoneLikeSearchMisses(tx),
    };
  });
  // The previous snapshot and the journals (kept for recovery) still held the purged data.
  await db.compact();
  log.info('request.personal_data_purged', {
    count: out.purged,
    followUpNotes: out.followUpNotes,
    outboxRedacted: out.outboxRedacted,
    helpCalls: out.helpCalls,
    searchTexts: out.searchTexts,
    before,
  });
  return out.purged;
}
