// The back office's migrations: each listed once with its number, none edited after it shipped
// (their checksums are recorded beside this file by `node scripts/migration-sums.mjs`), and the
// database refuses a back office that does not know a migration it has, or whose copy differs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../../../back-office/server/db/open';
import { MIGRATIONS } from '../../../../back-office/server/db/migrations/index';
import { testPglite } from '../../../support/back-office-db';

const SHIPPED = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'migrations.sums.json'), 'utf8'),
) as Record<string, string>;
const dir = path.resolve(__dirname, '../../../../back-office/server/db/migrations');
const files = fs.readdirSync(dir).filter((f) => /^\d{3}_.+\.ts$/.test(f));

beforeAll(() => testPglite().then(() => undefined), 180_000);

describe('back-office migrations', () => {
  it('every migration file is listed once, with the number in its name', () => {
    expect(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b)).toEqual(
      files.map((f) => Number(f.slice(0, 3))).sort((a, b) => a - b),
    );
  });

  it('no shipped migration has been edited, and every migration is recorded', () => {
    for (const f of files) {
      const sum = crypto
        .createHash('sha256')
        .update(fs.readFileSync(path.join(dir, f)))
        .digest('hex');
      expect(
        SHIPPED[f],
        `${f} has no recorded checksum: run node scripts/migration-sums.mjs`,
      ).toBeDefined();
      expect(sum, `${f} was edited after it shipped: add a new migration instead`).toBe(SHIPPED[f]);
    }
  });

  it('a database migrated by a newer back office, or with a different copy, is refused', async () => {
    const db = await testPglite();
    expect((await prepareDatabase(db, new Date().toISOString())).applied).toEqual([]);
    const extra = { version: 999, name: 'from-the-future', sql: 'CREATE TABLE future_t (x int)' };
    await prepareDatabase(db, new Date().toISOString(), [...MIGRATIONS, extra]);
    await expect(prepareDatabase(db, new Date().toISOString())).rejects.toThrow(
      /migration 999 .*newer version/,
    );
    const edited = MIGRATIONS.map((m) =>
      m.version === 1 ? { ...m, sql: `${m.sql}\n-- edited` } : m,
    );
    await expect(prepareDatabase(db, new Date().toISOString(), [...edited, extra])).rejects.toThrow(
      /migration 1 \(initial\) differs/,
    );
    await db.exec('DROP TABLE future_t; DELETE FROM schema_migrations WHERE version = 999');
  });
});
