// `kioskctl doctor`: is this kiosk able to run? Reads only; never changes the data directory
// beyond a probe file it removes again.
import fs from 'node:fs';
import path from 'node:path';
import { loadCatalog } from '../../services/catalog/load';
import { problemText } from '../../services/catalog/validate';
import { loadConfigFile, type ConfigProblem } from '../../services/config';
import { dataDirLayout } from '../../services/data-dir';
import { listPrinters, type PrinterList } from '../../services/printers';
import { inspectArchive, type ArchiveInspection } from '../../services/requests/request-archive';
import { findChromium, findElectron, type RuntimeProbe } from '../../services/runtimes';
import { inspectDatabase, type DatabaseInspection } from '../../services/storage/database';
import { probeBackOffice, type BackOfficeProbe } from '../../services/sync/probe';
import { APP_VERSION } from '../../version';
import { defineCommand } from '../define';

interface DoctorReport {
  ok: boolean;
  appVersion: string;
  dataDir: {
    path: string;
    exists: boolean;
    writable: boolean;
    freeBytes: number | null;
    note: string;
  };
  database: DatabaseInspection & { ok: boolean };
  /**
   * The request archive's files: a damaged one loses the details of its month's archived requests
   * (their status and the dashboard's counts stay), so it is a warning, not a reason not to run.
   */
  archive: ArchiveInspection & { ok: boolean };
  config: { path: string; ok: boolean; problems: ConfigProblem[] };
  chromium: RuntimeProbe;
  electron: RuntimeProbe;
  printers: PrinterList;
  catalog: CatalogCheck;
  /** Reached, certificate verified, this kiosk accepted, and the clock against it. */
  backOffice: BackOfficeProbe;
}

interface CatalogCheck {
  /** False only when the built-in catalog is invalid (the kiosk would refuse to start). */
  ok: boolean;
  version: string | null;
  hash: string | null;
  source: 'built-in' | 'content' | 'override' | null;
  /** Why the override in <data>/catalog was refused, or why the built-in one is invalid. */
  problems: string[];
}

function checkCatalog(dataRoot: string): CatalogCheck {
  try {
    const c = loadCatalog({ dataRoot });
    return {
      ok: true,
      version: c.version,
      hash: c.hash,
      source: c.source,
      problems: c.overrideProblems.map(problemText),
    };
  } catch (e) {
    return { ok: false, version: null, hash: null, source: null, problems: [(e as Error).message] };
  }
}

/**
 * Electron as doctor sees it: inside the packaged kiosk (`kioskctl` on an installed kiosk) the
 * runtime is the binary running this very command; elsewhere the electron package's binary.
 */
export function electronRuntime(
  versions: NodeJS.ProcessVersions = process.versions,
  execPath = process.execPath,
): RuntimeProbe {
  if (versions.electron)
    return {
      available: true,
      path: execPath,
      version: versions.electron,
      note: 'the kiosk binary running this command',
    };
  return findElectron();
}

