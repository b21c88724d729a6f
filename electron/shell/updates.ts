// The Electron-only half of updates: which package this is, running a verified installer, and
// telling the update service when this version reached the attract screen. The decisions (when
// to check, download, install, roll back) are services/updates/update-service.ts.
//
// What runs an update, per package:
// - Windows (NSIS, installed per user): the installer, silently (`/S --force-run`): it closes this
//   app, installs, and starts the new version. With `updates.windowsPublisher` set, the
//   installer's Authenticode signature must be valid and from that publisher first.
// - Linux AppImage: the new AppImage replaces the file this one was started from (same folder,
//   rename), and the app starts it.
// - Linux deb: not installed by the kiosk (that needs root): downloaded and verified, reported in
//   the heartbeat and `kioskctl update status` for the operator to install.
import { app, type Session } from 'electron';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { KioskConfig } from '../services/config';
import type { Logger } from '../services/logger';
import { loadExtraCas } from '../services/sync/tls-trust';
import type { UpdateTarget } from '../services/updates/channel';
import type { Downloader } from '../services/updates/download';
import {
  createUpdateService,
  type InstallPlan,
  type StartupAction,
  type UpdateService,
} from '../services/updates/update-service';
import { electronNetTransport, trustedPartition } from './back-office-net';

/** Which package this kiosk was installed from; null when it is not an installed build. */
export function updateTarget(): UpdateTarget | null {
  if (!app.isPackaged) return null;
  if (process.platform === 'win32') return 'nsis';
  if (process.platform === 'linux') return process.env.APPIMAGE ? 'appimage' : 'deb';
  return null;
}

/** Downloads on Chromium's network stack (system trust store, proxy settings). */
const electronDownloader =
  (ses: Session): Downloader =>
  async (url, file, { maxBytes, signal }) => {
    const res = await ses.fetch(url, {
      signal,
      redirect: 'error',
      credentials: 'omit',
      bypassCustomProtocolHandlers: true,
    });
    if (res.status !== 200 || !res.body) throw new Error(`HTTP ${res.status} for ${url}`);
    let size = 0;
    const counted = Readable.fromWeb(res.body as unknown as WebReadableStream).on('data', (c) => {
      size += (c as Buffer).length;
      if (size > maxBytes) counted.destroy(new Error(`more than the ${maxBytes} bytes announced`));
    });
    await pipeline(counted, fs.createWriteStream(file, { mode: 0o600 }));
  };

/** Windows: Authenticode status and signer of a file, as PowerShell reports them. */
function authenticode(file: string): Promise<{ status: string; subject: string }> {
  const script =
    '$s = Get-AuthenticodeSignature -LiteralPath $env:KIOSK_INSTALLER; ' +
    '@{ status = [string]$s.Status; subject = [string]$s.SignerCertificate.Subject } | ConvertTo-Json -Compress';
  return new Promise((resolve, reject) =>
    execFile(
      'powershell.exe',
      ['-NoProfile', '-NonInteractive', '-Command', script],
      { env: { ...process.env, KIOSK_INSTALLER: file }, timeout: 60_000, windowsHide: true },
      (err, stdout) => {
        if (err) return reject(err);
        try {
          resolve(JSON.parse(stdout) as { status: string; subject: string });
        } catch (e) {
          reject(e as Error);
        }
      },
    ),
  );
}

export interface ShellUpdater {
  service: UpdateService;
  /**
   * The nightly restart: installs a verified update when one is ready and nobody is at the
   * screen, else restarts as before.
   */
  nightlyRestart(sessionActive: boolean, relaunch: (reason: string) => void): Promise<void>;
  /**
   * After a new install: watches for this version's first screen heartbeat (its confirmation),
   * and rolls back when none comes in time.
   */
  watchStart(started: StartupAction, lastScreenBeat: () => string | null): void;
  /** Runs a rollback decided at start, before any window. */
  run(plan: InstallPlan): Promise<void>;
}

export function createShellUpdater(o: {
  dataRoot: string;
  config: KioskConfig;
  appVersion: string;
  log: Logger;
}): ShellUpdater {
  const target = updateTarget();
  // Trusted like the back office: the system's store and backOffice.caCertificate.
  const extraCas = loadExtraCas(o.config.backOffice.caCertificate).pems;
  const service = createUpdateService({
    dataRoot: o.dataRoot,
    settings: o.config.updates,
    appVersion: o.appVersion,
    target,
    transport: electronNetTransport({ extraCas }),
    download: electronDownloader(trustedPartition(extraCas)),
    log: o.log,
  });

  async function run(plan: InstallPlan): Promise<void> {
    o.log.warn('update.run_installer', {
      kind: plan.kind,
      version: plan.version,
      target: plan.target,
    });
    if (plan.target === 'nsis') {
      const publisher = o.config.updates.windowsPublisher;
      if (publisher) {
        const sig = await authenticode(plan.installer);
        if (sig.status !== 'Valid' || !sig.subject.includes(`CN=${publisher}`))
          throw new Error(
            `the installer's Authenticode signature is ${sig.status} by "${sig.subject}", not a valid one by ${publisher}`,
          );
      }
      spawn(plan.installer, ['/S', '--force-run'], { detached: true, stdio: 'ignore' }).unref();
      app.quit();
      return;
    }
    if (plan.target === 'appimage' && process.env.APPIMAGE) {
      const current = process.env.APPIMAGE;
      const next = path.join(path.dirname(current), `.${path.basename(current)}.${plan.version}`);
      fs.copyFileSync(plan.installer, next);
      fs.chmodSync(next, 0o755);
      fs.renameSync(next, current);
      app.relaunch({ execPath: current, args: process.argv.slice(1) });
      app.quit();
      return;
    }
    throw new Error(`no way to install on ${plan.target}`);
  }

  return {
    service,
    run,
    async nightlyRestart(sessionActive, relaunch) {
      try {
        const plan = await service.installPlan(sessionActive);
        if (plan) {
          service.beginInstall(plan);
          await run(plan);
          return;
        }
      } catch (e) {
        o.log.error('update.install_failed', { error: (e as Error).message });
      }
      relaunch('nightly restart');
    },
    watchStart(started, lastScreenBeat) {
      if (started.action !== 'confirm') return;
      const deadline = Date.now() + started.withinMs;
      const timer = setInterval(() => {
        if (lastScreenBeat()) {
          clearInterval(timer);
          service.confirmStarted();
          return;
        }
        if (Date.now() < deadline) return;
        clearInterval(timer);
        const why = `${started.version} did not reach the attract screen within ${started.withinMs / 1000} s`;
        void service
          .rollbackPlan(why)
          .then((plan) => (plan ? run(plan) : undefined))
          .catch((e: unknown) => o.log.error('update.rollback_failed', { error: String(e) }));
      }, 2_000);
    },
  };
}
