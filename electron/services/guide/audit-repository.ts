// The append-only audit log of guide actions (the table refuses UPDATE and DELETE).
import { all, run, type Db } from '../storage/sql';

export interface AuditEntry {
  seq: number;
  at: string;
  staffId: string;
  action: string;
  requestId: string | null;
  detail: string | null;
}

export function appendAudit(db: Db, e: Omit<AuditEntry, 'seq'>): void {
  run(
    db,
    'INSERT INTO audit_log (at, staff_id, action, request_id, detail) VALUES (?, ?, ?, ?, ?)',
    [e.at, e.staffId, e.action, e.requestId, e.detail],
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
  }>(db, 'SELECT * FROM audit_log WHERE at >= ? ORDER BY seq DESC LIMIT ?', [
    opts.since ?? '',
    opts.limit,
  ]).map((r) => ({
    seq: r.seq,
    at: r.at,
    staffId: r.staff_id,
    action: r.action,
    requestId: r.request_id,
    detail: r.detail,
  }));
}
