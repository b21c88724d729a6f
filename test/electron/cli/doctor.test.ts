import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calendarStatusCommand } from '../../../electron/cli/commands/calendar';
import { doctorCommand } from '../../../electron/cli/commands/doctor';
import { createMemoryLogger } from '../../../electron/services/logger';
import { openDatabase } from '../../../electron/services/storage/database';
import { MIGRATIONS } from '../../../electron/services/storage/migrations/index';
import { runCommand } from './run-command';

describe('kioskctl doctor', () => {
  it('reports a healthy data directory as JSON', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-'));
    const db = await openDatabase({
      dir: path.join(dir, 'db'),
      migrations: MIGRATIONS,
      log: createMemoryLogger(),
    });
    await db.close();
    const { out } = await runCommand(doctorCommand, ['--json', '--data', dir]);
    const report = JSON.parse(out);
    expect(report.dataDir).toMatchObject({ path: dir, exists: true, writable: true });
    expect(report.database).toMatchObject({
      integrity: 'ok',
      schemaVersion: Math.max(...MIGRATIONS.map((m) => m.version)),
      ok: true,
    });
    expect(report.config).toEqual({ path: path.join(dir, 'config.json'), ok: true, problems: [] });
    expect(typeof report.chromium.available).toBe('boolean');
    expect(typeof report.electron.available).toBe('boolean');
    expect(typeof report.printers.note).toBe('string');
  });

  it('names each wrong config key and a damaged database, and exits 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-'));
    fs.mkdirSync(path.join(dir, 'db'));
    fs.writeFileSync(path.join(dir, 'db', 'kiosk.0000000001.db'), 'garbage'.repeat(100));
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ timeouts: { idleSeconds: -1 }, kioskId: 'ok1' }),
    );
    const { code, out } = await runCommand(doctorCommand, ['--data', dir]);
    expect(code).toBe(1);
    expect(out).toContain('NOT READY');
    expect(out).toContain('timeouts.idleSeconds');
    expect(out).toContain('kioskId');
    expect(out).toMatch(/FAIL database/);
  });

  it('rejects unknown options with usage and exit code 2', async () => {
    const { code, err } = await runCommand(doctorCommand, ['--frobnicate']);
    expect(code).toBe(2);
    expect(err).toContain('frobnicate');
  });
});

describe('kioskctl calendar status', () => {
  it('reports the covered years and a refused override file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cal-cli-'));
    fs.mkdirSync(path.join(dir, 'calendar'));
    fs.writeFileSync(path.join(dir, 'calendar', 'bad.json'), '{');
    const { code, out } = await runCommand(calendarStatusCommand, ['--json', '--data', dir]);
    const data = JSON.parse(out);
    expect(code).toBe(1);
    expect(data.lastCoveredYear).toBeGreaterThanOrEqual(2026);
    expect(data.refusedFiles.map((f: { file: string }) => f.file)).toEqual(['bad.json']);
  });
});
