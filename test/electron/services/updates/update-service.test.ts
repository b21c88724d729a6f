// The updater's decisions against a local update server serving what electron-builder's generic
// publisher writes (latest.yml and installers) plus the manifest's Ed25519 signature: when it
// downloads, what it refuses, when it installs, and how it rolls back.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { base64urlDecode } from '../../../../electron/domain/signed-token';
import { defaultConfig } from '../../../../electron/services/config';
import { generateKeyPair } from '../../../../electron/services/identity/tokens';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { nodeHttpTransport } from '../../../../electron/services/sync/transport';
import { signManifest, type UpdateTarget } from '../../../../electron/services/updates/channel';
import { nodeDownloader } from '../../../../electron/services/updates/download';
import {
  createUpdateService,
  MAX_FAILED_STARTS,
  type UpdateService,
} from '../../../../electron/services/updates/update-service';
import crypto from 'node:crypto';

const key = generateKeyPair('rel1');
const otherKey = generateKeyPair('evil');

interface Channel {
  url: string;
  dir: string;
  requests: string[];
  /** Publishes `version` as the channel's latest, signed with `signer` (null: unsigned). */
  publish(version: string, opts?: { signer?: typeof key | null; body?: Buffer }): Buffer;
  /** Replaces the served installer's bytes after the manifest was made. */
  tamper(version: string, bytes: Buffer): void;
  close(): Promise<void>;
}

const installerName = (v: string) => `Deqing-Enterprise-Kiosk-Setup-${v}.exe`;

async function startChannel(): Promise<Channel> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'update-channel-'));
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    requests.push(name);
    const file = path.join(dir, name);
    if (name.includes('/') || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    dir,
    requests,
    publish(version, opts = {}) {
      const body = opts.body ?? crypto.randomBytes(64 * 1024 + version.length);
      fs.writeFileSync(path.join(dir, installerName(version)), body);
      const sha512 = crypto.createHash('sha512').update(body).digest('base64');
      const manifest = stringify({
        version,
        files: [{ url: installerName(version), sha512, size: body.length }],
        path: installerName(version),
        sha512,
        releaseDate: '2026-12-01T00:00:00.000Z',
      });
      fs.writeFileSync(path.join(dir, 'latest.yml'), manifest);
      const sig = path.join(dir, 'latest.yml.sig');
      fs.rmSync(sig, { force: true });
      const signer = opts.signer === undefined ? key : opts.signer;
      if (signer)
        fs.writeFileSync(
          sig,
          signManifest(Buffer.from(manifest), signer.kid, base64urlDecode(signer.secretKey)!),
        );
      return body;
    },
    tamper(version, bytes) {
      fs.writeFileSync(path.join(dir, installerName(version)), bytes);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let channel: Channel;
let dataRoot: string;
const services: UpdateService[] = [];
const clock = { t: Date.parse('2026-12-01T10:00:00Z') };
beforeEach(async () => {
  channel = await startChannel();
  dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'update-data-'));
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  await channel.close();
});

function updater(
  appVersion: string,
  over: Partial<ReturnType<typeof defaultConfig>['updates']> & {
    target?: UpdateTarget | null;
    freeBytes?: number;
  } = {},
): UpdateService {
  const { target = 'nsis', freeBytes, ...settings } = over;
  const s = createUpdateService({
    dataRoot,
    settings: {
      ...defaultConfig().updates,
      channelUrl: channel.url,
      publicKeys: { [key.kid]: key.publicKey },
      ...settings,
    },
    appVersion,
    target,
    transport: nodeHttpTransport(),
    download: nodeDownloader(),
    log: createMemoryLogger(),
    now: () => clock.t,
    ...(freeBytes !== undefined ? { freeBytes: () => freeBytes } : {}),
  });
  services.push(s);
  return s;
}

const cached = () =>
  fs.existsSync(path.join(dataRoot, 'updates', 'installers'))
    ? fs.readdirSync(path.join(dataRoot, 'updates', 'installers')).sort()
    : [];

