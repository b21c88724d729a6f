// `npm run bench -- submit`: time from "submit" (the requestSubmit call through the dispatcher,
// as the renderer makes it) to the request being durably stored (with its outbox envelope), with
// 0, 1,000 and 10,000 requests already stored. Side by side in the same run, alternating with
// each submission: one bare write + fsync of the same number of bytes (the database file as it is
// then) to the same directory. Prints median and p95 of both and their ratios; the last line is
// JSON with p95_ms and ratio (p95 submit / p95 bare) for 10,000 stored.
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createKioskServices, type KioskServices } from '../../electron/compose';
import { createMemoryLogger } from '../../electron/services/logger';
import {
  getRequest,
  insertRequest,
  type RequestRecord,
} from '../../electron/services/requests/request-repository';
import { requestWireBody } from '../../electron/services/requests/request-wire';
import { median, percentile, printSummary, round } from './lib';

const SIZES = [0, 1_000, 10_000];
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

/** `n` stored requests like real ones (cloned from a real submission), in one transaction. */
async function prefill(k: KioskServices, n: number): Promise<void> {
  if (n === 0) return;
  const out = await k.dispatch('requestSubmit', submitArgs(0), ctx);
  if (!out.ok) throw new Error(out.error.message);
  const model = k.db.read((d) => getRequest(d, (out.value as { id: string }).id)) as RequestRecord;
  await k.db.write((tx) => {
    for (let i = 1; i < n; i++) {
      // Spread over past days, 100 a day, so tickets stay unique.
      const day = new Date(Date.parse('2024-01-01T00:00:00Z') + Math.floor(i / 100) * 86_400_000);
      const ticketDate = day.toISOString().slice(0, 10);
      const seq = (i % 100) + 1;
      const r: RequestRecord = {
        ...model,
        id: crypto.randomUUID(),
        ticket: `DQ01-${ticketDate.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`,
        ticketDate,
        ticketSeq: seq,
        contactPhone: `138${String(i).padStart(8, '0')}`,
      };
      insertRequest(tx, r);
      k.sync.enqueue(tx, { id: r.id, kind: 'request', body: requestWireBody(r, 'bench') });
    }
  });
}

async function bareWriteFsync(file: string, bytes: Uint8Array): Promise<void> {
  const fh = await fsp.open(file, 'w', 0o600);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

interface Row {
  stored: number;
  dbBytes: number;
  submit: { p50: number; p95: number };
  bare: { p50: number; p95: number };
  ratioP50: number;
  ratioP95: number;
}

async function measure(stored: number): Promise<Row> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-bench-submit-'));
  const k = await createKioskServices({
    dataRoot: dir,
    shell: 'browser',
    appVersion: 'bench',
    log: createMemoryLogger(),
  });
  try {
    await prefill(k, stored);
    const dbDir = path.join(dir, 'db');
    const bareFile = path.join(dbDir, 'bare.bench');
    const submit: number[] = [];
    const bare: number[] = [];
    // Two warm-up rounds, not counted.
    for (let i = -2; i < SAMPLES; i++) {
      const t0 = performance.now();
      const out = await k.dispatch('requestSubmit', submitArgs(stored + i + 3), ctx);
      const t1 = performance.now();
      if (!out.ok) throw new Error(`submit failed: ${out.error.code} ${out.error.message}`);
      // The same bytes the submit just made durable: the whole database file as it is now.
      const bytes = new Uint8Array(k.db.health().sizeBytes).fill(0x5a);
      const t2 = performance.now();
      await bareWriteFsync(bareFile, bytes);
      const t3 = performance.now();
      if (i >= 0) {
        submit.push(t1 - t0);
        bare.push(t3 - t2);
      }
    }
    const row: Row = {
      stored,
      dbBytes: k.db.health().sizeBytes,
      submit: { p50: median(submit), p95: percentile(submit, 95) },
      bare: { p50: median(bare), p95: percentile(bare, 95) },
      ratioP50: median(submit) / median(bare),
      ratioP95: percentile(submit, 95) / percentile(bare, 95),
    };
    return row;
  } finally {
    await k.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const n of SIZES) {
  const row = await measure(n);
  rows.push(row);
  process.stdout.write(
    `${String(n).padStart(6)} stored  db ${(row.dbBytes / 1024 / 1024).toFixed(2).padStart(6)} MB  ` +
      `submit p50 ${row.submit.p50.toFixed(1).padStart(6)} ms  p95 ${row.submit.p95.toFixed(1).padStart(6)} ms  |  ` +
      `bare write+fsync p50 ${row.bare.p50.toFixed(1).padStart(6)} ms  p95 ${row.bare.p95.toFixed(1).padStart(6)} ms  |  ` +
      `ratio p50 ${row.ratioP50.toFixed(2)}  p95 ${row.ratioP95.toFixed(2)}\n`,
  );
}
const last = rows[rows.length - 1] as Row;
process.stdout.write(
  `${SAMPLES} submissions per size, each followed by one bare write + fsync of the database's size.\n`,
);
printSummary({
  stored: last.stored,
  p95_ms: round(last.submit.p95, 2),
  median_ms: round(last.submit.p50, 2),
  bare_p95_ms: round(last.bare.p95, 2),
  bare_median_ms: round(last.bare.p50, 2),
  ratio: round(last.ratioP95, 3),
  ratio_median: round(last.ratioP50, 3),
  db_bytes: last.dbBytes,
  by_size: rows.map((r) => ({
    stored: r.stored,
    p95_ms: round(r.submit.p95, 2),
    bare_p95_ms: round(r.bare.p95, 2),
    ratio: round(r.ratioP95, 3),
  })),
});
