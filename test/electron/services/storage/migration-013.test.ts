// Migration 013: audit entries written before it copied staff's notes into their detail; they are
// rewritten once to refer to the note instead (so that retention can remove it), and requests
// purged under the earlier rule are due again so their notes go too.
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../../../electron/services/guide/audit-repository';
import { migrate } from '../../../../electron/services/storage/migrate';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations/index';
import { loadSqlJs } from '../../../../electron/services/storage/sqljs';
import { all, run } from '../../../../electron/services/storage/sql';

const now = () => new Date('2025-07-20T02:00:00Z');
const AT = '2025-06-12T02:00:00.000Z';

describe('migration 013', () => {
  it('turns copied notes in the audit log into references, and keeps it append-only', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.run('PRAGMA foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 13),
      now,
    );
    const request = (id: string, seq: number, purged: string | null) =>
      run(
        db,
        `INSERT INTO requests (id, ticket, ticket_date, ticket_seq, created_at, kind, title, board,
           routing, services, audience, verified, promise, due_date, status, status_at, closed_at,
           personal_purged_at)
         VALUES (?, ?, '2025-06-11', ?, '2025-06-11T02:00:00.000Z', 'bundle', 't', 'policy', '{}',
           '[]', 'anonymous', 0, '{}', '2025-06-16', 'cancelled', ?, ?, ?)`,
        [id, `DQ01-20250611-000${seq}`, seq, AT, AT, purged],
      );
    request('r1', 1, null);
    request('r2', 2, '2025-07-15T02:00:00.000Z');
    const event = (id: string, status: string, note: string | null) =>
      run(
        db,
        `INSERT INTO request_events (request_id, at, status, note, source, staff_id)
         VALUES (?, ?, ?, ?, 'guide', 'G007')`,
        [id, AT, status, note],
      );
    event('r1', 'returned', '请补充材料');
    event('r1', 'follow-up', '企业很满意');
    event('r2', 'cancelled', '重复提交');
    run(
      db,
      `INSERT INTO follow_ups (id, rating_id, request_id, ticket, board, occasion, level,
         opened_at, state, closed_at, closed_by, note, verdict)
       VALUES ('f1', 'x1', 'r1', 'DQ01-20250611-0001', 'policy', 'submission', 'unsatisfied', ?,
         'closed', ?, 'G007', '已致歉', 'satisfied')`,
      [AT, AT],
    );
    const audit = (action: string, requestId: string, detail: string) =>
      run(
        db,
        `INSERT INTO audit_log (at, staff_id, action, request_id, detail) VALUES (?, 'G007', ?, ?, ?)`,
        [AT, action, requestId, detail],
      );
    audit('set-request-status', 'r1', 'DQ01-20250611-0001: received → returned: 请补充材料');
    audit('set-request-status', 'r1', 'DQ01-20250611-0001: submitted → received');
    audit('record-follow-up', 'r1', 'DQ01-20250611-0001: satisfied — 企业很满意');
    audit('close-follow-up', 'r1', 'DQ01-20250611-0001: 已致歉 (回访 satisfied)');
    audit('cancel-request', 'r2', 'DQ01-20250611-0002: 重复提交');

    expect(
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 13),
        now,
      ),
    ).toBe(1);
    expect(all(db, 'SELECT action, detail, note_ref FROM audit_log ORDER BY seq')).toEqual([
      {
        action: 'set-request-status',
        detail: 'DQ01-20250611-0001: received → returned',
        note_ref: 'event:1',
      },
      {
        action: 'set-request-status',
        detail: 'DQ01-20250611-0001: submitted → received',
        note_ref: null,
      },
      { action: 'record-follow-up', detail: 'DQ01-20250611-0001: satisfied', note_ref: 'event:2' },
      {
        action: 'close-follow-up',
        detail: 'DQ01-20250611-0001 (回访 satisfied)',
        note_ref: 'follow-up:f1',
      },
      { action: 'cancel-request', detail: 'DQ01-20250611-0002', note_ref: 'event:3' },
    ]);
    // Shown with the notes while they are kept.
    expect(listAudit(db, { limit: 10 }).map((e) => e.detail)).toEqual([
      'DQ01-20250611-0002: 重复提交',
      'DQ01-20250611-0001 (回访 satisfied): 已致歉',
      'DQ01-20250611-0001: satisfied: 企业很满意',
      'DQ01-20250611-0001: submitted → received',
      'DQ01-20250611-0001: received → returned: 请补充材料',
    ]);
    expect(() => run(db, "UPDATE audit_log SET detail = 'x'")).toThrow(/append-only/);
    expect(() => run(db, 'DELETE FROM audit_log')).toThrow(/append-only/);
    // r2 was purged under the earlier rule (its note stayed): due again.
    expect(all(db, 'SELECT id, personal_purged_at FROM requests ORDER BY id')).toEqual([
      { id: 'r1', personal_purged_at: null },
      { id: 'r2', personal_purged_at: null },
    ]);
  });
});
