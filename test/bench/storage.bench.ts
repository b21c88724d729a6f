// `npm run bench -- storage`: the kiosk's storage layer alone, per committed write and per read,
// in CPU (process.cpuUsage: other engineers run benchmarks on the same cores, so wall time would
// measure them too). The database is the kiosk's own (openDatabase: sql.js, the recording
// transaction, journal records, group commit, background snapshots) on an in-memory disk, running
// the outbox's real repository SQL as the fleet's kiosks do for each submission:
//   insert — one write: the duplicate check and the INSERT of an envelope;
//   read   — one read: the due ids, then those items (what the delivery worker reads per call);
//   update — one write: the delivery recorded (UPDATE) and the last contact noted (UPSERT).
// Side by side in the same run, `bare`: the same statements on a plain sql.js database (with the
// kiosk's connection settings), each prepared once and run inside BEGIN/COMMIT, with no journal:
// the floor the storage layer adds to.
// Then the database is opened again from its snapshot and journal, and the replayed state must
// hold every row (replayed_ok). Last line: JSON with the CPU µs per operation and the ratios.
import { parseArgs } from 'node:util';
import type { Envelope } from '../../electron/domain/sync';
import { createMemoryLogger } from '../../electron/services/logger';
import { openDatabase } from '../../electron/services/storage/database';
import { MIGRATIONS } from '../../electron/services/storage/migrations/index';
import { applyConnectionPragmas } from '../../electron/services/storage/recovery';
import { scalar } from '../../electron/services/storage/sql';
import { loadSqlJs } from '../../electron/services/storage/sqljs';
import {
  dueItems,
  insertEnvelope,
  markDelivered,
  setSyncState,
} from '../../electron/services/sync/outbox-repository';
import { memoryFs } from '../support/memory-fs';
import { syntheticEnvelope } from '../support/sync-harness';
import { printSummary, round } from './lib';

const { values } = parseArgs({ options: { n: { type: 'string' } } });
const N = Number(values.n ?? 3000);
const DIR = '/bench/storage/db';

const cpuMicros = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return c.user + c.system;
};

type Item = Pick<Envelope, 'id' | 'kind'> & { body: string };
const items = (n: number): Item[] =>
  Array.from({ length: n }, (_, i) => {
    const e = syntheticEnvelope(i);
    return { id: e.id, kind: e.kind, body: JSON.stringify(e.body) };
  });
const nowIso = new Date().toISOString();
const nowMs = Date.now();

/** The kiosk's database: CPU µs per insert write, per read, per update write; then the replay. */
async function kiosk(envelopes: Item[]) {
  const N = envelopes.length;
  const fs = memoryFs();
  const db = await openDatabase({
    dir: DIR,
    migrations: MIGRATIONS,
    log: createMemoryLogger(),
    fs,
  });
  const none = new Set<string>();
  global.gc?.();

  let t = process.cpuUsage();
  for (const e of envelopes) await db.write((tx) => insertEnvelope(tx, e, nowIso, nowMs));
  const insert = cpuMicros(t) / N;

  t = process.cpuUsage();
  let seen = 0;
  for (let i = 0; i < N; i++) seen += db.read((d) => dueItems(d, nowMs, 1, none)).length;
  const read = cpuMicros(t) / N;

  t = process.cpuUsage();
  for (const e of envelopes)
    await db.write((tx) => {
      markDelivered(tx, JSON.stringify([e.id]), nowIso, nowIso);
      setSyncState(tx, 'last_contact_at', nowIso);
    });
  const update = cpuMicros(t) / N;
  const health = db.health();
  await db.close();

  // Everything acknowledged must come back: the journal's statements replayed over the snapshot.
  t = process.cpuUsage();
  const again = await openDatabase({
    dir: DIR,
    migrations: MIGRATIONS,
    log: createMemoryLogger(),
    fs,
  });
  const reopenMs = cpuMicros(t) / 1000;
  const delivered = again.read((d) =>
    scalar<number>(d, "SELECT COUNT(*) FROM outbox WHERE state = 'delivered'"),
  );
  await again.close();
  return {
    insert,
    read,
    update,
    reads_found: seen,
    snapshots: health.snapshots,
    reopenMs,
    replayedOk: delivered === N,
  };
}

