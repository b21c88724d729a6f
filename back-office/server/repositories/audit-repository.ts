// The append-only record of what administrators did.
import { iso, type Sql } from '../db/database';

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string | null;
}

export async function audit(sql: Sql, e: AuditEntry): Promise<void> {
  await sql.query(
    'INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)',
    [e.at, e.actor, e.action, e.subject, e.detail],
  );
}

export async function auditLog(sql: Sql, limit = 200): Promise<AuditEntry[]> {
  const r = await sql.query<{
    at: Date;
    actor: string;
    action: string;
    subject: string;
    detail: string | null;
  }>('SELECT at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT $1', [limit]);
  return r.rows.map((x) => ({ ...x, at: iso(x.at) }));
}