describe('checking and downloading', () => {
  it('does nothing without a channel, a trusted key, or an installed build', async () => {
    expect(await updater('1.0.0', { channelUrl: null }).check()).toEqual({
      outcome: 'disabled',
      reason: 'updates.channelUrl is not set',
    });
    expect((await updater('1.0.0', { publicKeys: {} }).check()).outcome).toBe('disabled');
    expect(await updater('1.0.0', { target: null }).check()).toEqual({
      outcome: 'disabled',
      reason: 'not an installed build',
    });
    expect(channel.requests).toEqual([]);
  });

  it('keeps the running version’s installer (for a rollback) and a newer one (for tonight)', async () => {
    const v100 = channel.publish('1.0.0');
    const u = updater('1.0.0');
    expect(await u.check()).toEqual({ outcome: 'current', version: '1.0.0' });
    expect(cached()).toEqual(['1.0.0']);
    const v110 = channel.publish('1.1.0');
    expect(u.checkDue()).toBe(false);
    clock.t += 60 * 60_000;
    expect(u.checkDue()).toBe(true);
    expect(await u.check()).toEqual({ outcome: 'ready', version: '1.1.0' });
    expect(cached()).toEqual(['1.0.0', '1.1.0']);
    const file = (v: string) => path.join(dataRoot, 'updates', 'installers', v, installerName(v));
    expect(fs.readFileSync(file('1.0.0')).equals(v100)).toBe(true);
    expect(fs.readFileSync(file('1.1.0')).equals(v110)).toBe(true);
    expect(u.report()).toMatchObject({
      enabled: true,
      current: '1.0.0',
      latest: '1.1.0',
      ready: '1.1.0',
    });
    // A second check downloads nothing again.
    const before = channel.requests.length;
    expect(await u.check()).toEqual({ outcome: 'ready', version: '1.1.0' });
    expect(channel.requests.slice(before)).toEqual(['latest.yml', 'latest.yml.sig']);
  });

  it('never goes back to an older version the channel offers', async () => {
    channel.publish('0.9.0');
    expect(await updater('1.0.0').check()).toEqual({ outcome: 'current', version: '0.9.0' });
    expect(cached()).toEqual([]);
  });

  it('refuses an unsigned manifest, a foreign key, and a manifest changed after signing', async () => {
    channel.publish('1.1.0', { signer: null });
    const u = updater('1.0.0');
    expect(await u.check()).toEqual({
      outcome: 'error',
      message: "the channel's latest.yml is not signed (no latest.yml.sig)",
    });
    channel.publish('1.1.0', { signer: otherKey });
    expect(await u.check()).toMatchObject({
      message: 'signed with key evil, which updates.publicKeys does not trust',
    });
    channel.publish('1.1.0');
    fs.appendFileSync(path.join(channel.dir, 'latest.yml'), '# changed\n');
    expect(await u.check()).toMatchObject({
      message: "the manifest's signature (key rel1) does not verify",
    });
    expect(cached()).toEqual([]);
    expect(channel.requests.filter((r) => r.endsWith('.exe'))).toEqual([]);
    expect(u.report().lastError?.message).toContain('does not verify');
  });

  it('refuses an installer whose bytes are not the signed ones, and keeps nothing of it', async () => {
    const body = channel.publish('1.1.0');
    const evil = Buffer.from(body);
    evil[100] = evil[100]! ^ 0xff;
    channel.tamper('1.1.0', evil);
    const u = updater('1.0.0');
    expect(await u.check()).toEqual({
      outcome: 'error',
      message: `${installerName('1.1.0')} does not match the signed manifest (sha512 differs): refused`,
    });
    channel.tamper('1.1.0', Buffer.concat([body, Buffer.from('more')]));
    expect((await u.check()).outcome).toBe('error');
    expect(cached()).toEqual([]);
    expect(await u.installPlan(false)).toBeNull();
  });

  it('leaves the disk to the kiosk’s data when space is short', async () => {
    channel.publish('1.1.0');
    const r = await updater('1.0.0', { freeBytes: 100 * 1024 * 1024 }).check();
    expect(r).toMatchObject({ outcome: 'error' });
    expect((r as { message: string }).message).toContain('not enough disk space for 1.1.0');
  });
});

