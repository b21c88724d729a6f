import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '../../../electron/cli/commands/index';
import { createKioskServices } from '../../../electron/compose';
import { createMemoryLogger } from '../../../electron/services/logger';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kioskctl-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});

/** Runs one kioskctl command in-process; returns its exit code and what it printed. */
async function kioskctl(...argv: string[]): Promise<{ code: number; out: string }> {
  const sorted = [...COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  const command = sorted.find((c) => c.name.split(' ').every((w, i) => argv[i] === w));
  if (!command) throw new Error(`no command ${argv.join(' ')}`);
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const code = await command.run(argv, []);
  vi.restoreAllMocks();
  return { code, out };
}

describe('kioskctl identification commands', () => {
  it('parse-code prints kind, uscc, valid and reason, and fails on an invalid code', async () => {
    const ok = await kioskctl('parse-code', '91330521DQ0000018A', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({
      kind: 'bare-code',
      uscc: '91330521DQ0000018A',
      valid: true,
      reason: 'ok',
    });
    const bad = await kioskctl('parse-code', 'javascript:alert(1)', '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ kind: 'unknown', reason: 'unsupported-url' });
  });

  it('enterprises list shows the demo set, and nothing with demoData off; it writes nothing', async () => {
    const data = tmp();
    const list = JSON.parse((await kioskctl('enterprises', 'list', '--data', data, '--json')).out);
    expect(list.length).toBeGreaterThanOrEqual(24);
    expect(list[0]).toMatchObject({
      uscc: expect.any(String),
      name: expect.any(String),
      demo: true,
    });
    expect(fs.readdirSync(data)).toEqual([]);
    fs.writeFileSync(path.join(data, 'config.json'), JSON.stringify({ demoData: false }));
    const none = JSON.parse((await kioskctl('enterprises', 'list', '--data', data, '--json')).out);
    expect(none).toEqual([]);
  });

  it('keygen, issue-code and issue-badge make tokens this kiosk accepts once', async () => {
    const data = tmp();
    const keys = tmp();
    const codeKey = path.join(keys, 'code.json');
    const badgeKey = path.join(keys, 'badge.json');
    const keygen = JSON.parse(
      (
        await kioskctl(
          'keygen',
          '--for',
          'enterprise',
          '--kid',
          'code1',
          '--out',
          codeKey,
          '--trust',
          '--data',
          data,
          '--json',
        )
      ).out,
    );
    expect(keygen).toMatchObject({ kid: 'code1', use: 'enterprise', trusted: true });
    expect(keygen.secretKey).toBeUndefined();
    expect(fs.statSync(codeKey).mode & 0o777).toBe(0o600);
    await kioskctl(
      'keygen',
      '--for',
      'staff',
      '--kid',
      'badge1',
      '--out',
      badgeKey,
      '--trust',
      '--data',
      data,
    );
    // Never overwrites a key.
    await expect(
      kioskctl('keygen', '--for', 'staff', '--kid', 'other', '--out', badgeKey, '--data', data),
    ).rejects.toThrow();

    const qr = path.join(data, 'code.png');
    const code = JSON.parse(
      (
        await kioskctl(
          'issue-code',
          '--uscc',
          '91330521DQ0000018A',
          '--ttl',
          '120',
          '--qr',
          qr,
          '--key',
          codeKey,
          '--data',
          data,
          '--json',
        )
      ).out,
    );
    expect(code.token.startsWith('DQE2.')).toBe(true);
    expect(Date.parse(code.expiresAt) - Date.parse(code.issuedAt)).toBe(120_000);
    expect(fs.readFileSync(qr).subarray(1, 4).toString()).toBe('PNG');
    const badge = JSON.parse(
      (
        await kioskctl(
          'issue-badge',
          '--staff',
          'G007',
          '--role',
          'admin',
          '--key',
          badgeKey,
          '--data',
          data,
          '--json',
        )
      ).out,
    );
    expect(badge.token.startsWith('DQS2.')).toBe(true);

    const checked = JSON.parse(
      (await kioskctl('parse-code', code.token, '--data', data, '--json')).out,
    );
    expect(checked).toMatchObject({ kind: 'enterprise-token', valid: true, verification: 'ok' });

    const s = await createKioskServices({
      dataRoot: data,
      shell: 'browser',
      appVersion: 'test',
      log: createMemoryLogger(),
    });
    try {
      expect(await s.identity.identifyScan(code.token, 'camera')).toMatchObject({
        outcome: 'enterprise',
        verified: true,
      });
      expect(await s.identity.identifyScan(code.token, 'camera')).toMatchObject({
        reason: 'replayed',
      });
      expect(await s.identity.identifyScan(badge.token, 'usb-scanner')).toMatchObject({
        outcome: 'staff',
        staff: { id: 'G007', role: 'admin' },
      });
    } finally {
      await s.close();
    }
  });

  it('refuses to sign an invalid credit code or a bad role', async () => {
    const data = tmp();
    const key = path.join(tmp(), 'k.json');
    await kioskctl('keygen', '--for', 'enterprise', '--kid', 'k', '--out', key, '--data', data);
    await expect(
      kioskctl('issue-code', '--uscc', '91350211M00013FA1N', '--key', key, '--data', data),
    ).rejects.toThrow(/not a valid credit code/);
    await expect(
      kioskctl('issue-badge', '--staff', 'G1', '--role', 'boss', '--key', key, '--data', data),
    ).rejects.toThrow(/guide or admin/);
  });

  it('keygen writes a private key only where --out says, and a key signs one kind of token', async () => {
    const data = tmp();
    // Without --out nothing is written anywhere; the secret key is printed for the back office.
    const printed = JSON.parse(
      (await kioskctl('keygen', '--for', 'staff', '--kid', 's1', '--data', data, '--json')).out,
    );
    expect(printed.secretKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(printed.keyFile).toBeNull();
    expect(fs.readdirSync(data)).toEqual([]);
    // --trust adds the public key for its one use, merged into the config on disk.
    fs.writeFileSync(path.join(data, 'config.json'), JSON.stringify({ kioskId: 'TOWN07' }));
    await kioskctl('keygen', '--for', 'enterprise', '--kid', 'e1', '--trust', '--data', data);
    const config = JSON.parse(fs.readFileSync(path.join(data, 'config.json'), 'utf8'));
    expect(config).toEqual({
      kioskId: 'TOWN07',
      identity: { enterpriseKeys: { e1: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) } },
    });
    expect(fs.readdirSync(data)).toEqual(['config.json']);
    // No key for both; a key id trusted for codes cannot be made a badge key.
    await expect(kioskctl('keygen', '--trust', 'both', '--data', data)).rejects.toThrow();
    await expect(kioskctl('keygen', '--for', 'both', '--data', data)).rejects.toThrow(
      /enterprise or staff/,
    );
    await expect(
      kioskctl('keygen', '--for', 'staff', '--kid', 'e1', '--trust', '--data', data),
    ).rejects.toThrow(/trusted for enterprise tokens already/);
    // A code key does not sign badges, nor a badge key codes.
    const codeKey = path.join(tmp(), 'code.json');
    await kioskctl(
      'keygen',
      '--for',
      'enterprise',
      '--kid',
      'e2',
      '--out',
      codeKey,
      '--data',
      data,
    );
    await expect(
      kioskctl('issue-badge', '--staff', 'G1', '--role', 'admin', '--key', codeKey, '--data', data),
    ).rejects.toThrow(/signs enterprise tokens, not staff/);
  });
});
