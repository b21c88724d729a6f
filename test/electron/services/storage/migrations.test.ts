// A migration that has shipped is never edited: its checksum is recorded here when it is added.
// Changing the schema means adding the next migration, and its line below.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations/index';

const SHIPPED: Record<string, string> = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'migrations.sums.json'), 'utf8'),
) as Record<string, string>;

describe('migrations', () => {
  const dir = path.resolve(__dirname, '../../../../electron/services/storage/migrations');
  const files = fs.readdirSync(dir).filter((f) => /^\d{3}_.+\.ts$/.test(f));

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
        `${f} has no recorded checksum: add it to migrations.sums.json`,
      ).toBeDefined();
      expect(sum, `${f} was edited after it shipped: add a new migration instead`).toBe(SHIPPED[f]);
    }
  });
});
