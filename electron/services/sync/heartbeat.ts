// The kiosk's health, sent to POST /v1/heartbeat every few minutes: printer, disk, storage,
// backlog and versions. Not queued: when the back office is unreachable a heartbeat is simply
// skipped, the next one carries the current state.
import fs from 'node:fs';
import type { KioskDatabase } from '../storage/database';
import { schemaVersion } from '../storage/migrate';
import { clockReport, type ClockOffset } from './clock';
import { outboxStats } from './outbox-repository';

export interface HeartbeatSourceOptions {
  db: KioskDatabase;
  kioskId: string;
  appVersion: string;
  dataRoot: string;
  now: () => number;
  /** The kiosk's clock against the back office's, as last measured (null: not yet). */
  clockOffset?: ClockOffset | null;
  /**
   * Named health reports plugged in by other features (e.g. `printer`); a report may be async
   * (it gets `REPORT_TIMEOUT_MS`). A report named like a built-in section that is an object
   * (`versions`, `disk`, …) is merged into it; any other replaces or adds a section.
   */
  extras: () => ReadonlyMap<string, () => unknown>;
}

/** How long one plugged-in report may take before it is sent as unknown. */
export const REPORT_TIMEOUT_MS = 5_000;

async function report(fn: () => unknown): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve().then(fn),
      new Promise((resolve) => {
        timer = setTimeout(
          () => resolve({ state: 'unknown', detail: 'report timed out' }),
          REPORT_TIMEOUT_MS,
        );
        timer.unref();
      }),
    ]);
  } catch (e) {
    return { state: 'unknown', detail: `report failed: ${(e as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function diskOf(dir: string): { freeBytes: number | null; totalBytes: number | null } {
  try {
    const st = fs.statfsSync(dir);
    return { freeBytes: st.bavail * st.bsize, totalBytes: st.blocks * st.bsize };
  } catch {
    return { freeBytes: null, totalBytes: null };
  }
}

export async function buildHeartbeat(o: HeartbeatSourceOptions): Promise<Record<string, unknown>> {
  const named = [...o.extras()];
  const reports = await Promise.all(named.map(([, fn]) => report(fn)));
  // Read after the reports: the backlog and storage as they are when the heartbeat leaves.
  const h = o.db.health();
  const stats = o.db.read((d) => outboxStats(d));
  const schema = o.db.read((d) => schemaVersion(d));
  const base: Record<string, unknown> = {
    kioskId: o.kioskId,
    at: new Date(o.now()).toISOString(),
    versions: {
      app: o.appVersion,
      schema,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
    },
    storage: { inService: h.inService, reason: h.reason, sizeBytes: h.sizeBytes },
    disk: diskOf(o.dataRoot),
    printer: { state: 'unknown', detail: null },
    backlog: {
      pending: stats.pending,
      dead: stats.dead,
      oldestPendingAt: stats.oldestPendingAt,
    },
    clock: clockReport(o.clockOffset ?? null),
  };
  named.forEach(([name], i) => {
    if (name === 'kioskId' || name === 'at') return;
    const value = reports[i];
    const built = base[name];
    base[name] = isObject(built) && isObject(value) ? { ...built, ...value } : value;
  });
  return base;
}
