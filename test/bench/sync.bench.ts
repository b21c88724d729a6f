// `npm run bench -- sync`: delivering 1,000 queued submissions to the reference receiver on
// loopback. Side by side in the same run:
//   bare    — the same signed POSTs at the same concurrency, straight from memory (no outbox);
//   outbox  — the kiosk's delivery worker: read from the outbox, send, record each outcome
//             durably (each committed write is fsynced before it counts).
// Latency per item is from the start of its call to its outcome being durable on disk (outbox),
// or to the reply (bare). Prints rps, p50/p95 and the ratios; the last line is JSON with
// rps, p95_ms and lost (submissions the receiver does not have; must be 0).
import fs from 'node:fs';
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

async function bare(): Promise<{ rps: number; p50: number; p95: number; lost: number }> {
  const secret = newKioskSecret();
  const receiver = await startReferenceReceiver({ kiosks: { DQ01: secret } });
  const client = createBackOfficeClient({
    endpoint: receiver.url,
    kioskId: 'DQ01',
    secret,
    transport: nodeHttpTransport({ maxSockets: CONCURRENCY }),
    now: () => Date.now(),
    timeoutMs: 15_000,
  });
  const items = Array.from({ length: TOTAL }, (_, i) => {
    const e = syntheticEnvelope(i);
    return { ...e, kioskId: 'DQ01', createdAt: new Date().toISOString() };
  });
  const latencies: number[] = [];
  const signal = new AbortController().signal;
  let next = 0;
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
  const lost = items.filter((i) => !receiver.submissions.has(i.id)).length;
  await receiver.close();
  return {
    rps: TOTAL / seconds,
    p50: median(latencies),
    p95: percentile(latencies, 95),
    lost,
  };
}

async function outbox(): Promise<{
  rps: number;
  p50: number;
  p95: number;
  lost: number;
  duplicates: number;
  dbBytes: number;
  flushes: number;
}> {
  const secret = newKioskSecret();
  const receiver = await startReferenceReceiver({ kiosks: { DQ01: secret } });
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
    },
  });
  const envelopes = Array.from({ length: TOTAL }, (_, i) => syntheticEnvelope(i));
  // Queued beforehand (the kiosk was offline): 1,000 stored requests, each with its outbox entry.
  await db.write((tx) => {
    for (const e of envelopes) {
      run(tx, "INSERT INTO events (at, kind, detail) VALUES (?, 'bench-request', ?)", [
        new Date().toISOString(),
        e.id,
      ]);
      sync.enqueue(tx, e);
    }
  });
  const engine = sync.engine;
  if (!engine) throw new Error('no engine');
  const signal = new AbortController().signal;
  const generationBefore = db.health().generation;
  const started = performance.now();
  for (;;) {
    const r = await engine.worker.drain(signal);
    if (r.nextDueAt === null) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const stats = db.read((d) => outboxStats(d));
  if (stats.delivered !== TOTAL) throw new Error(`delivered ${stats.delivered} of ${TOTAL}`);
  const lost = envelopes.filter((e) => !receiver.submissions.has(e.id)).length;
  const duplicates = receiver.arrivals.filter((a) => a.outcome === 'duplicate').length;
  const dbBytes = db.health().sizeBytes;
  const flushes = db.health().generation - generationBefore;
  await sync.close();
  await db.close();
  await receiver.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    rps: TOTAL / seconds,
    p50: median(latencies),
    p95: percentile(latencies, 95),
    lost,
    duplicates,
    dbBytes,
    flushes,
  };
}

const b = await bare();
const o = await outbox();
const line = (name: string, r: { rps: number; p50: number; p95: number }) =>
  `${name.padEnd(8)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p95 ${r.p95.toFixed(2).padStart(7)} ms`;
process.stdout.write(
  [
    `sync: ${TOTAL} queued submissions to the reference receiver on loopback, concurrency ${CONCURRENCY}`,
    line('bare', b),
    line('outbox', o),
    `outbox/bare: throughput ×${(o.rps / b.rps).toFixed(2)}, p95 ×${(o.p95 / b.p95).toFixed(2)}`,
    `database ${(o.dbBytes / 1024).toFixed(0)} KiB, ${o.flushes} durable flushes for ${TOTAL} outcomes; duplicates at the receiver: ${o.duplicates}; lost: ${o.lost}`,
  ].join('\n') + '\n',
);
printSummary({
  rps: round(o.rps, 1),
  p95_ms: round(o.p95, 2),
  p50_ms: round(o.p50, 2),
  lost: o.lost,
  bare_rps: round(b.rps, 1),
  bare_p95_ms: round(b.p95, 2),
  concurrency: CONCURRENCY,
  items: TOTAL,
});
