// The append-only audit log of guide actions (the table refuses UPDATE and DELETE). Staff's free
// text about a case (a cancellation reason, a returned request's note, a follow-up's note) is not
// copied here: an entry refers to where it is kept (`noteRef`: `event:<seq>` of request_events,
// `follow-up:<id>`), so the retention purge of that note removes it from the log's view too.
import { all, run, type Db } from '../storage/sql';

export interface AuditEntry {
  seq: number;
  at: string;
  staffId: string;
  action: string;
  requestId: string | null;
  /** What was done, with the note it refers to while the note is kept. */
  detail: string | null;
}

export interface NewAuditEntry extends Omit<AuditEntry, 'seq'> {
  /** Where the free text of this action is kept, if it has any. */
  noteRef?: string | null;
}

export function appendAudit(db: Db, e: NewAuditEntry): void {
  run(
    db,
    `INSERT INTO audit_log (at, staff_id, action, request_id, detail, note_ref)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [e.at, e.staffId, e.action, e.requestId, e.detail, e.noteRef ?? null],
  );
}

export function listAudit(db: Db, opts: { limit: number; since?: string }): AuditEntry[] {
  return all<{
    seq: number;
    at: string;
    staff_id: string;
    action: string;
    request_id: string | null;
    detail: string | null;
    note: string | null;
  }>(
    db,
    `SELECT a.seq, a.at, a.staff_id, a.action, a.request_id, a.detail,
       CASE
         WHEN a.note_ref LIKE 'event:%' THEN (SELECT e.note FROM request_events e
           WHERE e.seq = CAST(substr(a.note_ref, 7) AS INTEGER))
         WHEN a.note_ref LIKE 'follow-up:%' THEN (SELECT f.note FROM follow_ups f
           WHERE f.id = substr(a.note_ref, 11))
       END AS note
     FROM audit_log a WHERE a.at >= ? ORDER BY a.seq DESC LIMIT ?`,
    [opts.since ?? '', opts.limit],
  ).map((r) => ({
    seq: r.seq,
    at: r.at,
    staffId: r.staff_id,
    action: r.action,
    requestId: r.request_id,
    detail: r.note === null ? r.detail : `${r.detail ?? ''}${r.detail ? ': ' : ''}${r.note}`,
  }));
}
