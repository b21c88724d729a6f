// `npm run bench -- intake [--database postgres://…] [--batch 8] [--kiosks 8] [--rounds 60]`:
// what it costs the back office to store submissions one call each (POST /v1/submissions) or a
// batch of them in one call (POST /v1/submission-batches), side by side on one database. The
// service runs in a process of its own (this file, `--role service`), so its CPU is counted apart
// from the callers'; PostgreSQL's backends for the database are read from /proc (a local server;
// PGlite runs inside the service). Round trips are the statements the service sends its database
// (BEGIN and COMMIT included), counted by a wrapper around its Database.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startBackOffice } from '../../back-office/server/app';
import type { Database, Sql } from '../../back-office/server/db/database';
import { prepareDatabase } from '../../back-office/server/db/open';
import { openPglite } from '../../back-office/server/db/pglite';
import { openPostgres } from '../../back-office/server/db/postgres';
import { loadCenterRules } from '../../back-office/server/intake/center-rules';
import { enrolKiosk } from '../../back-office/server/work/kiosks';
import { createBackOfficeClient } from '../../electron/services/sync/client';
import { nodeHttpTransport } from '../../electron/services/sync/transport';
import { createMemoryLogger } from '../../electron/services/logger';
import { syntheticEnvelope } from '../support/sync-harness';
import { printSummary, round } from './lib';
import { cpuSeconds, freshDatabase } from './postgres-bench';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    batch: { type: 'string' },
    kiosks: { type: 'string' },
    rounds: { type: 'string' },
    role: { type: 'string' },
    data: { type: 'string' },
  },
});
const BATCH = Number(values.batch ?? 8);
const KIOSKS = Number(values.kiosks ?? 8);
/** Rounds per kiosk and phase: a round is BATCH submissions, as BATCH calls or as one batch. */
const ROUNDS = Number(values.rounds ?? 60);
/** Phases of each way, alternated, so that a neighbour's load falls on both alike. */
const PHASES = 2;
const BARE_ROWS = 20_000;
/** Connections for the plain INSERTs: the service's pool size. */
const BARE_CONNECTIONS = 10;

interface Phase {
  submissions: number;
  wall: number;
  serviceCpu: number;
  postgresCpu: number | null;
  roundTrips: number;
}

type ToService = { type: 'stats' } | { type: 'close' };
type FromService =
  | { type: 'ready'; endpoint: string; kiosks: { kioskId: string; secret: string }[] }
  | { type: 'stats'; cpuSeconds: number; roundTrips: number };

/** Counts what the service sends its database: each query, and BEGIN and COMMIT. */
function counting(db: Database): { db: Database; roundTrips: () => number } {
  let n = 0;
  const wrap = (sql: Sql): Sql => ({
    query: (text, params, options) => {
      n++;
      return sql.query(text, params, options);
    },
    exec: (text) => {
      n++;
      return sql.exec(text);
    },
  });
  const top = wrap(db);
  return {
    db: {
      engine: db.engine,
      query: top.query,
      exec: top.exec,
      transaction: (fn) =>
        db.transaction((tx) => {
          n += 2;
          return fn(wrap(tx));
        }),
      close: () => db.close(),
    },
    roundTrips: () => n,
  };
}

async function runService(): Promise<void> {
  const log = createMemoryLogger();
  const opened = values.database
    ? await openPostgres({ url: values.database, log, poolSize: 10 })
    : await openPglite(values.data ?? null);
  await prepareDatabase(opened, new Date().toISOString());
  const kiosks: { kioskId: string; secret: string }[] = [];
  for (let i = 0; i < KIOSKS; i++) {
    const kioskId = `BK${String(i + 1).padStart(2, '0')}`;
    const out = await enrolKiosk(opened, {
      kioskId,
      actor: 'bench',
      now: new Date().toISOString(),
    });
    if (!out.ok) throw new Error('enrol');
    kiosks.push({ kioskId, secret: out.kioskSecret });
  }
  const { db, roundTrips } = counting(opened);
  const service = await startBackOffice({
    db,
    rules: loadCenterRules(null, log),
    log,
    jobTickMs: false,
  });
  const send = (m: FromService) => process.send?.(m);
  process.on('message', (m: ToService) => {
    if (m.type === 'stats') {
      const u = process.cpuUsage();
      send({ type: 'stats', cpuSeconds: (u.user + u.system) / 1e6, roundTrips: roundTrips() });
    } else
      void service
        .close()
        .then(() => opened.close())
        .then(() => process.exit(0));
  });
  send({ type: 'ready', endpoint: service.kioskEndpoint, kiosks });
}

if (values.role === 'service') {
  await runService();
} else {
  await main();
}

