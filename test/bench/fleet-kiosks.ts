// The kiosks of the fleet benchmark (fleet.bench.ts), run in a child process of their own: each
// kiosk is the kiosk's real sync code (outbox, delivery worker, signing, retries) on its own
// sql.js database in its own directory. The parent hands out the kiosks, says when to start,
// hears of acknowledgements as they come (to time the service's restarts) and gets back every id
// submitted, the dead letters, and the CPU these kiosks used.
import fs from 'node:fs';
import path from 'node:path';
import { createMemoryLogger } from '../../electron/services/logger';
import { openDatabase, type KioskDatabase } from '../../electron/services/storage/database';
import { MIGRATIONS } from '../../electron/services/storage/migrations/index';
import { systemClock } from '../../electron/services/sync/clock';
import { outboxStats } from '../../electron/services/sync/outbox-repository';
import { createSyncService, type SyncService } from '../../electron/services/sync/sync-service';
import { memoryFs } from '../support/memory-fs';
import { syncConfig, syntheticEnvelope } from '../support/sync-harness';

export interface KioskJob {
  kiosks: { id: string; secret: string }[];
  /** The kiosks' back-office endpoint (the fault proxy). */
  endpoint: string;
  perKiosk: number;
  /** Submissions a kiosk keeps waiting at most. */
  window: number;
  dir: string;
}

export type ToKiosks = { type: 'job'; job: KioskJob } | { type: 'go' } | { type: 'close' };

export type FromKiosks =
  | { type: 'ready' }
  | { type: 'acks'; n: number }
  | {
      type: 'done';
      submitted: string[];
      dead: number;
      cpuSeconds: number;
      /** Failed attempts by their reason (what the kiosks saw of the drops and restarts). */
      failures: Record<string, number>;
    }
  | { type: 'closed' };

interface Kiosk {
  id: string;
  db: KioskDatabase;
  sync: SyncService;
  /** Submitted and neither delivered nor dead yet (counted here, not by querying the outbox). */
  outstanding: Set<string>;
  waiters: (() => void)[];
}

export async function runKioskProcess(): Promise<void> {
  const inbox: ToKiosks[] = [];
  let wake: (() => void) | null = null;
  process.on('message', (m: ToKiosks) => {
    inbox.push(m);
    wake?.();
  });
  const next = async <T extends ToKiosks['type']>(type: T) => {
    for (;;) {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) return inbox.splice(i, 1)[0] as Extract<ToKiosks, { type: T }>;
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
  };
  const send = (m: FromKiosks) =>
    new Promise<void>((resolve, reject) =>
      process.send?.(m, (e: Error | null) => (e ? reject(e) : resolve())),
    );

  const { job } = await next('job');
  let acks = 0;
  const failures: Record<string, number> = {};
  const kiosks: Kiosk[] = [];
  for (const { id, secret } of job.kiosks) {
    const dir = path.join(job.dir, id);
    // The data root itself is real: the heartbeat reports its disk, the retry spool lives there.
    fs.mkdirSync(dir, { recursive: true });
    const log = createMemoryLogger();
    const db = await openDatabase({
      dir: path.join(dir, 'db'),
      migrations: MIGRATIONS,
      log,
      // The kiosks' disks, in memory: a real kiosk does this work on its own disk; fifty of them
      // opening, appending and closing files on this one machine measured a fifth of their CPU.
      fs: memoryFs(),
    });
    const k: Kiosk = {
      id,
      db,
      sync: null as unknown as SyncService,
      outstanding: new Set(),
      waiters: [],
    };
    k.sync = createSyncService({
      db,
      log,
      config: syncConfig(job.endpoint, secret, id),
      appVersion: 'bench',
      dataRoot: dir,
      clock: systemClock(),
      timeoutMs: 15_000,
      onEvent: (e) => {
        if (e.type === 'retry' || e.type === 'hold') {
          // Digits vary (ports, timings); the reason's words are what tells the failures apart.
          const reason = (e.reason ?? e.type).replace(/\d+(\.\d+)?/g, '#').slice(0, 60);
          failures[reason] = (failures[reason] ?? 0) + 1;
        }
        if (e.type !== 'delivered' && e.type !== 'dead') return;
        if (!k.outstanding.delete(e.id)) return;
        if (e.type === 'delivered') acks++;
        for (const w of k.waiters.splice(0)) w();
      },
    });
    kiosks.push(k);
  }
  await send({ type: 'ready' });
  await next('go');

  const cpuBefore = process.cpuUsage();
  const ticker = setInterval(() => {
    if (acks === 0) return;
    void send({ type: 'acks', n: acks });
    acks = 0;
  }, 100);
  const submitted: string[] = [];
  // A kiosk waits for its next acknowledgement; the timer only guards against a missed wake-up.
  const acknowledged = (k: Kiosk) =>
    new Promise<void>((r) => {
      k.waiters.push(r);
      setTimeout(r, 1_000);
    });
  for (const k of kiosks) k.sync.start();
  await Promise.all(
    kiosks.map(async (k) => {
      for (let n = 0; n < job.perKiosk; n++) {
        while (k.outstanding.size >= job.window) await acknowledged(k);
        const e = syntheticEnvelope(n, k.id);
        k.outstanding.add(e.id);
        await k.db.write((tx) => k.sync.enqueue(tx, e));
        submitted.push(e.id);
      }
      while (k.outstanding.size > 0) await acknowledged(k);
    }),
  );
  clearInterval(ticker);
  if (acks > 0) await send({ type: 'acks', n: acks });
  const cpu = process.cpuUsage(cpuBefore);
  const dead = kiosks.reduce((n, k) => n + k.db.read((d) => outboxStats(d)).dead, 0);
  await send({
    type: 'done',
    submitted,
    dead,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    failures,
  });

  await next('close');
  for (const k of kiosks) await k.sync.close();
  for (const k of kiosks) await k.db.close();
  await send({ type: 'closed' });
  process.disconnect();
}