function probeWritable(dir: string): { writable: boolean; note: string } {
  const probe = path.join(dir, `.doctor-probe-${process.pid}`);
  try {
    const fd = fs.openSync(probe, 'w');
    fs.writeSync(fd, 'probe');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.unlinkSync(probe);
    return { writable: true, note: 'ok' };
  } catch (e) {
    return {
      writable: false,
      note: `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    };
  }
}

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'check the data directory, database, config, Chromium/Electron and printers',
  async run({ dataRoot }) {
    const dirs = dataDirLayout(dataRoot);
    const exists = fs.existsSync(dirs.root);
    const w = exists
      ? probeWritable(dirs.root)
      : { writable: false, note: 'does not exist (the kiosk creates it on first start)' };
    let freeBytes: number | null = null;
    try {
      const st = fs.statfsSync(exists ? dirs.root : path.dirname(dirs.root));
      freeBytes = st.bavail * st.bsize;
    } catch {
      freeBytes = null;
    }
    const db = await inspectDatabase(dirs.db);
    const dbOk =
      db.generation === null ? db.integrity === 'no database yet' : db.integrity === 'ok';
    const cfg = loadConfigFile(dirs.config);
    const archive = await inspectArchive(dirs.db, dirs.archive);
    const report: DoctorReport = {
      ok: false,
      appVersion: APP_VERSION,
      dataDir: { path: dirs.root, exists, writable: w.writable, freeBytes, note: w.note },
      database: { ...db, ok: dbOk },
      archive: { ...archive, ok: archive.damaged.length === 0 },
      config: { path: dirs.config, ok: cfg.problems.length === 0, problems: cfg.problems },
      chromium: findChromium(),
      electron: electronRuntime(),
      printers: await listPrinters(),
      catalog: checkCatalog(dataRoot),
      backOffice: await probeBackOffice(cfg.config),
    };
    report.ok =
      (w.writable || !exists) &&
      dbOk &&
      report.config.ok &&
      report.catalog.ok &&
      report.backOffice.ok &&
      (report.chromium.available || report.electron.available);
    return { data: report, ok: report.ok };
  },
  text(r) {
    const mark = (ok: boolean) => (ok ? 'ok  ' : 'FAIL');
    const mb = (n: number | null) => (n === null ? '?' : `${(n / 1024 / 1024).toFixed(1)} MB`);
    return [
      `kiosk ${r.appVersion} — ${r.ok ? 'ready' : 'NOT READY'}`,
      `${mark(r.dataDir.writable || !r.dataDir.exists)} data dir   ${r.dataDir.path} (${r.dataDir.note}; free ${mb(r.dataDir.freeBytes)})`,
      `${mark(r.database.ok)} database   ${r.database.file ?? '-'} integrity=${r.database.integrity} schema=${r.database.schemaVersion ?? '-'} size=${mb(r.database.sizeBytes)}` +
        (r.database.damaged.length ? ` damaged: ${r.database.damaged.join(', ')}` : ''),
      `${r.archive.ok ? 'ok  ' : 'WARN'} archive    ${r.archive.files} file(s), ${r.archive.requests} request(s), ${mb(r.archive.bytes)}` +
        r.archive.damaged.map((d) => `\n       damaged: ${d}`).join('') +
        (r.archive.leftovers.length
          ? `\n       left by an interrupted run (deleted by the next): ${r.archive.leftovers.join(', ')}`
          : ''),
      `${mark(r.config.ok)} config     ${r.config.path}` +
        r.config.problems.map((p) => `\n       ${p.key}: ${p.problem}`).join(''),
      `${mark(r.chromium.available)} chromium   ${r.chromium.available ? `${r.chromium.path} ${r.chromium.version ?? ''}` : r.chromium.note}`,
      `${mark(r.electron.available)} electron   ${r.electron.available ? r.electron.path : r.electron.note}`,
      `${mark(r.printers.available)} printers   ${r.printers.available ? r.printers.printers.join(', ') || '(none)' : r.printers.note}`,
      `${mark(r.catalog.ok)} catalog    ${r.catalog.ok ? `${r.catalog.version} (${r.catalog.hash?.slice(0, 12)}) ${r.catalog.source}` : 'INVALID'}` +
        r.catalog.problems
          .map((p) => `\n       ${r.catalog.ok ? 'override refused: ' : ''}${p}`)
          .join(''),
      ...backOfficeLines(r.backOffice),
    ].join('\n');
  },
});

function backOfficeLines(b: BackOfficeProbe): string[] {
  if (!b.configured) return ['ok   back office  none configured (single site)'];
  const mark = (ok: boolean) => (ok ? 'ok  ' : 'FAIL');
  const lines = [`${mark(b.ok)} back office  ${b.endpoint ?? '?'}`];
  if (b.problem) lines.push(`       ${b.problem}`);
  if (b.tls) {
    const t = b.tls;
    lines.push(
      `${mark(t.ok)} certificate  ${t.ok ? `verified (trusted by ${t.trustedBy === 'caCertificate' ? 'backOffice.caCertificate' : "the system's authorities"})` : `NOT VERIFIED: ${t.reason}`}`,
      `       subject ${t.subject ?? '-'}; issuer ${t.issuer ?? '-'}; valid to ${t.validTo ?? '-'}`,
    );
  }
  if (b.answer) lines.push(`${mark(b.answer.ok)} answer       ${b.answer.detail}`);
  if (b.clock.offsetMs !== null) {
    const secs = (b.clock.offsetMs / 1000).toFixed(1);
    lines.push(
      b.clock.warning
        ? `WARN clock        this machine is ${secs} s off the back office (more than 10 s): turn on time sync (chrony, systemd-timesyncd or w32time)\n       本机时钟与后台相差 ${secs} 秒（超过 10 秒）：请开启系统时间同步`
        : `ok   clock        ${secs} s from the back office`,
    );
  }
  return lines;
}