describe('installing at the nightly restart', () => {
  it('only when no session is open, and a file changed on disk is never run', async () => {
    channel.publish('1.1.0');
    const u = updater('1.0.0');
    await u.check();
    expect(await u.installPlan(true)).toBeNull();
    const plan = await u.installPlan(false);
    expect(plan).toMatchObject({ kind: 'update', target: 'nsis', version: '1.1.0' });
    fs.appendFileSync(plan!.installer, 'x');
    expect(await u.installPlan(false)).toBeNull();
    expect(cached()).toEqual([]);
  });

  it('a deb kiosk downloads and verifies but installs nothing itself', async () => {
    const body = crypto.randomBytes(4096);
    const sha512 = crypto.createHash('sha512').update(body).digest('base64');
    fs.writeFileSync(path.join(channel.dir, 'kiosk_1.1.0_amd64.deb'), body);
    const manifest = stringify({
      version: '1.1.0',
      files: [{ url: 'kiosk_1.1.0_amd64.deb', sha512, size: body.length }],
    });
    fs.writeFileSync(path.join(channel.dir, 'latest-linux.yml'), manifest);
    fs.writeFileSync(
      path.join(channel.dir, 'latest-linux.yml.sig'),
      signManifest(Buffer.from(manifest), key.kid, base64urlDecode(key.secretKey)!),
    );
    const u = updater('1.0.0', { target: 'deb' });
    expect(await u.check()).toEqual({ outcome: 'ready', version: '1.1.0' });
    expect(await u.installPlan(false)).toBeNull();
    expect(u.report().ready).toBe('1.1.0');
  });

  it('the new version confirms it started: it stays, and the previous installer is kept', async () => {
    channel.publish('1.0.0');
    await updater('1.0.0').check();
    channel.publish('1.1.0');
    const old = updater('1.0.0');
    await old.check();
    old.beginInstall((await old.installPlan(false))!);
    expect(old.report().pending).toEqual({ version: '1.1.0', fromVersion: '1.0.0', starts: 0 });

    const next = updater('1.1.0');
    expect(await next.atStartup()).toEqual({
      action: 'confirm',
      version: '1.1.0',
      withinMs: 180_000,
    });
    next.confirmStarted();
    expect(next.report()).toMatchObject({ current: '1.1.0', pending: null, ready: null });
    expect(cached()).toEqual(['1.0.0', '1.1.0']);
    expect(await updater('1.1.0').atStartup()).toEqual({ action: 'run' });
  });
});

describe('rolling back', () => {
  async function installed110(): Promise<void> {
    channel.publish('1.0.0');
    await updater('1.0.0').check();
    channel.publish('1.1.0');
    const old = updater('1.0.0');
    await old.check();
    old.beginInstall((await old.installPlan(false))!);
  }

  it(`after ${MAX_FAILED_STARTS} starts without reaching the attract screen`, async () => {
    await installed110();
    for (let i = 0; i < MAX_FAILED_STARTS; i++)
      expect((await updater('1.1.0').atStartup()).action).toBe('confirm');
    const r = await updater('1.1.0').atStartup();
    expect(r).toMatchObject({
      action: 'rollback',
      plan: { kind: 'rollback', target: 'nsis', version: '1.0.0' },
    });
    const plan = (r as { plan: { installer: string } }).plan;
    expect(plan.installer).toBe(
      path.join(dataRoot, 'updates', 'installers', '1.0.0', installerName('1.0.0')),
    );

    // The previous version runs again: it records the rollback and never takes 1.1.0 again.
    const back = updater('1.0.0');
    expect(await back.atStartup()).toEqual({ action: 'run' });
    expect(back.report()).toMatchObject({
      refused: ['1.1.0'],
      lastRollback: { version: '1.1.0' },
      pending: null,
    });
    expect(back.report().lastRollback?.detail).toContain('started 3 times without reaching');
    expect(await back.check()).toMatchObject({ outcome: 'refused', version: '1.1.0' });
    expect(await back.installPlan(false)).toBeNull();
    channel.publish('1.1.1');
    expect(await back.check()).toEqual({ outcome: 'ready', version: '1.1.1' });
    expect((await back.installPlan(false))?.version).toBe('1.1.1');
  });

  it('when the new version does not confirm within its time', async () => {
    await installed110();
    const next = updater('1.1.0');
    expect((await next.atStartup()).action).toBe('confirm');
    const plan = await next.rollbackPlan('not on the attract screen within 180 s');
    expect(plan).toMatchObject({ kind: 'rollback', version: '1.0.0' });
    expect(next.report().refused).toEqual(['1.1.0']);
  });

  it('without a kept installer it says so instead of guessing', async () => {
    channel.publish('1.1.0');
    const old = updater('1.0.0');
    await old.check();
    old.beginInstall((await old.installPlan(false))!);
    const next = updater('1.1.0');
    await next.atStartup();
    expect(await next.rollbackPlan('did not confirm')).toBeNull();
    expect(next.report().lastError?.message).toContain(
      'no verified installer of 1.0.0 is kept: reinstall by hand',
    );
  });

  it('an installer that did not take is tried once more, then refused', async () => {
    channel.publish('1.1.0');
    for (let i = 0; i < 2; i++) {
      const old = updater('1.0.0');
      await old.check();
      const plan = await old.installPlan(false);
      expect(plan?.version).toBe('1.1.0');
      old.beginInstall(plan!);
      // Restarted, but still 1.0.0: the installer failed.
      expect(await updater('1.0.0').atStartup()).toEqual({ action: 'run' });
    }
    const u = updater('1.0.0');
    expect(u.report().refused).toEqual(['1.1.0']);
    expect(await u.installPlan(false)).toBeNull();
  });
});
