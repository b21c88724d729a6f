// The README's configuration table names every key the kiosk reads, every kioskctl command and
// every back-office command.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMMANDS as BACK_OFFICE_COMMANDS } from '../back-office/server/main';
import { COMMANDS } from '../electron/cli/commands/index';
import { CONFIG_SHAPE } from '../electron/services/config';

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

function keys(shape: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(shape).flatMap(([k, v]) =>
    v instanceof z.ZodType ? [prefix + k] : keys(v as Record<string, unknown>, `${prefix}${k}.`),
  );
}

describe('README', () => {
  it('documents every configuration key', () => {
    const missing = keys(CONFIG_SHAPE).filter((k) => !readme.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });

  it('names every kioskctl command', () => {
    const missing = COMMANDS.map((c) => c.name).filter((n) => !readme.includes(n));
    expect(missing).toEqual([]);
  });

  it('names every back-office command', () => {
    const missing = BACK_OFFICE_COMMANDS.map((c) => c.name).filter(
      (n) => !readme.includes(`\`${n}`),
    );
    expect(missing).toEqual([]);
  });
});
