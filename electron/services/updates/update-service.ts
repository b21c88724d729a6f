// When to check, download, install and roll back: the updater's decisions, in plain Node (the
// Electron shell only runs installers; shell/updates.ts).
//
// - Check the signed channel every `updates.checkIntervalMinutes` (the first check after a random
//   delay, so a fleet restarted together does not ask at once).
// - Download a newer version in the background, verify it against the signed manifest, keep it.
//   Also keep the installer of the version running now, when the channel still offers it: it is
//   what a rollback reinstalls.
// - Install only when the shell asks at the nightly restart, and only when no session is open.
// - The new version must confirm it started (the screen's first heartbeat) within
//   `updates.startConfirmSeconds`, and may fail to start at most MAX_FAILED_STARTS times; else
//   the previous installer is run again and the failed version is never installed again.
import fs from 'node:fs';
import path from 'node:path';
import type { KioskConfig } from '../config';
import type { Logger } from '../logger';
import type { HttpTransport } from '../sync/transport';
import {
  ChannelError,
  fetchRelease,
  fileDigest,
  isNewer,
  type ChannelRelease,
  type UpdateTarget,
} from './channel';
import type { Downloader } from './download';
import { readUpdateState, updatesDir, writeUpdateState, type UpdateState } from './update-state';

/** Starts of a new version that never confirmed before it is rolled back. */
export const MAX_FAILED_STARTS = 3;
/** An installer that did not take this often is not tried again. */
export const MAX_FAILED_INSTALLS = 2;
/** Free space left on the data disk after a download, besides the installer itself. */
export const DISK_RESERVE_BYTES = 200 * 1024 * 1024;

export interface InstallPlan {
  kind: 'update' | 'rollback';
  target: UpdateTarget;
  version: string;
  /** Absolute path of the verified installer (NSIS .exe, or the whole AppImage). */
  installer: string;
}

export type StartupAction =
  | { action: 'run' }
  | { action: 'confirm'; version: string; withinMs: number }
  | { action: 'rollback'; plan: InstallPlan };

export type CheckResult =
  | { outcome: 'disabled'; reason: string }
  | { outcome: 'error'; message: string }
  | { outcome: 'current'; version: string }
  | { outcome: 'ready'; version: string }
  | { outcome: 'refused'; version: string; reason: string };

export interface UpdateReport {
  enabled: boolean;
  target: UpdateTarget | null;
  channel: string | null;
  current: string;
  latest: string | null;
  /** A newer version downloaded and verified, waiting for the nightly restart. */
  ready: string | null;
  pending: { version: string; fromVersion: string; starts: number } | null;
  lastCheckAt: string | null;
  lastError: { at: string; message: string } | null;
  lastRollback: { at: string; version: string; detail: string } | null;
  refused: string[];
}

export interface UpdateServiceOptions {
  dataRoot: string;
  settings: KioskConfig['updates'];
  appVersion: string;
  /** null: not an installed build (development, the browser host): never updates. */
  target: UpdateTarget | null;
  transport: HttpTransport;
  download: Downloader;
  log: Logger;
  now?: () => number;
  random?: () => number;
  timeoutMs?: number;
  /** Free bytes on the data disk (test seam). */
  freeBytes?: (dir: string) => number | null;
}

export interface UpdateService {
  /** First thing at every start, before the window: finish or undo what the last run began. */
  atStartup(): Promise<StartupAction>;
  /** The new version reached the attract screen: it stays. */
  confirmStarted(): void;
  checkDue(): boolean;
  check(signal?: AbortSignal): Promise<CheckResult>;
  /** At the nightly restart: what to install now, if anything (never during a session). */
  installPlan(sessionActive: boolean): Promise<InstallPlan | null>;
  /** Records the install the shell is about to run (the next start must confirm it). */
  beginInstall(plan: InstallPlan): void;
  /** The running version failed to confirm in time: the previous installer, recorded as begun. */
  rollbackPlan(reason: string): Promise<InstallPlan | null>;
  report(): UpdateReport;
  start(): void;
  close(): Promise<void>;
}

