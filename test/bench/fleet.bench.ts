// `npm run bench -- fleet [--database postgres://…] [--kiosks 50] [--submissions 20000] [--window 8]`:
// a fleet of simulated kiosks hands its submissions to the real back office (the built service,
// `back-office serve`, in its own process) over loopback while the service is restarted twice
// (once with SIGTERM, once killed with SIGKILL) and calls are dropped at random on the way.
//
// Each kiosk is the kiosk's real sync code (outbox, delivery worker, signing, retries) on its own
// sql.js database; its disk writes skip fsync (the kiosks are not what is measured). The kiosks
// run in child processes of their own (KIOSKS_PER_PROCESS each), as real kiosks run on machines
// of their own: their CPU is counted apart from the service's and the proxy's, and one busy event
// loop does not hold up fifty kiosks' calls. A kiosk keeps up to WINDOW submissions waiting and
// stores the next one as soon as one is acknowledged, so the service runs saturated. A proxy between kiosks and service resets DROP_RATE of the calls before
// they reach the service and cuts the reply of DROP_RATE after it stored them (the worst case: the
// kiosk resends what is already stored).
//
// Side by side on the same database: plain INSERTs of rows of the same size, CONCURRENCY at a time
// (`bare_insert_rps`). Without --database (or BACK_OFFICE_BENCH_DATABASE_URL) the database is
// the embedded PGlite in a temporary directory. The last line is JSON; besides the figures it
// splits the CPU seconds: kiosks, proxy (this process), service, and PostgreSQL's backends for
// this database (a local server; PGlite runs inside the service). `--profile DIR` writes CPU
// profiles of the service and kiosk processes there.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPglite } from '../../back-office/server/db/pglite';
import { openPostgres } from '../../back-office/server/db/postgres';
import type { Database } from '../../back-office/server/db/database';
import { createMemoryLogger } from '../../electron/services/logger';
import { startFaultProxy } from '../support/fault-proxy';
import { syntheticEnvelope } from '../support/sync-harness';
import { runKioskProcess, type FromKiosks, type KioskJob, type ToKiosks } from './fleet-kiosks';
import { printSummary, round } from './lib';
import { cpuSeconds, freshDatabase } from './postgres-bench';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    kiosks: { type: 'string' },
    submissions: { type: 'string' },
    profile: { type: 'string' },
    role: { type: 'string' },
    window: { type: 'string' },
  },
});
const KIOSKS = Number(values.kiosks ?? 50);
const TOTAL = Number(values.submissions ?? 20_000);
const PROFILE_DIR = values.profile ? path.resolve(values.profile) : null;
const profileArgs = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
const DATABASE_URL = values.database ?? process.env.BACK_OFFICE_BENCH_DATABASE_URL ?? null;
const WINDOW = Number(values.window ?? 8);
const DROP_RATE = 0.01;
const CONCURRENCY = 50;
const BARE_ROWS = 5_000;
const ENTRY = 'dist/back-office/back-office.mjs';
const KIOSKS_PER_PROCESS = 10;

if (values.role === 'kiosks') {
  await runKioskProcess();
  process.exit(0);
}

const say = (s: string) => process.stdout.write(s + '\n');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'back-office-fleet-'));

// ---- the database ------------------------------------------------------------------------------

const benchDb = DATABASE_URL ? await freshDatabase(DATABASE_URL, 'fleet') : null;
const dbUrl = benchDb?.url ?? null;
const dataDir = path.join(work, 'service');

// ---- the service, in its own process -----------------------------------------------------------

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
const port = await freePort();

interface Service {
  child: ChildProcess;
  url: string;
  token: string | null;
}

async function startService(): Promise<Service> {
  const args = [...profileArgs, ENTRY, 'serve', '--data', dataDir, '--port', String(port)];
  if (dbUrl) args.push('--database', dbUrl);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start: ${err}`)), 180_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (/BACK_OFFICE_URL=\S+\n/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`service exited ${code}: ${err}`)));
  });
  return {
    child,
    url: /BACK_OFFICE_URL=(\S+)/.exec(out)?.[1] ?? '',
    token: /ADMIN_TOKEN=(\S+)/.exec(out)?.[1] ?? null,
  };
}

function stopService(s: Service, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill(signal);
  });
}

let service = await startService();
const token = service.token;
if (!token) throw new Error('the service printed no admin token on a new database');
const secrets = new Map<string, string>();
for (let i = 0; i < KIOSKS; i++) {
  const kioskId = `K${String(i + 1).padStart(3, '0')}`;
  const res = await fetch(`${service.url}/admin/v1/kiosks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kioskId }),
  });
  const json = (await res.json()) as { kioskSecret: string };
  secrets.set(kioskId, json.kioskSecret);
}

