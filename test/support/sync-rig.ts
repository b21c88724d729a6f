// A kiosk's sync service on its own database, on a simulated clock, against one of the back-office
// targets (back-office-targets.ts): what the sync tests set up for each case.
import type { Envelope } from '../../electron/domain/sync';
import { createMemoryLogger } from '../../electron/services/logger';
import type { KioskDatabase } from '../../electron/services/storage/database';
import { one } from '../../electron/services/storage/sql';
import { seededRandom } from '../../electron/services/sync/backoff';
import type { DeliveryEvent } from '../../electron/services/sync/delivery-worker';
import {
  createSyncService,
  type SyncService,
  type SyncServiceOptions,
} from '../../electron/services/sync/sync-service';
import type { BackOfficeTarget, TargetFactory } from './back-office-targets';
import { newKioskSecret, type ReceiverOptions } from './reference-receiver';
import { createSimClock, type SimClock } from './sim-clock';
import { openTestDb, syncConfig, tempDir } from './sync-harness';

export const RIG_T0 = Date.parse('2026-03-02T01:00:00Z');

export interface SyncRig {
  dir: string;
  db: KioskDatabase;
  sync: SyncService;
  receiver: BackOfficeTarget;
  /** The secret the back office knows the kiosk by. */
  secret: string;
  clock: SimClock;
  log: ReturnType<typeof createMemoryLogger>;
  /** Every delivery event of the rig's services (unless `sync.onEvent` is given). */
  events: DeliveryEvent[];
  /** Writes the sync services made (the counter can be reset). */
  writes: { n: number };
  /** Reads the sync services made (the counter can be reset). */
  reads: { n: number };
  /** Another sync service on the same database and back office (a restarted kiosk). */
  service(): SyncService;
}

export interface SyncRigOptions {
  receiver?: Partial<ReceiverOptions>;
  sync?: Partial<SyncServiceOptions>;
  /** The secret the kiosk signs with, when it is not the one the back office knows. */
  kioskSecret?: string;
  /** An open database (the caller closes it) and its directory. */
  db?: KioskDatabase;
  dir?: string;
  /** Seed of the backoff's random draws. */
  seed?: number;
}

/** Starts a rig; what it opens is pushed on `open`, for the caller to close in reverse. */
export async function startSyncRig(
  target: TargetFactory,
  open: { close(): Promise<void> }[],
  opts: SyncRigOptions = {},
): Promise<SyncRig> {
  const dir = opts.dir ?? tempDir();
  const secret = newKioskSecret();
  const clock = createSimClock(RIG_T0);
  const receiver = await target.start({
    kiosks: { DQ01: secret },
    now: () => clock.now(),
    ...opts.receiver,
  });
  open.push(receiver);
  const log = createMemoryLogger();
  const db = opts.db ?? (await openTestDb(dir, log));
  if (!opts.db) open.push(db);
  const writes = { n: 0 };
  const reads = { n: 0 };
  const counted: KioskDatabase = {
    ...db,
    write: (fn) => {
      writes.n++;
      return db.write(fn);
    },
    read: (fn) => {
      reads.n++;
      return db.read(fn);
    },
  };
  const events: DeliveryEvent[] = [];
  const service = () => {
    const s = createSyncService({
      db: counted,
      log,
      config: syncConfig(receiver.url, opts.kioskSecret ?? secret),
      appVersion: 'test',
      dataRoot: dir,
      clock,
      random: seededRandom(opts.seed ?? 1),
      // Generous: the real back office on a busy machine may take a while; nothing here hangs.
      timeoutMs: 10_000,
      onEvent: (e) => events.push(e),
      ...opts.sync,
    });
    open.push(s);
    return s;
  };
  return {
    dir,
    db,
    sync: service(),
    receiver,
    secret,
    clock,
    log,
    events,
    writes,
    reads,
    service,
  };
}

export const enqueueOn = (r: SyncRig, e: Envelope, sync = r.sync) =>
  r.db.write((tx) => sync.enqueue(tx, e));

/** An outbox row as the worker left it. */
export const outboxRow = (db: KioskDatabase, id: string) =>
  db.read((d) =>
    one<{ state: string; attempts: number; last_error: string | null; next_attempt_at: number }>(
      d,
      'SELECT state, attempts, last_error, next_attempt_at FROM outbox WHERE id = ?',
      [id],
    ),
  );