function diskFree(dir: string): number | null {
  try {
    const st = fs.statfsSync(dir);
    return st.bavail * st.bsize;
  } catch {
    return null;
  }
}

export function createUpdateService(o: UpdateServiceOptions): UpdateService {
  const now = o.now ?? (() => Date.now());
  const iso = () => new Date(now()).toISOString();
  const dir = updatesDir(o.dataRoot);
  const state: UpdateState = readUpdateState(o.dataRoot);
  const save = () => writeUpdateState(o.dataRoot, state);
  const note = (event: string, version: string, detail = '') => {
    state.history.push({ at: iso(), event, version, detail });
    o.log.info(`update.${event}`, { version, detail });
  };
  const fail = (message: string): CheckResult => {
    state.lastError = { at: iso(), message };
    save();
    o.log.warn('update.check_failed', { message });
    return { outcome: 'error', message };
  };
  const disabledReason = !o.target
    ? 'not an installed build'
    : !o.settings.channelUrl
      ? 'updates.channelUrl is not set'
      : Object.keys(o.settings.publicKeys).length === 0
        ? 'updates.publicKeys is empty: no manifest could be trusted'
        : null;
  const installerPath = (version: string) => {
    const entry = state.installers[version];
    return entry ? path.join(dir, entry.file) : null;
  };

  /** The cached installer, checked again now: a file changed on disk is dropped, not run. */
  async function verifiedInstaller(version: string): Promise<string | null> {
    const entry = state.installers[version];
    const file = installerPath(version);
    if (!entry || !file) return null;
    try {
      const d = await fileDigest(file);
      if (d.size === entry.size && d.sha512 === entry.sha512) return file;
      o.log.error('update.installer_changed', { version });
    } catch (e) {
      o.log.error('update.installer_missing', { version, error: (e as Error).message });
    }
    delete state.installers[version];
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    save();
    return null;
  }

  async function download(release: ChannelRelease, signal: AbortSignal): Promise<void> {
    const free = (o.freeBytes ?? diskFree)(o.dataRoot);
    if (free !== null && free < release.file.size + DISK_RESERVE_BYTES)
      throw new Error(
        `not enough disk space for ${release.version} (${release.file.size} bytes and a reserve of ${DISK_RESERVE_BYTES}); the kiosk's data comes first`,
      );
    const rel = path.join('installers', release.version, release.file.url);
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const part = `${file}.part`;
    fs.rmSync(part, { force: true });
    const url = new URL(encodeURIComponent(release.file.url), channelBase()).href;
    try {
      await o.download(url, part, { maxBytes: release.file.size, signal });
      const d = await fileDigest(part);
      if (d.size !== release.file.size || d.sha512 !== release.file.sha512)
        throw new Error(
          `${release.file.url} does not match the signed manifest (${d.size !== release.file.size ? `size ${d.size}, expected ${release.file.size}` : 'sha512 differs'}): refused`,
        );
      if (o.target === 'appimage') fs.chmodSync(part, 0o700);
      fs.renameSync(part, file);
    } catch (e) {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      throw e;
    }
    state.installers[release.version] = {
      file: rel,
      sha512: release.file.sha512,
      size: release.file.size,
      downloadedAt: iso(),
    };
    note('downloaded', release.version, release.file.url);
  }

  function channelBase(): string {
    const u = o.settings.channelUrl ?? '';
    return u.endsWith('/') ? u : `${u}/`;
  }

  /** Keeps the running version's, the previous one's (rollback) and the newest one's. */
  function prune(): void {
    const newer = Object.keys(state.installers).filter(
      (v) => isNewer(v, o.appVersion) && !state.refused[v],
    );
    const newest = newer.sort((a, b) => (isNewer(a, b) ? -1 : 1))[0];
    const keep = new Set(
      [o.appVersion, state.previousVersion, state.pending?.fromVersion, newest].filter(
        (v): v is string => !!v,
      ),
    );
    for (const v of Object.keys(state.installers)) {
      if (keep.has(v)) continue;
      const file = installerPath(v);
      if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
      delete state.installers[v];
    }
  }

  function readyVersion(): string | null {
    const newer = Object.keys(state.installers).filter(
      (v) => isNewer(v, o.appVersion) && !state.refused[v],
    );
    return newer.sort((a, b) => (isNewer(a, b) ? -1 : 1))[0] ?? null;
  }

  const stop = new AbortController();
  let loop: Promise<void> | null = null;
  let checking: Promise<CheckResult> | null = null;

  const service: UpdateService = {
    async atStartup() {
      if (state.rollingBack) {
        const rb = state.rollingBack;
        state.rollingBack = null;
        if (o.appVersion === rb.to) {
          note('rolled-back', rb.from, `to ${rb.to}: ${rb.reason}`);
          state.pending = null;
          state.previousVersion = null;
        } else {
          state.lastError = {
            at: iso(),
            message: `the rollback from ${rb.from} to ${rb.to} did not take`,
          };
          o.log.error('update.rollback_failed', {
            from: rb.from,
            to: rb.to,
            running: o.appVersion,
          });
        }
        save();
      }
      const p = state.pending;
      if (!p) return { action: 'run' };
      if (p.version !== o.appVersion) {
        // The installer ran but this is still another version: it failed or was stopped.
        const n = (state.failedInstalls[p.version] ?? 0) + 1;
        state.failedInstalls[p.version] = n;
        if (n >= MAX_FAILED_INSTALLS)
          state.refused[p.version] = `its installer did not take ${n} times`;
        state.lastError = { at: iso(), message: `the install of ${p.version} did not take (${n})` };
        note('install-failed', p.version, `still running ${o.appVersion}`);
        state.pending = null;
        save();
        return { action: 'run' };
      }
      p.starts += 1;
      save();
      if (p.starts > MAX_FAILED_STARTS) {
        const plan = await service.rollbackPlan(
          `${p.version} started ${p.starts - 1} times without reaching the attract screen`,
        );
        if (plan) return { action: 'rollback', plan };
        return { action: 'run' };
      }
      return {
        action: 'confirm',
        version: p.version,
        withinMs: o.settings.startConfirmSeconds * 1000,
      };
    },

    confirmStarted() {
      const p = state.pending;
      if (!p || p.version !== o.appVersion) return;
      state.pending = null;
      state.previousVersion = p.fromVersion;
      delete state.failedInstalls[p.version];
      note('installed', p.version, `from ${p.fromVersion}, confirmed at start ${p.starts}`);
      prune();
      save();
    },

    checkDue() {
      if (disabledReason) return false;
      const last = state.lastCheckAt ? Date.parse(state.lastCheckAt) : 0;
      return now() - last >= o.settings.checkIntervalMinutes * 60_000;
    },

    check(signal = stop.signal) {
      // One check at a time (the loop and `kioskctl`-triggered checks may meet).
      checking ??= (async (): Promise<CheckResult> => {
        if (disabledReason) return { outcome: 'disabled', reason: disabledReason };
        const target = o.target as UpdateTarget;
        state.lastCheckAt = iso();
        let release: ChannelRelease;
        try {
          release = await fetchRelease({
            channelUrl: o.settings.channelUrl as string,
            target,
            publicKeys: o.settings.publicKeys,
            transport: o.transport,
            timeoutMs: o.timeoutMs ?? 30_000,
            signal,
          });
        } catch (e) {
          return fail(
            e instanceof ChannelError ? e.message : `check failed: ${(e as Error).message}`,
          );
        }
        state.latest = {
          version: release.version,
          releaseDate: release.releaseDate,
          keyId: release.keyId,
        };
        const refusedWhy = state.refused[release.version];
        try {
          if (release.version === o.appVersion) {
            // The running version's installer: what a later rollback needs.
            if (!state.installers[release.version]) await download(release, signal);
          } else if (isNewer(release.version, o.appVersion)) {
            if (refusedWhy) {
              save();
              return { outcome: 'refused', version: release.version, reason: refusedWhy };
            }
            if (!(await verifiedInstaller(release.version))) await download(release, signal);
            state.lastError = null;
            prune();
            save();
            return { outcome: 'ready', version: release.version };
          }
        } catch (e) {
          return fail((e as Error).message);
        }
        // Never a downgrade from the channel: an older manifest only means nothing is new.
        state.lastError = null;
        prune();
        save();
        return { outcome: 'current', version: release.version };
      })().finally(() => (checking = null));
      return checking;
    },

    async installPlan(sessionActive) {
      if (disabledReason || o.target === 'deb') return null;
      if (sessionActive || state.pending || state.rollingBack) return null;
      const version = readyVersion();
      if (!version) return null;
      const installer = await verifiedInstaller(version);
      if (!installer) return null;
      return { kind: 'update', target: o.target as UpdateTarget, version, installer };
    },

    beginInstall(plan) {
      state.pending = { version: plan.version, fromVersion: o.appVersion, at: iso(), starts: 0 };
      note('install-begun', plan.version, `from ${o.appVersion}`);
      save();
    },

    async rollbackPlan(reason) {
      const p = state.pending;
      if (!o.target || o.target === 'deb' || !p || p.version !== o.appVersion) return null;
      const installer = await verifiedInstaller(p.fromVersion);
      state.refused[p.version] = reason;
      if (!installer) {
        state.lastError = {
          at: iso(),
          message: `${p.version} failed (${reason}) but no verified installer of ${p.fromVersion} is kept: reinstall by hand`,
        };
        note('rollback-impossible', p.version, reason);
        state.pending = null;
        save();
        return null;
      }
      state.rollingBack = { from: p.version, to: p.fromVersion, at: iso(), reason };
      note('rollback-begun', p.version, `to ${p.fromVersion}: ${reason}`);
      save();
      return { kind: 'rollback', target: o.target, version: p.fromVersion, installer };
    },

    report() {
      const lastRollback = [...state.history].reverse().find((h) => h.event === 'rolled-back');
      return {
        enabled: disabledReason === null,
        target: o.target,
        channel: o.settings.channelUrl ? new URL(o.settings.channelUrl).origin : null,
        current: o.appVersion,
        latest: state.latest?.version ?? null,
        ready: readyVersion(),
        pending: state.pending
          ? {
              version: state.pending.version,
              fromVersion: state.pending.fromVersion,
              starts: state.pending.starts,
            }
          : null,
        lastCheckAt: state.lastCheckAt,
        lastError: state.lastError,
        lastRollback: lastRollback
          ? { at: lastRollback.at, version: lastRollback.version, detail: lastRollback.detail }
          : null,
        refused: Object.keys(state.refused),
      };
    },

    start() {
      if (disabledReason || loop) {
        if (disabledReason) o.log.info('update.disabled', { reason: disabledReason });
        return;
      }
      const random = o.random ?? Math.random;
      const sleep = (ms: number) =>
        new Promise<void>((resolve) => {
          const t = setTimeout(resolve, ms);
          t.unref?.();
          stop.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), {
            once: true,
          });
        });
      loop = (async () => {
        await sleep(random() * Math.min(o.settings.checkIntervalMinutes * 60_000, 600_000));
        while (!stop.signal.aborted) {
          if (service.checkDue()) await service.check();
          await sleep(60_000);
        }
      })();
    },

    async close() {
      stop.abort();
      await loop;
      await checking?.catch(() => undefined);
    },
  };
  return service;
}
