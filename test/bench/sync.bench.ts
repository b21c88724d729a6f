// `npm run bench -- sync`: delivering 1,000 queued submissions to the reference receiver on
// loopback. Side by side in the same run:
//   bare    — the same signed POSTs at the same concurrency, straight from memory (no outbox);
//   single  — the kiosk's delivery worker to a back office without batches (it answers the first
//             batch 404; every item then goes alone): read from the outbox, send, record each
//             outcome durably (each committed write is fsynced before it counts);
//   batched — the same worker to a back office with batches (POST /v1/submission-batches, up to
//             50 items a call, one write for a call's outcomes).
// The receiver runs in a child process of its own, so the CPU figures are the kiosk's alone.
// Latency per item is from the start of its call to its outcome being durable on disk (outbox
// modes), or to the reply (bare). Prints rps, p50/p95, kiosk CPU per item, calls and durable
// flushes; the last line is JSON with rps, p95_ms and lost (submissions the receiver does not
// have; must be 0) for the batched worker, and the same figures for the single one.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { WireSubmission } from '../../electron/domain/sync';
import { createMemoryLogger } from '../../electron/services/logger';
import { run } from '../../electron/services/storage/sql';
import { createBackOfficeClient } from '../../electron/services/sync/client';
import { systemClock } from '../../electron/services/sync/clock';
import { outboxStats } from '../../electron/services/sync/outbox-repository';
import { createSyncService } from '../../electron/services/sync/sync-service';
import { nodeHttpTransport } from '../../electron/services/sync/transport';
import { newKioskSecret, startReferenceReceiver } from '../support/reference-receiver';
import { openTestDb, syncConfig, syntheticEnvelope, tempDir } from '../support/sync-harness';
import { median, percentile, printSummary, round } from './lib';

const TOTAL = 1000;
const CONCURRENCY = 4;
/** Submissions a trickling kiosk keeps waiting at most (as the fleet benchmark's kiosks). */
const WINDOW = 8;

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    secret: { type: 'string' },
    batches: { type: 'string' },
    // `--only single` (or batched): that mode alone, e.g. under --cpu-prof.
    only: { type: 'string' },
  },
});

type ToReceiver = { type: 'check'; ids: string[] } | { type: 'close' };
type FromReceiver =
  | { type: 'ready'; url: string }
  | { type: 'checked'; lost: number; duplicates: number; calls: number; cpuSeconds: number };

if (values.role === 'receiver') {
  const receiver = await startReferenceReceiver({
    kiosks: { DQ01: values.secret ?? '' },
    batches: values.batches !== 'false',
  });
  const cpuBefore = process.cpuUsage();
  process.on('message', (m: ToReceiver) => {
    if (m.type === 'check') {
      const cpu = process.cpuUsage(cpuBefore);
      const calls = receiver.arrivals.filter((a) => /\/v1\/submission/.test(a.path)).length;
      const duplicates = receiver.arrivals
        .flatMap((a) => (a.items ? a.items.map((i) => i.outcome) : [a.outcome]))
        .filter((o) => o === 'duplicate').length;
      process.send?.({
        type: 'checked',
        lost: m.ids.filter((id) => !receiver.submissions.has(id)).length,
        duplicates,
        calls,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      } satisfies FromReceiver);
    } else {
      void receiver.close().then(() => process.exit(0));
    }
  });
  process.send?.({ type: 'ready', url: receiver.url } satisfies FromReceiver);
} else {
  await main();
}

interface Receiver {
  url: string;
  check(ids: string[]): Promise<Extract<FromReceiver, { type: 'checked' }>>;
  close(): Promise<void>;
}

async function receiverProcess(secret: string, batches: boolean): Promise<Receiver> {
  const child = fork(
    process.argv[1] ?? '',
    ['--role', 'receiver', `--secret=${secret}`, `--batches=${String(batches)}`],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const next = () =>
    new Promise<FromReceiver>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`receiver exited with ${code}`)));
    });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error('receiver not ready');
  return {
    url: ready.url,
    async check(ids) {
      const answer = next();
      child.send({ type: 'check', ids } satisfies ToReceiver);
      const m = await answer;
      if (m.type !== 'checked') throw new Error('unexpected answer');
      return m;
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' } satisfies ToReceiver);
      }),
  };
}

interface Figures {
  rps: number;
  p50: number;
  p95: number;
  lost: number;
  duplicates: number;
  calls: number;
  /** Kiosk CPU (this process) per item, ms. */
  cpuMsPerItem: number;
  /** Receiver CPU per item, ms. */
  receiverCpuMsPerItem: number;
  flushes: number;
  dbBytes: number;
}

