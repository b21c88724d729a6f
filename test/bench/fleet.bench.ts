// `npm run bench -- fleet [--database postgres://…] [--kiosks 50] [--submissions 20000]`:
// a fleet of simulated kiosks hands its submissions to the real back office (the built service,
// `back-office serve`, in its own process) over loopback while the service is restarted twice
// (once with SIGTERM, once killed with SIGKILL) and calls are dropped at random on the way.
//
// Each kiosk is the kiosk's real sync code (outbox, delivery worker, signing, retries) on its own
// sql.js database; its disk writes skip fsync (the kiosks are not what is measured). A kiosk keeps
// up to WINDOW submissions waiting and stores the next one as soon as one is acknowledged, so the
// service runs saturated. A proxy between kiosks and service resets DROP_RATE of the calls before
// they reach the service and cuts the reply of DROP_RATE after it stored them (the worst case: the
// kiosk resends what is already stored).
//
// Side by side on the same database: plain INSERTs of rows of the same size, CONCURRENCY at a time
// (`bare_insert_rps`). Without --database (or BACK_OFFICE_BENCH_DATABASE_URL) the database is
// the embedded PGlite in a temporary directory. The last line is JSON.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
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
import { openDatabase, type KioskDatabase } from '../../electron/services/storage/database';
import { MIGRATIONS } from '../../electron/services/storage/migrations/index';
import { nodeStorageFs, type StorageFs } from '../../electron/services/storage/storage-fs';
import { systemClock } from '../../electron/services/sync/clock';
import { outboxStats } from '../../electron/services/sync/outbox-repository';
import { createSyncService, type SyncService } from '../../electron/services/sync/sync-service';
import { startFaultProxy } from '../support/fault-proxy';
import { syncConfig, syntheticEnvelope } from '../support/sync-harness';
import { printSummary, round } from './lib';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    kiosks: { type: 'string' },
    submissions: { type: 'string' },
  },
});
const KIOSKS = Number(values.kiosks ?? 50);
const TOTAL = Number(values.submissions ?? 20_000);
const DATABASE_URL = values.database ?? process.env.BACK_OFFICE_BENCH_DATABASE_URL ?? null;
const WINDOW = 8;
const DROP_RATE = 0.01;
const CONCURRENCY = 50;
const BARE_ROWS = 5_000;
const ENTRY = 'dist/back-office/back-office.mjs';

const say = (s: string) => process.stdout.write(s + '\n');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'back-office-fleet-'));

// ---- the database ------------------------------------------------------------------------------