async function main(): Promise<void> {
  const say = (s: string) => process.stdout.write(s + '\n');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'back-office-intake-'));
  const serverUrl = values.database ?? process.env.BACK_OFFICE_BENCH_DATABASE_URL ?? null;
  const benchDb = serverUrl ? await freshDatabase(serverUrl, 'intake') : null;
  const dbUrl = benchDb?.url ?? null;
  const args = ['--role', 'service', '--kiosks', String(KIOSKS)];
  if (dbUrl) args.push('--database', dbUrl);
  else args.push('--data', path.join(work, 'db'));
  const child: ChildProcess = fork(process.argv[1] ?? '', args, { stdio: 'inherit' });
  let closing = false;
  child.once('exit', (code) => {
    if (closing) return;
    process.stderr.write(`the service exited (${code})\n`);
    process.exit(1);
  });
  const next = <T extends FromService['type']>(type: T) =>
    new Promise<Extract<FromService, { type: T }>>((resolve) => {
      const on = (m: FromService) => {
        if (m.type !== type) return;
        child.off('message', on);
        resolve(m as Extract<FromService, { type: T }>);
      };
      child.on('message', on);
    });
  const { endpoint, kiosks } = await next('ready');
  const stats = () => {
    child.send({ type: 'stats' } satisfies ToService);
    return next('stats');
  };

  // PostgreSQL's backends for this database, read from /proc (this monitor's own excluded).
  const monitor = dbUrl ? new pg.Client({ connectionString: dbUrl }) : null;
  await monitor?.connect();
  const backends = async (): Promise<Map<number, number> | null> => {
    if (!monitor) return null;
    const r = await monitor.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return new Map(r.rows.map(({ pid }) => [pid, cpuSeconds(pid)]));
  };
  const backendSeconds = (
    before: Map<number, number> | null,
    after: Map<number, number> | null,
  ): number | null => {
    if (!before || !after) return null;
    let s = 0;
    for (const [pid, cpu] of after) if (Number.isFinite(cpu)) s += cpu - (before.get(pid) ?? 0);
    return s;
  };

  let seq = 0;
  // The kiosk's own client signs and sends, as a kiosk would.
  const clients = new Map(
    kiosks.map((k) => [
      k.kioskId,
      createBackOfficeClient({
        endpoint,
        kioskId: k.kioskId,
        secret: k.secret,
        transport: nodeHttpTransport(),
        now: () => Date.now(),
        timeoutMs: 60_000,
      }),
    ]),
  );
  const signal = new AbortController().signal;
  const round1 = async (k: { kioskId: string; secret: string }, batched: boolean) => {
    const items = Array.from({ length: BATCH }, () => ({
      ...syntheticEnvelope(seq++, k.kioskId),
      kioskId: k.kioskId,
      createdAt: new Date().toISOString(),
    }));
    const client = clients.get(k.kioskId);
    if (!client) throw new Error(`no client for ${k.kioskId}`);
    if (batched) {
      const out = await client.submitBatch(items, signal);
      if (out.type !== 'items' || out.items.some((x) => x.type !== 'ok' || x.result !== 'accepted'))
        throw new Error(`batch not accepted: ${JSON.stringify(out)}`);
    } else
      for (const e of items) {
        const out = await client.submit(e, signal);
        if (out.type !== 'ok') throw new Error(`submission not accepted: ${JSON.stringify(out)}`);
      }
  };
  const phase = async (batched: boolean, rounds: number): Promise<Phase> => {
    const s0 = await stats();
    const b0 = await backends();
    const t0 = performance.now();
    await Promise.all(
      kiosks.map(async (k) => {
        for (let i = 0; i < rounds; i++) await round1(k, batched);
      }),
    );
    const wall = (performance.now() - t0) / 1000;
    const b1 = await backends();
    const s1 = await stats();
    return {
      submissions: kiosks.length * rounds * BATCH,
      wall,
      serviceCpu: s1.cpuSeconds - s0.cpuSeconds,
      postgresCpu: backendSeconds(b0, b1),
      roundTrips: s1.roundTrips - s0.roundTrips,
    };
  };

  say(
    `intake: ${KIOSKS} kiosks at once, ${BATCH} submissions a round, ${ROUNDS * PHASES} rounds each way, ${dbUrl ? 'PostgreSQL' : 'PGlite'}`,
  );
  // Warm up both ways: every pooled connection has planned its statements.
  await phase(false, 3);
  await phase(true, 3);
  const totals: Record<'single' | 'batch', Phase[]> = { single: [], batch: [] };
  for (let p = 0; p < PHASES; p++) {
    totals.single.push(await phase(false, ROUNDS));
    totals.batch.push(await phase(true, ROUNDS));
  }
  const sum = (rows: Phase[]): Phase => ({
    submissions: rows.reduce((n, r) => n + r.submissions, 0),
    wall: rows.reduce((n, r) => n + r.wall, 0),
    serviceCpu: rows.reduce((n, r) => n + r.serviceCpu, 0),
    postgresCpu: rows.every((r) => r.postgresCpu !== null)
      ? rows.reduce((n, r) => n + (r.postgresCpu ?? 0), 0)
      : null,
    roundTrips: rows.reduce((n, r) => n + r.roundTrips, 0),
  });
  const figures = (t: Phase) => ({
    rps: round(t.submissions / t.wall, 0),
    service_cpu_ms: round((t.serviceCpu * 1000) / t.submissions, 3),
    postgres_cpu_ms:
      t.postgresCpu === null ? null : round((t.postgresCpu * 1000) / t.submissions, 3),
    round_trips: round(t.roundTrips / t.submissions, 3),
  });
  const single = figures(sum(totals.single));
  const batch = figures(sum(totals.batch));
  const line = (name: string, f: typeof single) =>
    say(
      `  ${name}: ${f.rps} submissions/s; CPU a submission: service ${f.service_cpu_ms} ms` +
        `${f.postgres_cpu_ms === null ? '' : `, PostgreSQL ${f.postgres_cpu_ms} ms`}; ` +
        `${f.round_trips} round trips a submission (${round(f.round_trips * BATCH, 2)} for ${BATCH})`,
    );
  line(`${BATCH} single calls`, single);
  line(`one batch of ${BATCH}`, batch);
  const ratio = (a: number | null, b: number | null) =>
    a === null || b === null || b === 0 ? null : round(a / b, 2);
  say(
    `  batch / single: CPU service ${ratio(batch.service_cpu_ms, single.service_cpu_ms)}, PostgreSQL ${ratio(batch.postgres_cpu_ms, single.postgres_cpu_ms)}, throughput ${ratio(batch.rps, single.rps)}; machine load ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`,
  );

  // Side by side, as the fleet bench: plain INSERTs of the same mix into the same database, on as
  // many connections as the service has, their CPU (this client and the backends) a row.
  let bare: { rps: number; cpuMs: number | null } | null = null;
  if (dbUrl) {
    const pool = new pg.Pool({ connectionString: dbUrl, max: BARE_CONNECTIONS });
    await pool.query(
      'CREATE TABLE bench_bare (id uuid PRIMARY KEY, kiosk_id text NOT NULL, created_at timestamptz NOT NULL, body jsonb NOT NULL)',
    );
    const rows = Array.from({ length: BARE_ROWS }, (_, n) => {
      const e = syntheticEnvelope(n, 'BK01');
      return [e.id, 'BK01', new Date().toISOString(), JSON.stringify(e.body)];
    });
    await Promise.all(Array.from({ length: BARE_CONNECTIONS }, () => pool.query('SELECT 1')));
    let i = 0;
    const b0 = await backends();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: BARE_CONNECTIONS }, async () => {
        while (i < rows.length)
          await pool.query(
            'INSERT INTO bench_bare (id, kiosk_id, created_at, body) VALUES ($1, $2, $3, $4::jsonb)',
            rows[i++],
          );
      }),
    );
    const wall = (performance.now() - t0) / 1000;
    const c1 = process.cpuUsage(c0);
    const backendCpu = backendSeconds(b0, await backends());
    bare = {
      rps: round(BARE_ROWS / wall, 0),
      cpuMs:
        backendCpu === null
          ? null
          : round((((c1.user + c1.system) / 1e6 + backendCpu) * 1000) / BARE_ROWS, 3),
    };
    await pool.end();
    say(
      `  plain INSERTs beside them: ${bare.rps} rows/s; CPU a row (client + PostgreSQL) ${bare.cpuMs} ms`,
    );
  }

  closing = true;
  child.send({ type: 'close' } satisfies ToService);
  await new Promise((r) => child.once('exit', r));
  await monitor?.end();
  await benchDb?.drop();
  fs.rmSync(work, { recursive: true, force: true });
  printSummary({
    database: dbUrl ? 'postgresql' : 'pglite',
    kiosks: KIOSKS,
    batch_size: BATCH,
    submissions_each_way: sum(totals.single).submissions,
    single_rps: single.rps,
    batch_rps: batch.rps,
    single_service_cpu_ms: single.service_cpu_ms,
    batch_service_cpu_ms: batch.service_cpu_ms,
    single_postgres_cpu_ms: single.postgres_cpu_ms,
    batch_postgres_cpu_ms: batch.postgres_cpu_ms,
    single_round_trips: single.round_trips,
    batch_round_trips: batch.round_trips,
    bare_insert_rps: bare?.rps ?? null,
    bare_insert_cpu_ms: bare?.cpuMs ?? null,
  });
}
