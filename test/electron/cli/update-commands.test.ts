// `kioskctl update sign` (on the release machine) and `kioskctl update status` (on a kiosk).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keygenCommand } from '../../../electron/cli/commands/identity';
import { updateSignCommand, updateStatusCommand } from '../../../electron/cli/commands/updates';
import { verifyManifest } from '../../../electron/services/updates/channel';
import { writeUpdateState, readUpdateState } from '../../../electron/services/updates/update-state';
import { runCommand } from './run-command';

describe('kioskctl update', () => {
  it('sign: a signature the kiosks verify with the printed public key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'update-sign-'));
    const keyFile = path.join(dir, 'release.json');
    expect((await runCommand(keygenCommand, ['--kid', 'rel2027', '--out', keyFile])).code).toBe(0);
    const manifest = path.join(dir, 'latest.yml');
    fs.writeFileSync(manifest, 'version: 1.2.0\nfiles: []\n');
    const r = await runCommand(updateSignCommand, [
      'update',
      'sign',
      '--key',
      keyFile,
      manifest,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { signature: string; keyId: string; publicKey: string };
    expect(out.signature).toBe(`${manifest}.sig`);
    const sig = fs.readFileSync(out.signature, 'utf8');
    expect(sig).toMatch(/^ed25519 rel2027 [A-Za-z0-9_-]{86}\n$/);
    expect(verifyManifest(fs.readFileSync(manifest), sig, { rel2027: out.publicKey })).toBe(
      'rel2027',
    );
    expect(() =>
      verifyManifest(Buffer.from('version: 9.9.9\nfiles: []\n'), sig, { rel2027: out.publicKey }),
    ).toThrow(/does not verify/);
  });

  it('status: the channel, verified installers, an install under way and refused versions', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'update-status-'));
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ updates: { channelUrl: 'https://updates.center.example/kiosk/' } }),
    );
    const state = readUpdateState(dir);
    state.installers['1.1.0'] = {
      file: 'installers/1.1.0/Setup-1.1.0.exe',
      sha512: 'x',
      size: 1,
      downloadedAt: '2026-12-01T02:00:00.000Z',
    };
    state.pending = {
      version: '1.1.0',
      fromVersion: '1.0.0',
      at: '2026-12-02T19:30:00.000Z',
      starts: 1,
    };
    state.refused['1.0.9'] = 'did not reach the attract screen within 180 s';
    writeUpdateState(dir, state);
    const r = await runCommand(updateStatusCommand, ['--data', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'channel      https://updates.center.example/kiosk/; trusted keys: none',
    );
    expect(r.out).toContain(
      `verified     1.1.0  ${path.join(dir, 'updates/installers/1.1.0/Setup-1.1.0.exe')}`,
    );
    expect(r.out).toContain('installing   1.1.0 from 1.0.0: started 1 time(s), not confirmed yet');
    expect(r.out).toContain('never again  1.0.9: did not reach the attract screen within 180 s');
  });
});
