// Migration 009 rebuilds `requests` (to allow kind 'appeal') and `request_events` beside it: a
// database written before it keeps every row, its timeline numbering and its foreign key.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/services/storage/migrate';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations/index';
import { loadSqlJs } from '../../../../electron/services/storage/sqljs';
import { all, run, scalar } from '../../../../electron/services/storage/sql';

const now = () => new Date('2025-06-11T02:00:00Z');

const ROW = `INSERT INTO requests (id, ticket, ticket_date, ticket_seq, created_at, kind, bundle_id,
  measure_no, title, board, routing, services, answers, audience, verified, founder, uscc,
  enterprise_name, contact_phone, contact_name, assisted_by, promise, due_date, status, status_at,
  closed_at, sent_at, personal_purged_at)
  VALUES (?, ?, '2025-06-10', ?, '2025-06-10T02:00:00.000Z', ?, NULL, NULL, 't', 'policy', '{}',
  '[]', '{}', 'anonymous', 0, 0, NULL, NULL, '13812345678', NULL, NULL, '{}', '2025-06-13',
  'submitted', '2025-06-10T02:00:00.000Z', NULL, NULL, NULL)`;

describe('migration 009', () => {
  it('keeps rows, event numbering and the foreign key, and allows 诉求', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.run('PRAGMA foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 9),
      now,
    );
    run(db, ROW, ['r1', 'DQ01-20250610-0001', 1, 'consultation']);
    run(db, ROW, ['r2', 'DQ01-20250610-0002', 2, 'bundle']);
    for (const [id, status] of [
      ['r1', 'submitted'],
      ['r2', 'submitted'],
      ['r1', 'received'],
    ] as const)
      run(
        db,
        "INSERT INTO request_events (request_id, at, status, source) VALUES (?, 'x', ?, 'kiosk')",
        [id, status],
      );
    expect(() => run(db, ROW, ['r3', 'DQ01-20250610-0003', 3, 'appeal'])).toThrow(/CHECK/);

    // 009 and 010 (later migrations, e.g. 011's indexes, are not this test's concern).
    expect(
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 10),
        now,
      ),
    ).toBe(2);
    expect(
      all(db, 'SELECT id, kind, contact_phone, appeal_category FROM requests ORDER BY id'),
    ).toEqual([
      { id: 'r1', kind: 'consultation', contact_phone: '13812345678', appeal_category: null },
      { id: 'r2', kind: 'bundle', contact_phone: '13812345678', appeal_category: null },
    ]);
    expect(all(db, 'SELECT seq, request_id, status FROM request_events ORDER BY seq')).toEqual([
      { seq: 1, request_id: 'r1', status: 'submitted' },
      { seq: 2, request_id: 'r2', status: 'submitted' },
      { seq: 3, request_id: 'r1', status: 'received' },
    ]);
    run(db, ROW, ['r3', 'DQ01-20250610-0003', 3, 'appeal']);
    run(
      db,
      "INSERT INTO request_events (request_id, at, status, source) VALUES ('r3', 'x', 'submitted', 'kiosk')",
    );
    // AUTOINCREMENT carries on after the copied rows.
    expect(scalar(db, "SELECT seq FROM request_events WHERE request_id = 'r3'")).toBe(4);
    // Still unique, still a foreign key.
    expect(() => run(db, ROW, ['r4', 'DQ01-20250610-0001', 9, 'bundle'])).toThrow(/UNIQUE/);
    expect(() =>
      run(
        db,
        "INSERT INTO request_events (request_id, at, status, source) VALUES ('nope', 'x', 's', 'kiosk')",
      ),
    ).toThrow(/FOREIGN KEY/);
    expect(all(db, 'PRAGMA foreign_key_check')).toEqual([]);
    const indexes = all<{ name: string }>(
      db,
      "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' AND tbl_name IN ('requests', 'request_events') ORDER BY name",
    ).map((r) => r.name);
    expect(indexes).toEqual([
      'request_events_request',
      'requests_closed',
      'requests_created',
      'requests_kind_created',
      'requests_ticket_day_seq',
      'requests_uscc',
    ]);
    expect(scalar(db, 'PRAGMA integrity_check')).toBe('ok');
    db.close();
  });
});