// ---- the network between: calls dropped at random ----------------------------------------------

/** The calls that hand in submissions: one at a time, or several in a batch. */
const SUBMITTING = /\/v1\/(submissions|submission-batches)$/;
let rnd = 0x2545f491;
const random = () => {
  rnd ^= rnd << 13;
  rnd ^= rnd >>> 17;
  rnd ^= rnd << 5;
  return (rnd >>> 0) / 2 ** 32;
};
const proxy = await startFaultProxy({
  target: `http://127.0.0.1:${port}`,
  now: () => Date.now(),
  fault: (a) => {
    if (!SUBMITTING.test(a.path)) return null;
    const r = random();
    if (r < DROP_RATE) return { type: 'reset' };
    if (r < 2 * DROP_RATE) return { type: 'drop-reply' };
    return null;
  },
});

// ---- the kiosks, in child processes ------------------------------------------------------------

interface KioskProcess {
  child: ChildProcess;
  messages: FromKiosks[];
  waiters: (() => void)[];
}

let acknowledged = 0;
const perKiosk = Math.ceil(TOTAL / KIOSKS);
const entries = [...secrets].map(([id, secret]) => ({ id, secret }));
const processes: KioskProcess[] = [];
for (let i = 0; i < entries.length; i += KIOSKS_PER_PROCESS) {
  const child = fork(process.argv[1] ?? '', ['--role', 'kiosks'], {
    execArgv: profileArgs,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const p: KioskProcess = { child, messages: [], waiters: [] };
  child.on('message', (m: FromKiosks) => {
    if (m.type === 'acks') acknowledged += m.n;
    else p.messages.push(m);
    for (const w of p.waiters.splice(0)) w();
  });
  child.once('exit', (code) => {
    if (code !== 0) say(`  a kiosk process exited with ${code}`);
    for (const w of p.waiters.splice(0)) w();
  });
  const job: KioskJob = {
    kiosks: entries.slice(i, i + KIOSKS_PER_PROCESS),
    endpoint: `${proxy.url}/kiosk-api`,
    perKiosk,
    window: WINDOW,
    dir: path.join(work, `kiosks-${i}`),
  };
  child.send({ type: 'job', job } satisfies ToKiosks);
  processes.push(p);
}
async function heard<T extends FromKiosks['type']>(
  p: KioskProcess,
  type: T,
): Promise<Extract<FromKiosks, { type: T }>> {
  for (;;) {
    const i = p.messages.findIndex((m) => m.type === type);
    if (i >= 0) return p.messages.splice(i, 1)[0] as Extract<FromKiosks, { type: T }>;
    if (p.child.exitCode !== null) throw new Error(`a kiosk process exited before ${type}`);
    await new Promise<void>((r) => p.waiters.push(r));
  }
}
await Promise.all(processes.map((p) => heard(p, 'ready')));

// ---- PostgreSQL's share of the CPU -------------------------------------------------------------

// The server's backends for this database (the service's connections), read from /proc each
// second while the fleet runs: available when the server runs on this machine.
const backendCpu = new Map<number, number>();
let backendSampler: NodeJS.Timeout | null = null;
let samplerClient: pg.Client | null = null;
if (dbUrl) {
  const c = new pg.Client({ connectionString: dbUrl });
  c.on('error', () => undefined);
  await c.connect();
  samplerClient = c;
  backendSampler = setInterval(() => {
    c.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    )
      .then((r) => {
        for (const { pid } of r.rows) {
          const s = cpuSeconds(pid);
          if (Number.isFinite(s)) backendCpu.set(pid, Math.max(s, backendCpu.get(pid) ?? 0));
        }
      })
      .catch(() => undefined);
  }, 1_000);
}

const restarts: { at: number; signal: string; downMs: number }[] = [];
let restarting: Promise<void> = Promise.resolve();

async function restart(signal: 'SIGTERM' | 'SIGKILL') {
  const t = performance.now();
  await stopService(service, signal);
  service = await startService();
  restarts.push({ at: acknowledged, signal, downMs: performance.now() - t });
  say(
    `  service restarted (${signal}) after ${acknowledged} acknowledged, down ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}

say(
  `fleet: ${KIOSKS} kiosks in ${processes.length} processes, ${perKiosk * KIOSKS} submissions, ${dbUrl ? 'PostgreSQL' : 'PGlite'}; ` +
    `calls dropped ${DROP_RATE * 100}% before and ${DROP_RATE * 100}% after the service; 2 restarts`,
);
const started = performance.now();
for (const p of processes) p.child.send({ type: 'go' } satisfies ToKiosks);
const cpuBefore = process.cpuUsage();
const serviceCpu: number[] = [];
const plannedRestarts: ['SIGTERM' | 'SIGKILL', number][] = [
  ['SIGTERM', Math.floor((perKiosk * KIOSKS) / 3)],
  ['SIGKILL', Math.floor((2 * perKiosk * KIOSKS) / 3)],
];
const watcher = setInterval(() => {
  const next = plannedRestarts[0];
  if (next && acknowledged >= next[1]) {
    plannedRestarts.shift();
    serviceCpu.push(cpuSeconds(service.child.pid));
    restarting = restart(next[0]);
  }
}, 100);
// Where the run's time goes: acknowledgements in each quarter second. A window with none is time
// the fleet stood still (a restart, kiosks waiting out a backoff); the median window is the rate
// between such stalls.
const WINDOW_MS = 250;
const windows: number[] = [];
let ackedAtWindow = 0;
const windowTimer = setInterval(() => {
  windows.push(acknowledged - ackedAtWindow);
  ackedAtWindow = acknowledged;
}, WINDOW_MS);
let lastAcknowledged = 0;
const progress = setInterval(() => {
  say(
    `  ${((performance.now() - started) / 1000).toFixed(0)} s: ${acknowledged} acknowledged (${((acknowledged - lastAcknowledged) / 10).toFixed(0)}/s)`,
  );
  lastAcknowledged = acknowledged;
}, 10_000);

const reports = await Promise.all(processes.map((p) => heard(p, 'done')));
const seconds = (performance.now() - started) / 1000;
clearInterval(watcher);
clearInterval(progress);
clearInterval(windowTimer);
await restarting;
const proxyCpu = process.cpuUsage(cpuBefore);
serviceCpu.push(cpuSeconds(service.child.pid));
if (backendSampler) clearInterval(backendSampler);
await samplerClient?.end().catch(() => undefined);
const submitted = reports.flatMap((r) => r.submitted);
const kioskCpu = reports.reduce((n, r) => n + r.cpuSeconds, 0);
const failures: Record<string, number> = {};
for (const r of reports)
  for (const [reason, n] of Object.entries(r.failures))
    failures[reason] = (failures[reason] ?? 0) + n;
const dead = reports.reduce((n, r) => n + r.dead, 0);
for (const p of processes) p.child.send({ type: 'close' } satisfies ToKiosks);
await Promise.all(processes.map((p) => heard(p, 'closed')));
await stopService(service, 'SIGTERM');
await proxy.close();

// ---- what the database holds -------------------------------------------------------------------

const db: Database = dbUrl
  ? await openPostgres({ url: dbUrl, log: createMemoryLogger(), poolSize: 10 })
  : await openPglite(path.join(dataDir, 'pgdata'));
const ids = new Set(submitted);
const storedRows = await db.query<{ id: string }>('SELECT id FROM submissions');
const storedIds = new Set(storedRows.rows.map((r) => r.id));
const stored = [...ids].filter((id) => storedIds.has(id)).length;
const lost = ids.size - stored;
const dup = await db.query<{ n: number }>(
  `SELECT ((SELECT count(*) FROM status_changes WHERE status = 'received')
         - (SELECT count(DISTINCT submission_id) FROM status_changes WHERE status = 'received')
         + (SELECT count(*) FROM requests) - (SELECT count(DISTINCT (kiosk_id, ticket)) FROM requests))::int AS n`,
);
const duplicated = dup.rows[0]?.n ?? -1;
const lat = await db.query<{ p50: number; p95: number }>(
  `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::float8 AS p50,
          percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::float8 AS p95
   FROM (SELECT extract(epoch FROM received_at - created_at) * 1000 AS ms FROM submissions) t`,
);
const resent = await db.query<{ n: number }>(
  'SELECT coalesce(sum(deliveries - 1), 0)::int AS n FROM submissions',
);
const dropped = proxy.arrivals.filter((a) => a.outcome.includes('fault:')).length;
const submitCalls = proxy.arrivals.filter((a) => SUBMITTING.test(a.path));
const batchCalls = submitCalls.filter((a) => a.path.endsWith('/submission-batches')).length;

// ---- side by side: plain INSERTs into the same database ----------------------------------------

await db.exec(
  'CREATE TABLE bench_bare (id uuid PRIMARY KEY, kiosk_id text NOT NULL, created_at timestamptz NOT NULL, body jsonb NOT NULL)',
);
// The same mix of submissions the kiosks sent (requests, help calls, ratings), one row each.
const bareRows = Array.from({ length: BARE_ROWS }, (_, n) => {
  const kioskId = entries[n % entries.length]?.id ?? 'K001';
  const e = syntheticEnvelope(n, kioskId);
  return [e.id, kioskId, new Date().toISOString(), JSON.stringify(e.body)];
});
let next = 0;
/** CPU seconds of this database's backends on this machine (null: not measurable here). */
async function backendsNow(): Promise<number | null> {
  if (!dbUrl) return null;
  const r = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const each = r.rows.map(({ pid }) => cpuSeconds(pid));
  return each.length > 0 && each.every(Number.isFinite) ? each.reduce((a, b) => a + b, 0) : null;
}
// Every connection of the pool open before the clock starts, so the baseline's backends are
// all there to be measured at the end.
await Promise.all(Array.from({ length: CONCURRENCY }, () => db.query('SELECT 1')));
const bareBackendsBefore = await backendsNow();
const bareCpuBefore = process.cpuUsage();
const bareStart = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < BARE_ROWS) {
      const row = bareRows[next++];
      await db.query(
        'INSERT INTO bench_bare (id, kiosk_id, created_at, body) VALUES ($1, $2, $3, $4::jsonb)',
        row,
      );
    }
  }),
);
const bareRps = BARE_ROWS / ((performance.now() - bareStart) / 1000);
const bareClientCpu = process.cpuUsage(bareCpuBefore);
const bareBackendsAfter = await backendsNow();
// PGlite runs in this process: its CPU is in the client's.
const bareCpu =
  (bareClientCpu.user + bareClientCpu.system) / 1e6 +
  (bareBackendsBefore !== null && bareBackendsAfter !== null
    ? bareBackendsAfter - bareBackendsBefore
    : 0);
const bareMeasured = !dbUrl || (bareBackendsBefore !== null && bareBackendsAfter !== null);
await db.exec('DROP TABLE bench_bare');
await db.close();
await benchDb?.drop();
fs.rmSync(work, { recursive: true, force: true });

const rps = ids.size / seconds;
const perSecond = 1000 / WINDOW_MS;
const sortedWindows = [...windows].sort((a, b) => a - b);
const steadyRps = (sortedWindows[Math.floor(sortedWindows.length / 2)] ?? 0) * perSecond;
const stalledSeconds = windows.filter((n) => n === 0).length / perSecond;
const serviceCpuTotal = serviceCpu.reduce((a, b) => a + b, 0);
const proxyCpuTotal = (proxyCpu.user + proxyCpu.system) / 1e6;
const postgresCpu =
  dbUrl && backendCpu.size > 0 ? [...backendCpu.values()].reduce((a, b) => a + b, 0) : null;
const perSubmissionMs = (cpu: number) => round((cpu * 1000) / ids.size, 2);
// What storing costs in CPU, beside the baseline's: the service and its database per submission
// (PGlite is inside the service) against the client and its database per plain INSERT.
const storeCpu = serviceCpuTotal + (postgresCpu ?? 0);
const storeMeasured = !dbUrl || postgresCpu !== null;
const bareCpuPerRowMs = bareMeasured ? round((bareCpu * 1000) / BARE_ROWS, 2) : null;
// The most this machine's cores could carry at the CPU a submission took in this run, everything
// on it counted (kiosks, proxy, service, PostgreSQL): the end-to-end rate's ceiling here.
const runCpu = kioskCpu + proxyCpuTotal + serviceCpuTotal + (postgresCpu ?? 0);
const cpuCeilingRps = storeMeasured ? (os.cpus().length * ids.size) / runCpu : null;
say(
  [
    `submitted ${ids.size}, stored ${stored}, lost ${lost}, duplicated ${duplicated}, dead letters ${dead}`,
    `calls dropped by the proxy ${dropped}; resends answered as duplicates ${resent.rows[0]?.n ?? 0}`,
    `calls that handed in submissions ${submitCalls.length} (${batchCalls} of them batches), ${(ids.size / Math.max(1, submitCalls.length)).toFixed(1)} submissions a call`,
    `failed attempts seen by the kiosks: ${
      Object.entries(failures)
        .sort((a, b) => b[1] - a[1])
        .map(([reason, n]) => `${n} × ${reason}`)
        .join('; ') || 'none'
    }`,
    `restarts: ${restarts.map((r) => `${r.signal} down ${(r.downMs / 1000).toFixed(1)} s`).join(', ')}`,
    `throughput ${rps.toFixed(0)} submissions/s over ${seconds.toFixed(1)} s (restarts included); submit→stored p50 ${(lat.rows[0]?.p50 ?? NaN).toFixed(1)} ms, p95 ${(lat.rows[0]?.p95 ?? NaN).toFixed(1)} ms`,
    `time: the median quarter second acknowledged at ${steadyRps.toFixed(0)}/s; ${stalledSeconds.toFixed(2)} s with none acknowledged`,
    `bare INSERTs into the same database, ${CONCURRENCY} at a time: ${bareRps.toFixed(0)} rows/s; ratio ×${(rps / bareRps).toFixed(2)}`,
    cpuCeilingRps === null
      ? 'CPU ceiling: not measured (the database is not on this machine)'
      : `CPU ceiling: at ${round((runCpu * 1000) / ids.size, 2)} ms of CPU a submission, everything counted, ${os.cpus().length} cores carry at most ${cpuCeilingRps.toFixed(0)}/s (×${(cpuCeilingRps / bareRps).toFixed(2)} of the plain INSERTs); the run used ${((100 * runCpu) / (seconds * os.cpus().length)).toFixed(0)}% of them`,
    storeMeasured && bareCpuPerRowMs !== null
      ? `CPU to store one: service + database ${perSubmissionMs(storeCpu)} ms a submission; client + database ${bareCpuPerRowMs} ms a plain INSERT (×${(bareCpuPerRowMs / perSubmissionMs(storeCpu)).toFixed(2)}); the simulated kiosks ${perSubmissionMs(kioskCpu)} ms a submission`
      : 'CPU to store one: not measured (the database is not on this machine)',
    `CPU seconds: kiosks ${kioskCpu.toFixed(1)} (${processes.length} processes), proxy ${proxyCpuTotal.toFixed(1)}, service ${serviceCpuTotal.toFixed(1)} (${perSubmissionMs(serviceCpuTotal)} ms a submission)` +
      (postgresCpu === null
        ? dbUrl
          ? ', PostgreSQL backends not measured (not on this machine)'
          : ' (PGlite inside the service)'
        : `, PostgreSQL backends ${postgresCpu.toFixed(1)} (${perSubmissionMs(postgresCpu)} ms a submission)`) +
      `; machine load ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`,
  ].join('\n'),
);
printSummary({
  kiosks: KIOSKS,
  submitted: ids.size,
  stored,
  lost,
  duplicated,
  p95_ms: round(lat.rows[0]?.p95 ?? NaN, 1),
  rps: round(rps, 1),
  bare_insert_rps: round(bareRps, 1),
  ratio: round(rps / bareRps, 3),
  steady_rps: round(steadyRps, 1),
  stalled_s: round(stalledSeconds, 2),
  cpu_ceiling_rps: cpuCeilingRps === null ? null : round(cpuCeilingRps, 1),
  database: dbUrl ? 'postgresql' : 'pglite',
  restarts: restarts.length,
  dropped_calls: dropped,
  submit_calls: submitCalls.length,
  batch_calls: batchCalls,
  cpu_s: {
    kiosks: round(kioskCpu, 1),
    proxy: round(proxyCpuTotal, 1),
    service: round(serviceCpuTotal, 1),
    postgres: postgresCpu === null ? null : round(postgresCpu, 1),
  },
  service_cpu_ms_per_submission: perSubmissionMs(serviceCpuTotal),
  store_cpu_ms_per_submission: storeMeasured ? perSubmissionMs(storeCpu) : null,
  bare_cpu_ms_per_insert: bareCpuPerRowMs,
  // The service's efficiency beside the baseline's, free of what the simulated kiosks take from
  // the shared cores: a plain INSERT's CPU over a stored submission's (1 = as cheap).
  cpu_ratio:
    storeMeasured && bareCpuPerRowMs !== null
      ? round(bareCpuPerRowMs / perSubmissionMs(storeCpu), 2)
      : null,
  kiosk_cpu_ms_per_submission: perSubmissionMs(kioskCpu),
  load_avg: round(os.loadavg()[0] ?? NaN, 1),
  cores: os.cpus().length,
});
process.exit(lost === 0 && duplicated === 0 ? 0 : 1);