async function freshDatabase(serverUrl: string): Promise<string> {
  const name = `bo_fleet_${crypto.randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.href;
}

const dbUrl = DATABASE_URL ? await freshDatabase(DATABASE_URL) : null;
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
  const args = [ENTRY, 'serve', '--data', dataDir, '--port', String(port)];
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

/** CPU seconds a process has used (Linux /proc), for the record of where the time went. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
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
    if (!a.path.endsWith('/v1/submissions')) return null;
    const r = random();
    if (r < DROP_RATE) return { type: 'reset' };
    if (r < 2 * DROP_RATE) return { type: 'drop-reply' };
    return null;
  },
});

// ---- the kiosks --------------------------------------------------------------------------------

const fastFs: StorageFs = {
  ...nodeStorageFs,
  async writeFileSynced(file, bytes) {
    await fs.promises.writeFile(file, bytes, { mode: 0o600 });
  },
  async appendSynced(file, bytes) {
    await fs.promises.appendFile(file, bytes, { mode: 0o600 });
  },
  async fsyncDir() {},
};

interface Kiosk {
  id: string;
  db: KioskDatabase;
  sync: SyncService;
  waiters: (() => void)[];
}

const kiosks: Kiosk[] = [];
let acknowledged = 0;
for (const [id, secret] of secrets) {
  const dir = path.join(work, id);
  const log = createMemoryLogger();
  const db = await openDatabase({
    dir: path.join(dir, 'db'),
    migrations: MIGRATIONS,
    log,
    fs: fastFs,
  });
  const k: Kiosk = { id, db, sync: null as unknown as SyncService, waiters: [] };
  k.sync = createSyncService({
    db,
    log,
    config: syncConfig(`${proxy.url}/kiosk-api`, secret, id),
    appVersion: 'bench',
    dataRoot: dir,
    clock: systemClock(),
    timeoutMs: 15_000,
    onEvent: (e) => {
      if (e.type !== 'delivered') return;
      acknowledged++;
      for (const w of k.waiters.splice(0)) w();
    },
  });
  kiosks.push(k);
}

const submitted: string[] = [];
const perKiosk = Math.ceil(TOTAL / KIOSKS);
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
  `fleet: ${KIOSKS} kiosks, ${perKiosk * KIOSKS} submissions, ${dbUrl ? 'PostgreSQL' : 'PGlite'}; ` +
    `calls dropped ${DROP_RATE * 100}% before and ${DROP_RATE * 100}% after the service; 2 restarts`,
);
const started = performance.now();
for (const k of kiosks) k.sync.start();
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

await Promise.all(
  kiosks.map(async (k) => {
    for (let n = 0; n < perKiosk; n++) {
      while (k.db.read((d) => outboxStats(d)).pending >= WINDOW)
        await new Promise<void>((r) => {
          k.waiters.push(r);
          setTimeout(r, 1_000);
        });
      const e = syntheticEnvelope(n, k.id);
      await k.db.write((tx) => k.sync.enqueue(tx, e));
      submitted.push(e.id);
    }
    while (k.db.read((d) => outboxStats(d)).pending > 0)
      await new Promise<void>((r) => {
        k.waiters.push(r);
        setTimeout(r, 1_000);
      });
  }),
);
const seconds = (performance.now() - started) / 1000;
clearInterval(watcher);
await restarting;
const kioskCpu = process.cpuUsage(cpuBefore);
serviceCpu.push(cpuSeconds(service.child.pid));
const dead = kiosks.reduce((n, k) => n + k.db.read((d) => outboxStats(d)).dead, 0);
for (const k of kiosks) await k.sync.close();
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

// ---- side by side: plain INSERTs into the same database ----------------------------------------

await db.exec(
  'CREATE TABLE bench_bare (id uuid PRIMARY KEY, kiosk_id text NOT NULL, created_at timestamptz NOT NULL, body jsonb NOT NULL)',
);
const sample = JSON.stringify(syntheticEnvelope(0, 'K001').body);
let next = 0;
const bareStart = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < BARE_ROWS) {
      next++;
      await db.query(
        'INSERT INTO bench_bare (id, kiosk_id, created_at, body) VALUES ($1, $2, $3, $4::jsonb)',
        [crypto.randomUUID(), 'K001', new Date().toISOString(), sample],
      );
    }
  }),
);
const bareRps = BARE_ROWS / ((performance.now() - bareStart) / 1000);
await db.exec('DROP TABLE bench_bare');
await db.close();
if (dbUrl && DATABASE_URL) {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${new URL(dbUrl).pathname.slice(1)} WITH (FORCE)`);
  await c.end();
}
fs.rmSync(work, { recursive: true, force: true });

const rps = ids.size / seconds;
const serviceCpuTotal = serviceCpu.reduce((a, b) => a + b, 0);
say(
  [
    `submitted ${ids.size}, stored ${stored}, lost ${lost}, duplicated ${duplicated}, dead letters ${dead}`,
    `calls dropped by the proxy ${dropped}; resends answered as duplicates ${resent.rows[0]?.n ?? 0}`,
    `restarts: ${restarts.map((r) => `${r.signal} down ${(r.downMs / 1000).toFixed(1)} s`).join(', ')}`,
    `throughput ${rps.toFixed(0)} submissions/s over ${seconds.toFixed(1)} s (restarts included); submit→stored p50 ${(lat.rows[0]?.p50 ?? NaN).toFixed(1)} ms, p95 ${(lat.rows[0]?.p95 ?? NaN).toFixed(1)} ms`,
    `bare INSERTs into the same database, ${CONCURRENCY} at a time: ${bareRps.toFixed(0)} rows/s; ratio ×${(rps / bareRps).toFixed(2)}`,
    `CPU: service ${serviceCpuTotal.toFixed(1)} s, kiosks + proxy (this process) ${((kioskCpu.user + kioskCpu.system) / 1e6).toFixed(1)} s; machine load ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`,
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
  database: dbUrl ? 'postgresql' : 'pglite',
  restarts: restarts.length,
  dropped_calls: dropped,
});
process.exit(lost === 0 && duplicated === 0 ? 0 : 1);
