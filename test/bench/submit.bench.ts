// `npm run bench -- submit`: time from "submit" (the requestSubmit call through the dispatcher,
// as the renderer makes it) to the request being durably stored (with its outbox envelope), with
// 0, 10,000 and 100,000 requests already stored. Side by side in the same run, alternating with
// each submission: a bare 4 KiB append + fdatasync (what the journal itself calls) to a file in
// the same directory, the physical floor of a durable commit. Also measured: the bytes the storage
// layer wrote per submission (its own counter, and the process's write_bytes from /proc/self/io),
// the same over a whole snapshot cycle (snapshots included), and the time to open the database at
// each size (snapshot + journal replay), once as left by the measured submissions and once with
// the journal just under its snapshot threshold (the longest replay an open can meet). The last
// line is JSON for the largest size.
//
// The stored requests are spread over the days before today, 100 a day, and are as the years
// would have left them: those older than 30 days closed (completed, returned or cancelled two days
// after they were made) with their personal data purged, the rest half open. Every figure above
// is taken with all of them in the hot database (`retention.archiveAfterDays` set to its maximum):
// `open_ms` in the JSON is that open, with 100,000 all hot. Then, with the default
// `retention.archiveAfterDays` (90) and the outbox as a kiosk connected to its back office keeps it
// (envelopes delivered and forgotten after 90 days), the archive is run once, as the maintenance
// job does at start, and the hot database's size and its open are measured again:
// `open_archived_ms`, `hot_db_bytes_archived` (and the archive's files, `archive_bytes`, and the
// run's time, `archive_run_ms`).
//
// That first run shares the event loop with everything the kiosk answers, so it is also watched
// from outside while it runs: `perf_hooks.monitorEventLoopDelay` (1 ms resolution) gives the
// longest time the loop was held and its p99 over the run, and a 1 ms timer beside it measures
// each time the loop was held (the gap between two of its ticks) and charges it to the month then
// being archived (from how many requests the files the hot database names held when the block
// began: a month's file is named in the same transaction that moves its requests; a month's
// blocks include choosing what of it is due), or to the compaction after the last month:
// `archive_months`, `archive_month_block_max_ms` and `_median_ms` (the longest block of each
// month: the worst month's, and the middle month's), `archive_finish_block_ms` (and its VACUUM,
// `archive_vacuum_ms`), `archive_loop_delay_max_ms` and `_p99_ms`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createKioskServices, type KioskServices } from '../../electron/compose';
import { createMemoryLogger, type Logger } from '../../electron/services/logger';
import { archiveFiles } from '../../electron/services/requests/archive-repository';
import { defaultSnapshotAfterBytes, openDatabase } from '../../electron/services/storage/database';
import { MIGRATIONS } from '../../electron/services/storage/migrations/index';
import {
  getRequest,
  insertRequest,
  type RequestRecord,
} from '../../electron/services/requests/request-repository';
import { requestWireBody } from '../../electron/services/requests/request-wire';
import { all } from '../../electron/services/storage/sql';
import { markDelivered, purgeDelivered } from '../../electron/services/sync/outbox-repository';
import { median, percentile, printSummary, round } from './lib';

const SIZES = (process.env.SUBMIT_SIZES ?? '0,10000,100000').split(',').map(Number);
const SAMPLES = Number(process.env.SUBMIT_SAMPLES ?? 40);
const ctx = { transport: 'http' as const };

