// Migration 014 rebuilds enterprise_profiles (licences, town, source; size and registration date
// may be unknown): rows stored before keep everything, demo rows become source 'demo', others
// 'import'.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/services/storage/migrate';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations/index';
import { all, run } from '../../../../electron/services/storage/sql';
import { loadSqlJs } from '../../../../electron/services/storage/sqljs';

const now = () => new Date('2026-03-01T02:00:00Z');

describe('migration 014', () => {
  it('keeps the stored profiles and marks where they came from', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 14),
      now,
    );
    const insert = (uscc: string, demo: number) =>
      run(
        db,
        `INSERT INTO enterprise_profiles (uscc, name, entity_type, entity_kind, status,
           registered_on, address, business_scope, industry, size, tags, legal_representative,
           demo, updated_at)
         VALUES (?, 'n', 't', 'company', 'operating', '2020-01-01', 'a', 's', 'i', 'small',
           '["外贸"]', '张*', ?, '2025-01-01T00:00:00Z')`,
        [uscc, demo],
      );
    insert('91330521DQ0000018A', 1);
    insert('91330521DQ9000014M', 0);
    expect(
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 14),
        now,
      ),
    ).toBe(1);
    expect(
      all(
        db,
        'SELECT uscc, source, demo, tags, licences, town, size FROM enterprise_profiles ORDER BY uscc',
      ),
    ).toEqual([
      {
        uscc: '91330521DQ0000018A',
        source: 'demo',
        demo: 1,
        tags: '["外贸"]',
        licences: '[]',
        town: null,
        size: 'small',
      },
      {
        uscc: '91330521DQ9000014M',
        source: 'import',
        demo: 0,
        tags: '["外贸"]',
        licences: '[]',
        town: null,
        size: 'small',
      },
    ]);
    run(
      db,
      `INSERT INTO enterprise_profiles (uscc, name, entity_type, entity_kind, status, address,
         business_scope, industry, legal_representative, source, updated_at)
       VALUES ('91330521DQ9000022G', 'n', '', 'company', 'operating', '', '', '', '', 'back-office',
         '2026-01-01T00:00:00Z')`,
    );
    // A demo row must say so and only a demo row may.
    expect(() =>
      run(
        db,
        `INSERT INTO enterprise_profiles (uscc, name, entity_type, entity_kind, status, address,
           business_scope, industry, legal_representative, source, demo, updated_at)
         VALUES ('91330521DQ9000030B', 'n', '', 'company', 'operating', '', '', '', '', 'import', 1,
           '2026-01-01T00:00:00Z')`,
      ),
    ).toThrow(/CHECK/);
  });
});
