// The kiosk's health, sent to POST /v1/heartbeat every few minutes: printer, disk, storage,
// backlog and versions. Not queued: when the back office is unreachable a heartbeat is simply
// skipped, the next one carries the current state.
import fs from 'node:fs';
import type { KioskDatabase } from '../storage/database';
import { schemaVersion } from '../storage/migrate';
import { outboxStats } from './outbox-repository';

export interface HeartbeatSourceOptions {
  db: KioskDatabase;
  kioskId: string;
  appVersion: string;
  dataRoot: string;
  now: () => number;
  /** Named health reports plugged in by other features (e.g. `printer`). */
  extras: () => ReadonlyMap<string, () => unknown>;
}

function freeBytes(dir: string): number | null {
  try {
    const st = fs.statfsSync(dir);
    return st.bavail * st.bsize;
  } catch {
    return null;
  }
}

export function buildHeartbeat(o: HeartbeatSourceOptions): Record<string, unknown> {
  const h = o.db.health();
  const stats = o.db.read((d) => outboxStats(d));
  const schema = o.db.read((d) => schemaVersion(d));
  const extras: Record<string, unknown> = {};
  for (const [name, fn] of o.extras()) {
    try {
      extras[name] = fn();
    } catch (e) {
      extras[name] = { state: 'unknown', detail: `report failed: ${(e as Error).message}` };
    }
  }
  return {
    kioskId: o.kioskId,
    at: new Date(o.now()).toISOString(),
    versions: {
      app: o.appVersion,
      schema,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
    },
    storage: { inService: h.inService, reason: h.reason, sizeBytes: h.sizeBytes },
    disk: { freeBytes: freeBytes(o.dataRoot) },
    printer: { state: 'unknown', detail: null },
    backlog: {
      pending: stats.pending,
      dead: stats.dead,
      oldestPendingAt: stats.oldestPendingAt,
    },
    ...extras,
  };
}
