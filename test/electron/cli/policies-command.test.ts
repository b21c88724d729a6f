// kioskctl policies match: the ranked matches for a stored enterprise, read-only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { policiesMatchCommand } from '../../../electron/cli/commands/policies';
import { createKioskServices } from '../../../electron/compose';
import { createMemoryLogger } from '../../../electron/services/logger';
import { runCommand } from './run-command';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kioskctl-policies-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const generations = (dir: string) => fs.readdirSync(path.join(dir, 'db')).sort();

describe('kioskctl policies match', () => {
  it('prints the ranked matches with measure number, reason and 免申即享; writes nothing', async () => {
    const dir = tmp();
    const k = await createKioskServices({
      dataRoot: dir,
      shell: 'browser',
      appVersion: 'test',
      log: createMemoryLogger(),
    });
    await k.close();
    const before = generations(dir);
    const r = await runCommand(policiesMatchCommand, [
      'policies',
      'match',
      '92330521DQ0000181E',
      '--json',
      '--data',
      dir,
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({
      ok: true,
      uscc: '92330521DQ0000181E',
      name: '德清县武康街道老张面馆',
    });
    const nos = out.matches.map((m: { measureNo: number }) => m.measureNo);
    expect(nos).toEqual(expect.arrayContaining([93, 94, 95, 96, 97]));
    const m93 = out.matches.find((m: { measureNo: number }) => m.measureNo === 93);
    expect(m93).toMatchObject({
      reason: '因为您是个体工商户（原文：“个体工商户”）',
      noApplication: false,
      unclaimed: false,
      board: 'law',
    });
    const m2 = out.matches.find((m: { measureNo: number }) => m.measureNo === 2);
    expect(m2).toMatchObject({ noApplication: true, unclaimed: false, receivedOn: '2025-04-15' });
    expect(out.matches.map((m: { rank: number }) => m.rank)).toEqual(
      nos.map((_: number, i: number) => i + 1),
    );
    expect(generations(dir)).toEqual(before);
  });

  it('works on a data directory the kiosk has not used yet (the demo set, in memory)', async () => {
    const r = await runCommand(policiesMatchCommand, [
      'policies',
      'match',
      '91330521DQ0000018A',
      '--data',
      tmp(),
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('德清星图测绘地理信息有限公司');
    expect(r.out).toContain('因为贵企业是国家高新技术企业');
    expect(r.out).toMatch(/应享未享: no\. 35/);
  });

  it('fails on a bad code or an enterprise with no file', async () => {
    const bad = await runCommand(policiesMatchCommand, [
      'policies',
      'match',
      'X',
      '--json',
      '--data',
      tmp(),
    ]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false });
    const none = await runCommand(policiesMatchCommand, [
      'policies',
      'match',
      '91330521DQ9999999E',
      '--json',
      '--data',
      tmp(),
    ]);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.out)).toMatchObject({
      ok: false,
      error: 'no enterprise profile with this code',
    });
  });
});