/**
 * The same work on a plain sql.js database, prepared once, no journal: the floor. Its statements
 * keep the outbox's earlier shape (a look-up before the insert, ids before bodies, one item a
 * delivery), so the floor is, if anything, a little high.
 */
async function bare(envelopes: Item[]) {
  const N = envelopes.length;
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  applyConnectionPragmas(db);
  for (const m of MIGRATIONS) db.exec(m.sql);
  const prep = (sql: string) => db.prepare(sql);
  const begin = prep('BEGIN IMMEDIATE');
  const commit = prep('COMMIT');
  const exists = prep('SELECT 1 FROM outbox WHERE id = ?');
  const insert = prep(
    `INSERT INTO outbox (id, kind, body, state, created_at, attempts, next_attempt_at)
     VALUES (?, ?, ?, 'pending', ?, 0, ?)`,
  );
  const due = prep(
    `SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?
     ORDER BY next_attempt_at, rowid LIMIT ?`,
  );
  const item = prep(
    `SELECT id, kind, body, created_at, attempts FROM outbox WHERE state = 'pending' AND id IN (?)`,
  );
  const deliver = prep(
    `UPDATE outbox SET state = 'delivered', delivered_at = ?, body = NULL, last_error = NULL,
       attempts = attempts + 1, last_attempt_at = ? WHERE id = ? AND state = 'pending'`,
  );
  const contact = prep(
    'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const tx = (fn: () => void) => {
    begin.run();
    fn();
    commit.run();
  };
  global.gc?.();

  let t = process.cpuUsage();
  for (const e of envelopes)
    tx(() => {
      exists.bind([e.id]);
      exists.step();
      exists.reset();
      insert.run([e.id, e.kind, e.body, nowIso, nowMs]);
    });
  const ins = cpuMicros(t) / N;

  t = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    due.bind([nowMs, 1]);
    const ids: string[] = [];
    while (due.step()) ids.push(due.getAsObject().id as string);
    due.reset();
    item.bind(ids);
    while (item.step()) item.getAsObject();
    item.reset();
  }
  const read = cpuMicros(t) / N;

  t = process.cpuUsage();
  for (const e of envelopes)
    tx(() => {
      deliver.run([nowIso, nowIso, e.id]);
      contact.run(['last_contact_at', nowIso]);
    });
  const update = cpuMicros(t) / N;
  db.close();
  return { insert: ins, read, update };
}

// Warmed up first, both: V8 compiles sql.js's WebAssembly with a quick tier and re-compiles what
// runs hot later, so whichever ran first would pay for that.
await kiosk(items(500));
await bare(items(500));
const k = await kiosk(items(N));
const b = await bare(items(N));
const row = (name: string, r: { insert: number; read: number; update: number }) =>
  `${name.padEnd(8)} ${r.insert.toFixed(0).padStart(8)} ${r.read.toFixed(0).padStart(8)} ${r.update.toFixed(0).padStart(8)}`;
console.log(`storage: ${N} submissions (CPU µs per operation)`);
console.log(
  `${''.padEnd(8)} ${'insert'.padStart(8)} ${'read'.padStart(8)} ${'update'.padStart(8)}`,
);
console.log(row('kiosk', k));
console.log(row('bare', b));
console.log(
  `ratio    ${(k.insert / b.insert).toFixed(1).padStart(8)} ${(k.read / b.read).toFixed(1).padStart(8)} ${(k.update / b.update).toFixed(1).padStart(8)}`,
);
console.log(
  `snapshots written: ${k.snapshots}; reopen (replay) ${k.reopenMs.toFixed(0)} ms CPU; replayed state holds every row: ${k.replayedOk}`,
);
printSummary({
  submissions: N,
  kiosk_insert_us: round(k.insert, 1),
  kiosk_read_us: round(k.read, 1),
  kiosk_update_us: round(k.update, 1),
  kiosk_us_per_submission: round(k.insert + k.read + k.update, 1),
  bare_insert_us: round(b.insert, 1),
  bare_read_us: round(b.read, 1),
  bare_update_us: round(b.update, 1),
  ratio_insert: round(k.insert / b.insert, 2),
  ratio_read: round(k.read / b.read, 2),
  ratio_update: round(k.update / b.update, 2),
  reopen_ms: round(k.reopenMs, 1),
  replayed_ok: k.replayedOk,
});
if (!k.replayedOk) process.exitCode = 1;