async function bare(): Promise<Figures> {
  const secret = newKioskSecret();
  const receiver = await receiverProcess(secret, true);
  const client = createBackOfficeClient({
    endpoint: receiver.url,
    kioskId: 'DQ01',
    secret,
    transport: nodeHttpTransport({ maxSockets: CONCURRENCY }),
    now: () => Date.now(),
    timeoutMs: 15_000,
  });
  const items: WireSubmission[] = Array.from({ length: TOTAL }, (_, i) => {
    const e = syntheticEnvelope(i);
    return { ...e, kioskId: 'DQ01', createdAt: new Date().toISOString() };
  });
  const latencies: number[] = [];
  const signal = new AbortController().signal;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const item = items[next++];
        if (!item) break;
        const t = performance.now();
        const out = await client.submit(item, signal);
        if (out.type !== 'ok') throw new Error(`bare call failed: ${JSON.stringify(out)}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const checked = await receiver.check(items.map((i) => i.id));
  await receiver.close();
  return {
    rps: TOTAL / seconds,
    p50: median(latencies),
    p95: percentile(latencies, 95),
    lost: checked.lost,
    duplicates: checked.duplicates,
    calls: checked.calls,
    cpuMsPerItem: (cpu.user + cpu.system) / 1000 / TOTAL,
    receiverCpuMsPerItem: (checked.cpuSeconds * 1000) / TOTAL,
    flushes: 0,
    dbBytes: 0,
  };
}

/**
 * `queued`: the 1,000 are in the outbox beforehand (the kiosk was offline) and drained.
 * `trickle`: the kiosk runs (its own loop) and stores each submission as it comes, keeping at
 * most WINDOW of them waiting, as the fleet benchmark's kiosks do: the enqueue writes and the
 * durability gate are in the figures, and a batch carries what piled up during the last calls.
 */
type Pattern = 'queued' | 'trickle';

async function outbox(batches: boolean, pattern: Pattern = 'queued'): Promise<Figures> {
  const secret = newKioskSecret();
  const receiver = await receiverProcess(secret, batches);
  const dir = tempDir('kiosk-bench-sync-');
  const log = createMemoryLogger();
  const db = await openTestDb(dir, log);
  const latencies: number[] = [];
  const sync = createSyncService({
    db,
    log,
    config: syncConfig(receiver.url, secret),
    appVersion: 'bench',
    dataRoot: dir,
    // Sub-millisecond time for the latency figures (the clock also stamps the signatures).
    clock: systemClock(() => performance.timeOrigin + performance.now()),
    concurrency: CONCURRENCY,
    onEvent: (e) => {
      if (e.type === 'delivered') latencies.push(e.recordedAt - e.startedAt);
      if (outstanding.delete(e.id)) for (const w of waiters.splice(0)) w();
    },
  });
  const outstanding = new Set<string>();
  const waiters: (() => void)[] = [];
  const envelopes = Array.from({ length: TOTAL }, (_, i) => syntheticEnvelope(i));
  /** The clock stops; every item must be delivered; the figures, and everything closed. */
  const finish = async (
    started: number,
    cpuBefore: NodeJS.CpuUsage,
    generationBefore: number,
  ): Promise<Figures> => {
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const stats = db.read((d) => outboxStats(d));
    if (stats.delivered !== TOTAL) throw new Error(`delivered ${stats.delivered} of ${TOTAL}`);
    const checked = await receiver.check(envelopes.map((e) => e.id));
    const flushes = db.health().generation - generationBefore;
    const dbBytes = db.health().sizeBytes;
    await sync.close();
    await db.close();
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
    return {
      rps: TOTAL / seconds,
      p50: median(latencies),
      p95: percentile(latencies, 95),
      lost: checked.lost,
      duplicates: checked.duplicates,
      calls: checked.calls,
      cpuMsPerItem: (cpu.user + cpu.system) / 1000 / TOTAL,
      receiverCpuMsPerItem: (checked.cpuSeconds * 1000) / TOTAL,
      flushes,
      dbBytes,
    };
  };
  const store = (tx: Parameters<Parameters<typeof db.write>[0]>[0], e: (typeof envelopes)[0]) => {
    run(tx, "INSERT INTO events (at, kind, detail) VALUES (?, 'bench-request', ?)", [
      new Date().toISOString(),
      e.id,
    ]);
    sync.enqueue(tx, e);
  };
  if (pattern === 'trickle') {
    const generationBefore = db.health().generation;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    sync.start();
    const acknowledged = () => new Promise<void>((r) => waiters.push(r));
    for (const e of envelopes) {
      while (outstanding.size >= WINDOW) await acknowledged();
      outstanding.add(e.id);
      await db.write((tx) => store(tx, e));
    }
    while (outstanding.size > 0) await acknowledged();
    return finish(started, cpuBefore, generationBefore);
  }
  // Queued beforehand (the kiosk was offline): 1,000 stored requests, each with its outbox entry.
  await db.write((tx) => {
    for (const e of envelopes) store(tx, e);
  });
  const engine = sync.engine;
  if (!engine) throw new Error('no engine');
  const signal = new AbortController().signal;
  const generationBefore = db.health().generation;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (;;) {
    const r = await engine.worker.drain(signal);
    if (r.nextDueAt === null) break;
  }
  return finish(started, cpuBefore, generationBefore);
}

async function main(): Promise<void> {
  const only = /^(single|batched)(-trickle)?$/.exec(values.only ?? '');
  if (only) {
    const r = await outbox(only[1] === 'batched', only[2] ? 'trickle' : 'queued');
    printSummary({
      mode: values.only,
      rps: round(r.rps, 1),
      kiosk_cpu_ms_per_item: round(r.cpuMsPerItem, 3),
      calls: r.calls,
      flushes: r.flushes,
    });
    return;
  }
  const b = await bare();
  const s = await outbox(false);
  const o = await outbox(true);
  const st = await outbox(false, 'trickle');
  const ot = await outbox(true, 'trickle');
  const line = (name: string, r: Figures) =>
    `${name.padEnd(8)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p95 ${r.p95.toFixed(2).padStart(7)} ms   ` +
    `kiosk CPU ${r.cpuMsPerItem.toFixed(3)} ms/item   receiver CPU ${r.receiverCpuMsPerItem.toFixed(3)} ms/item   ` +
    `${r.calls} calls   ${r.flushes} flushes`;
  process.stdout.write(
    [
      `sync: ${TOTAL} queued submissions to the reference receiver on loopback, concurrency ${CONCURRENCY}`,
      line('bare', b),
      line('single', s),
      line('batched', o),
      `trickle: the kiosk stores each submission as it comes, at most ${WINDOW} waiting`,
      line('single', st),
      line('batched', ot),
      `trickle batched/single: throughput ×${(ot.rps / st.rps).toFixed(2)}, kiosk CPU per item ×${(ot.cpuMsPerItem / st.cpuMsPerItem).toFixed(2)}`,
      `batched/single: throughput ×${(o.rps / s.rps).toFixed(2)}, kiosk CPU per item ×${(o.cpuMsPerItem / s.cpuMsPerItem).toFixed(2)}, p95 ×${(o.p95 / s.p95).toFixed(2)}`,
      `batched/bare: throughput ×${(o.rps / b.rps).toFixed(2)}`,
      `database ${(o.dbBytes / 1024).toFixed(0)} KiB; duplicates at the receiver: ${s.duplicates} single, ${o.duplicates} batched; lost: ${s.lost} single, ${o.lost} batched`,
    ].join('\n') + '\n',
  );
  printSummary({
    rps: round(o.rps, 1),
    p95_ms: round(o.p95, 2),
    p50_ms: round(o.p50, 2),
    lost: o.lost + s.lost + st.lost + ot.lost,
    kiosk_cpu_ms_per_item: round(o.cpuMsPerItem, 3),
    calls: o.calls,
    flushes: o.flushes,
    single_rps: round(s.rps, 1),
    single_p95_ms: round(s.p95, 2),
    single_kiosk_cpu_ms_per_item: round(s.cpuMsPerItem, 3),
    single_calls: s.calls,
    single_flushes: s.flushes,
    trickle_rps: round(ot.rps, 1),
    trickle_kiosk_cpu_ms_per_item: round(ot.cpuMsPerItem, 3),
    trickle_calls: ot.calls,
    trickle_single_rps: round(st.rps, 1),
    trickle_single_kiosk_cpu_ms_per_item: round(st.cpuMsPerItem, 3),
    bare_rps: round(b.rps, 1),
    bare_p95_ms: round(b.p95, 2),
    bare_kiosk_cpu_ms_per_item: round(b.cpuMsPerItem, 3),
    concurrency: CONCURRENCY,
    items: TOTAL,
  });
}