function submitArgs(n: number) {
  return {
    requestId: crypto.randomUUID(),
    subject: {
      kind: 'bundle',
      bundleId: 'business-startup',
      answers: { food: n % 2 === 0, 'sole-proprietor': false, 'bank-appointment': true },
      items: ['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'q-food-0', 'v3', 'v6'],
    },
    founder: true,
    contact: { phone: `139${String(n).padStart(8, '0')}`, name: '张先生' },
    privacyAccepted: true,
  };
}

const DAY_MS = 86_400_000;
const CLOSED: RequestRecord['status'][] = ['completed', 'completed', 'completed', 'returned'];

/**
 * `n` stored requests like real ones (cloned from a real submission), in one transaction: the
 * storage layer commits a transaction this big as a whole snapshot, not through the journal.
 * Spread over the days before today, 100 a day (so tickets stay unique); see the header for their
 * statuses.
 */
async function prefill(k: KioskServices, n: number): Promise<void> {
  if (n === 0) return;
  const out = await k.dispatch('requestSubmit', submitArgs(0), ctx);
  if (!out.ok) throw new Error(out.error.message);
  const model = k.db.read((d) => getRequest(d, (out.value as { id: string }).id)) as RequestRecord;
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T02:00:00Z`);
  await k.db.write((tx) => {
    for (let i = 1; i < n; i++) {
      const daysAgo = Math.floor((n - i) / 100) + 1;
      const created = new Date(today - daysAgo * DAY_MS + (i % 100) * 60_000);
      const ticketDate = created.toISOString().slice(0, 10);
      const seq = (i % 100) + 1;
      const closed = daysAgo > 30 || i % 2 === 0;
      const status = closed
        ? i % 20 === 0
          ? 'cancelled'
          : (CLOSED[i % 4] as 'completed')
        : 'accepted';
      const closedAt = closed ? new Date(created.getTime() + 2 * DAY_MS).toISOString() : null;
      // Purged once closed more than 30 days (retention.personalDataDays): none is due at start.
      const purged = daysAgo > 31;
      const r: RequestRecord = {
        ...model,
        id: crypto.randomUUID(),
        ticket: `DQ01-${ticketDate.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`,
        ticketDate,
        ticketSeq: seq,
        createdAt: created.toISOString(),
        status,
        statusAt: closedAt ?? created.toISOString(),
        closedAt,
        contactPhone: purged ? null : `138${String(i).padStart(8, '0')}`,
        contactName: purged ? null : model.contactName,
        personalPurgedAt: purged ? new Date(created.getTime() + 32 * DAY_MS).toISOString() : null,
      };
      insertRequest(tx, r);
      k.sync.enqueue(tx, { id: r.id, kind: 'request', body: requestWireBody(r, 'bench') });
    }
  });
}

async function bareAppend(file: string, bytes: Uint8Array): Promise<void> {
  const fh = await fsp.open(file, 'a', 0o600);
  try {
    await fh.writeFile(bytes);
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

/** This process's bytes sent to the storage layer (null where /proc/self/io is unavailable). */
function procWriteBytes(): number | null {
  try {
    const m = /^write_bytes:\s*(\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

interface Row {
  stored: number;
  dbBytes: number;
  submit: { p50: number; p95: number };
  append: { p50: number; p95: number };
  ratioP95: number;
  bytesPerSubmit: number;
  procBytesPerSubmit: number | null;
  openMs: number;
  openFullJournalMs: number;
  fullJournalBytes: number;
  cycleSubmits: number;
  amortizedBytesPerSubmit: number;
  rssMb: number;
  /** After one archive run with the default age (null with nothing stored). */
  archived: {
    requests: number;
    runMs: number;
    hotDbBytes: number;
    archiveBytes: number;
    openMs: number;
    blocking: Blocking;
  } | null;
}

/** How long the event loop was held while a first archive run went, from outside (see header). */
interface Blocking {
  months: number;
  /** The longest block of each month, in order. */
  perMonthMaxMs: number[];
  /** The longest block after the last month's file was named (the compaction). */
  finishMs: number;
  /** monitorEventLoopDelay over the whole run. */
  delayMaxMs: number;
  delayP99Ms: number;
  /** The compaction's VACUUM, as the storage layer logged it. */
  vacuumMs: number | null;
}

/**
 * Starts watching the event loop; `files()` is what the archive files the hot database names hold
 * (month and requests: a month's file is named in the same transaction that moves its requests).
 * The returned function stops and tells what was seen.
 */
function watchBlocking(
  files: () => { month: string; requests: number }[],
): () => Omit<Blocking, 'vacuumMs'> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const moved = () => files().reduce((n, f) => n + f.requests, 0);
  const before = new Map(files().map((f) => [f.month, f.requests]));
  // Each block, with how many requests had been moved when it began.
  const blocks: { movedBefore: number; ms: number }[] = [];
  let done = moved();
  let last = performance.now();
  let timer: NodeJS.Timeout;
  const tick = () => {
    const t = performance.now();
    // The timer asks for 1 ms: whatever is beyond it, the loop was busy with something else.
    const held = t - last - 1;
    if (held >= 1) blocks.push({ movedBefore: done, ms: held });
    done = moved();
    last = performance.now();
    timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  return () => {
    clearTimeout(timer);
    delay.disable();
    // The months the run moved requests into, in the order it went, and where each one ends in
    // the count of requests moved: a block belongs to the month whose requests were then moving.
    let end = [...before.values()].reduce((n, x) => n + x, 0);
    const ends = files()
      .map((f) => ({ month: f.month, n: f.requests - (before.get(f.month) ?? 0) }))
      .filter((f) => f.n > 0)
      .map((f) => (end += f.n));
    const perMonthMaxMs = ends.map(() => 0);
    let finishMs = 0;
    for (const b of blocks) {
      const i = ends.findIndex((e) => e > b.movedBefore);
      if (i < 0) finishMs = Math.max(finishMs, b.ms);
      else perMonthMaxMs[i] = Math.max(perMonthMaxMs[i] as number, b.ms);
    }
    return {
      months: ends.length,
      perMonthMaxMs,
      finishMs,
      delayMaxMs: delay.max / 1e6,
      delayP99Ms: delay.percentile(99) / 1e6,
    };
  };
}

async function timeOpen(dbDir: string): Promise<number> {
  const t0 = performance.now();
  const db = await openDatabase({
    dir: dbDir,
    migrations: MIGRATIONS,
    log: createMemoryLogger(),
    // Timing the open only: no snapshot after it.
    snapshotAtOpenBytes: Infinity,
  });
  const ms = performance.now() - t0;
  await db.close();
  return ms;
}

async function measure(stored: number): Promise<Row> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-bench-submit-'));
  const dbDir = path.join(dir, 'db');
  // All hot first: nothing is archived until the archive's own measurement below.
  const configure = (archiveAfterDays: number) =>
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ retention: { archiveAfterDays } }),
    );
  configure(3650);
  const open = (log: Logger = createMemoryLogger()) =>
    createKioskServices({
      dataRoot: dir,
      shell: 'browser',
      appVersion: 'bench',
      log,
    });
  let k = await open();
  try {
    await prefill(k, stored);
    const bareFile = path.join(dbDir, 'bare.bench');
    const block = new Uint8Array(4096).fill(0x5a);
    const submit: number[] = [];
    const append: number[] = [];
    let storageBytes = 0;
    let procBytes: number | null = 0;
    // Two warm-up rounds, not counted.
    for (let i = -2; i < SAMPLES; i++) {
      const w0 = k.db.health().bytesWritten;
      const p0 = procWriteBytes();
      const t0 = performance.now();
      const out = await k.dispatch('requestSubmit', submitArgs(stored + i + 3), ctx);
      const t1 = performance.now();
      const p1 = procWriteBytes();
      if (!out.ok) throw new Error(`submit failed: ${out.error.code} ${out.error.message}`);
      const t2 = performance.now();
      await bareAppend(bareFile, block);
      const t3 = performance.now();
      if (i >= 0) {
        submit.push(t1 - t0);
        append.push(t3 - t2);
        storageBytes += k.db.health().bytesWritten - w0;
        procBytes = p0 === null || p1 === null || procBytes === null ? null : procBytes + p1 - p0;
      }
    }
    const dbBytes = k.db.health().sizeBytes;
    const rssMb = process.memoryUsage().rss / 1024 / 1024;
    await k.close();
    const openMs = await timeOpen(dbDir);

    // One whole snapshot cycle: submissions until the journal is just under its threshold, an
    // open that replays all of it (the longest an open can meet), then the snapshot the next
    // start writes. Its bytes over its submissions are what a submission costs the disk in all.
    k = await open();
    const threshold = defaultSnapshotAfterBytes(k.db.health().sizeBytes);
    let per = 0;
    let cycleSubmits = 0;
    for (let i = 0; ; i++) {
      const before = k.db.health().journalBytes;
      if (before + 2 * per >= threshold || k.db.health().snapshots > 0) break;
      const out = await k.dispatch('requestSubmit', submitArgs(stored + SAMPLES + 10 + i), ctx);
      if (!out.ok) throw new Error(`submit failed: ${out.error.code} ${out.error.message}`);
      per = Math.max(per, k.db.health().journalBytes - before);
      cycleSubmits++;
    }
    const fullJournalBytes = k.db.health().journalBytes;
    let cycleBytes = k.db.health().bytesWritten;
    await k.close();
    const openFullJournalMs = await timeOpen(dbDir);
    k = await open();
    await k.close(); // waits for the snapshot written after the long replay
    cycleBytes += k.db.health().bytesWritten;
    if (k.db.health().snapshots === 0) throw new Error('no snapshot after the long replay');

    // The archive, as the maintenance job runs it at start with the default age.
    let archived: Row['archived'] = null;
    if (stored > 0) {
      // A kiosk connected to its back office: each envelope delivered the day after it was made
      // (its body dropped), delivered ones forgotten after `retention.logDays` (90), as the sync
      // service does. (A single-site kiosk keeps every undelivered envelope: see the README.)
      k = await open();
      const nowMs = Date.now();
      const delivered = k.db.read((d) =>
        all<{ id: string; createdAt: string }>(
          d,
          'SELECT id, created_at AS createdAt FROM requests WHERE created_at < ?',
          [new Date(nowMs - DAY_MS).toISOString()],
        ),
      );
      await k.db.write((tx) => {
        for (const r of delivered) {
          const at = new Date(Date.parse(r.createdAt) + DAY_MS).toISOString();
          markDelivered(tx, JSON.stringify([r.id]), at, at);
        }
        purgeDelivered(tx, new Date(nowMs - 90 * DAY_MS).toISOString());
      });
      await k.close();
      configure(90);
      const a0 = performance.now();
      const log = createMemoryLogger();
      k = await open(log);
      // Watched from here: the run began as the start ended, and nothing of it has run yet but
      // its first read of the directory.
      const kiosk = k;
      const stopWatching = watchBlocking(() => kiosk.db.read((d) => archiveFiles(d)));
      // The run the start began (one at a time: this waits for it).
      const run = await k.requests.archive();
      const runMs = performance.now() - a0;
      const vacuumed = log.lines.find((l) => l.event === 'storage.vacuumed');
      const blocking = {
        ...stopWatching(),
        vacuumMs: vacuumed ? Number(vacuumed.fields.ms) : null,
      };
      const hotDbBytes = k.db.health().sizeBytes;
      await k.close();
      const archiveDir = path.join(dir, 'archive');
      const archiveBytes = fs
        .readdirSync(archiveDir)
        .reduce((n, f) => n + fs.statSync(path.join(archiveDir, f)).size, 0);
      archived = {
        requests: run?.archived ?? 0,
        runMs,
        hotDbBytes,
        archiveBytes,
        openMs: await timeOpen(dbDir),
        blocking,
      };
    }

    return {
      stored,
      dbBytes,
      submit: { p50: median(submit), p95: percentile(submit, 95) },
      append: { p50: median(append), p95: percentile(append, 95) },
      ratioP95: percentile(submit, 95) / percentile(append, 95),
      bytesPerSubmit: storageBytes / SAMPLES,
      procBytesPerSubmit: procBytes === null ? null : procBytes / SAMPLES,
      openMs,
      openFullJournalMs,
      fullJournalBytes,
      cycleSubmits,
      amortizedBytesPerSubmit: cycleBytes / cycleSubmits,
      rssMb,
      archived,
    };
  } finally {
    await k.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const n of SIZES) {
  const row = await measure(n);
  rows.push(row);
  const f = (x: number, w = 6) => x.toFixed(1).padStart(w);
  process.stdout.write(
    `${String(n).padStart(6)} stored  db ${f(row.dbBytes / 1024 / 1024)} MB  ` +
      `submit p50 ${f(row.submit.p50)} ms  p95 ${f(row.submit.p95)} ms  |  ` +
      `4 KiB append+fdatasync p50 ${f(row.append.p50)} ms  p95 ${f(row.append.p95)} ms  |  ` +
      `ratio p95 ${row.ratioP95.toFixed(2)}  |  ${f(row.bytesPerSubmit / 1024)} KiB/submit ` +
      `(/proc: ${row.procBytesPerSubmit === null ? '-' : f(row.procBytesPerSubmit / 1024)} KiB; ` +
      `with snapshots ${f(row.amortizedBytesPerSubmit / 1024)} KiB over ${row.cycleSubmits})  |  ` +
      `open ${f(row.openMs, 7)} ms, with ${f(row.fullJournalBytes / 1024 / 1024, 4)} MB journal ${f(row.openFullJournalMs, 7)} ms  |  rss ${f(row.rssMb)} MB\n`,
  );
  if (row.archived) {
    const b = row.archived.blocking;
    process.stdout.write(
      `        archived ${row.archived.requests} in ${f(row.archived.runMs / 1000, 5)} s: ` +
        `hot db ${f(row.archived.hotDbBytes / 1024 / 1024)} MB, archive files ` +
        `${f(row.archived.archiveBytes / 1024 / 1024)} MB  |  open ${f(row.archived.openMs, 7)} ms\n` +
        `        event loop held during the run: ${b.months} months, longest block per month ` +
        `max ${f(Math.max(0, ...b.perMonthMaxMs))} ms, median ${f(median(b.perMonthMaxMs))} ms; ` +
        `after the last month (compaction) ${f(b.finishMs)} ms (VACUUM ` +
        `${b.vacuumMs === null ? '-' : f(b.vacuumMs)} ms)  |  loop delay max ${f(b.delayMaxMs)} ms, ` +
        `p99 ${f(b.delayP99Ms)} ms\n` +
        `        per month (ms): ${b.perMonthMaxMs.map((x) => x.toFixed(0)).join(' ')}\n`,
    );
  }
}
const last = rows[rows.length - 1] as Row;
process.stdout.write(
  `${SAMPLES} submissions per size, each followed by one bare 4 KiB append + fdatasync.\n`,
);
printSummary({
  stored: last.stored,
  p95_ms: round(last.submit.p95, 2),
  median_ms: round(last.submit.p50, 2),
  append_p95_ms: round(last.append.p95, 2),
  append_median_ms: round(last.append.p50, 2),
  ratio_append: round(last.ratioP95, 3),
  bytes_per_submit: Math.round(last.bytesPerSubmit),
  proc_write_bytes_per_submit:
    last.procBytesPerSubmit === null ? null : Math.round(last.procBytesPerSubmit),
  bytes_per_submit_with_snapshots: Math.round(last.amortizedBytesPerSubmit),
  // With every stored request in the hot database.
  open_ms: round(last.openMs, 1),
  open_full_journal_ms: round(last.openFullJournalMs, 1),
  db_bytes: last.dbBytes,
  // After one archive run with the default age (90 days after closing).
  open_archived_ms: last.archived ? round(last.archived.openMs, 1) : null,
  hot_db_bytes_archived: last.archived?.hotDbBytes ?? null,
  archived_requests: last.archived?.requests ?? null,
  archive_bytes: last.archived?.archiveBytes ?? null,
  archive_run_ms: last.archived ? round(last.archived.runMs, 0) : null,
  // How long that first run held the event loop (see the header).
  archive_months: last.archived?.blocking.months ?? null,
  archive_month_block_max_ms: last.archived
    ? round(Math.max(0, ...last.archived.blocking.perMonthMaxMs), 1)
    : null,
  archive_month_block_median_ms: last.archived
    ? round(median(last.archived.blocking.perMonthMaxMs), 1)
    : null,
  archive_finish_block_ms: last.archived ? round(last.archived.blocking.finishMs, 1) : null,
  archive_vacuum_ms: last.archived?.blocking.vacuumMs ?? null,
  archive_loop_delay_max_ms: last.archived ? round(last.archived.blocking.delayMaxMs, 1) : null,
  archive_loop_delay_p99_ms: last.archived ? round(last.archived.blocking.delayP99Ms, 1) : null,
  by_size: rows.map((r) => ({
    stored: r.stored,
    db_bytes: r.dbBytes,
    p95_ms: round(r.submit.p95, 2),
    append_p95_ms: round(r.append.p95, 2),
    ratio_append: round(r.ratioP95, 3),
    bytes_per_submit: Math.round(r.bytesPerSubmit),
    bytes_per_submit_with_snapshots: Math.round(r.amortizedBytesPerSubmit),
    open_ms: round(r.openMs, 1),
    open_full_journal_ms: round(r.openFullJournalMs, 1),
    open_archived_ms: r.archived ? round(r.archived.openMs, 1) : null,
    hot_db_bytes_archived: r.archived?.hotDbBytes ?? null,
  })),
});
