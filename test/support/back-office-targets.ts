// One contract, two implementations: the kiosk's sync tests run against the reference receiver
// (the stub in this folder) and against the real back office (PGlite, and PostgreSQL when given),
// through one interface. Faults are injected by the receiver itself, or by a proxy in front of
// the real service; what is stored is read from the receiver's memory, or from the database.
import type { StatusChange, SubmissionStatus, Verdict } from '../../electron/domain/sync';
import { createMemoryLogger } from '../../electron/services/logger';
import { startBackOffice } from '../../back-office/server/app';
import { loadCenterRules } from '../../back-office/server/intake/center-rules';
import { recentHeartbeats } from '../../back-office/server/repositories/heartbeat-repository';
import { allChanges } from '../../back-office/server/repositories/status-change-repository';
import {
  getSubmission,
  listSubmissions,
  type StoredSubmission,
} from '../../back-office/server/repositories/submission-repository';
import { enrolKiosk } from '../../back-office/server/work/kiosks';
import { setStatus } from '../../back-office/server/work/set-status';
import { openTestDatabase, postgresServer, sayPostgresSkipped, testPglite } from './back-office-db';
import { startFaultProxy } from './fault-proxy';
import {
  itemArrivals,
  startReferenceReceiver,
  type Arrival,
  type ReceiverOptions,
} from './reference-receiver';

export interface TargetSubmission {
  id: string;
  kind: string;
  kioskId: string;
  body: Record<string, unknown>;
  deliveries: number;
}

export interface BackOfficeTarget {
  readonly name: TargetName;
  /** The kiosk's `backOffice.endpoint`. */
  readonly url: string;
  readonly arrivals: Arrival[];
  /** Arrivals answered `accepted` so far (synchronous: fault scripts read it). */
  accepted(): number;
  setFault(f: ReceiverOptions['fault']): void;
  setOutages(o: { fromMs: number; toMs: number }[]): void;
  submission(id: string): Promise<TargetSubmission | undefined>;
  /** Every stored submission, in the order received. */
  submissions(): Promise<TargetSubmission[]>;
  storedIds(): Promise<Set<string>>;
  setStatus(
    id: string,
    status: SubmissionStatus,
    extra?: { note?: string; verdict?: Verdict },
  ): Promise<StatusChange>;
  statusChanges(): Promise<StatusChange[]>;
  heartbeats(): Promise<{ kioskId: string; body: Record<string, unknown> }[]>;
  close(): Promise<void>;
}

export type TargetName =
  'reference receiver' | 'back office on PGlite' | 'back office on PostgreSQL';

export interface TargetFactory {
  name: TargetName;
  /** Why it cannot run here (printed), else null. */
  skip: string | null;
  start(opts: ReceiverOptions): Promise<BackOfficeTarget>;
}

const countAccepted = (arrivals: Arrival[]) =>
  itemArrivals(arrivals).filter((a) => a.outcome.startsWith('accepted')).length;

async function referenceTarget(opts: ReceiverOptions): Promise<BackOfficeTarget> {
  const r = await startReferenceReceiver(opts);
  return {
    name: 'reference receiver',
    url: r.url,
    arrivals: r.arrivals,
    accepted: () => r.submissions.size,
    setFault: (f) => r.setFault(f),
    setOutages: (o) => r.setOutages(o),
    submission: async (id) => r.submissions.get(id),
    submissions: async () => [...r.submissions.values()],
    storedIds: async () => new Set(r.submissions.keys()),
    setStatus: async (id, status, extra) => r.setStatus(id, status, extra),
    statusChanges: async () => [...r.statusChanges()],
    heartbeats: async () => r.heartbeats.map((h) => ({ kioskId: h.kioskId, body: h.body })),
    close: () => r.close(),
  };
}

async function realTarget(
  engine: 'pglite' | 'postgresql',
  opts: ReceiverOptions,
): Promise<BackOfficeTarget> {
  const now = opts.now ?? (() => Date.now());
  const log = createMemoryLogger();
  const tdb = await openTestDatabase(engine);
  const db = tdb.db;
  for (const [kioskId, secret] of Object.entries(opts.kiosks))
    await enrolKiosk(db, { kioskId, secret, actor: 'test', now: new Date(now()).toISOString() });
  const service = await startBackOffice({
    db,
    rules: loadCenterRules(null, log),
    log,
    now,
    maxSkewSeconds: opts.maxSkewSeconds,
    jobTickMs: false,
  });
  const proxy = await startFaultProxy({
    target: service.url,
    now,
    fault: opts.fault,
    outages: opts.outages,
    ...(opts.batches === false ? { batches: false } : {}),
  });
  const toTarget = (s: StoredSubmission | null): TargetSubmission | undefined =>
    s
      ? { id: s.id, kind: s.kind, kioskId: s.kioskId, body: s.body, deliveries: s.deliveries }
      : undefined;
  const everySubmission = () => listSubmissions(db, { limit: 1_000_000 });
  return {
    name: engine === 'pglite' ? 'back office on PGlite' : 'back office on PostgreSQL',
    url: `${proxy.url}/kiosk-api`,
    arrivals: proxy.arrivals,
    accepted: () => countAccepted(proxy.arrivals),
    setFault: (f) => proxy.setFault(f),
    setOutages: (o) => proxy.setOutages(o),
    submission: async (id) => toTarget(await getSubmission(db, id)),
    submissions: async () => (await everySubmission()).map((s) => toTarget(s) as TargetSubmission),
    storedIds: async () => new Set((await everySubmission()).map((s) => s.id)),
    async setStatus(id, status, extra) {
      if (status === 'received') throw new Error('received is set by intake');
      const out = await setStatus(db, {
        target: { submissionId: id },
        status,
        note: extra?.note ?? null,
        verdict: extra?.verdict ?? null,
        actor: 'test',
        now: new Date(now()).toISOString(),
      });
      if (!out.ok) throw new Error(`setStatus ${status}: ${out.code} ${out.message}`);
      const { seq: _s, actor: _a, ...change } = out.change;
      return change;
    },
    statusChanges: async () =>
      (await allChanges(db)).map(({ seq: _s, actor: _a, kioskId: _k, ...c }) => c),
    heartbeats: async () =>
      (await recentHeartbeats(db, { limit: 100_000 }))
        .reverse()
        .map((h) => ({ kioskId: h.kioskId, body: h.body })),
    async close() {
      await proxy.close();
      await service.close();
      await tdb.close();
    },
  };
}

/**
 * Opens what the real targets need before the tests run (PGlite takes seconds to start): call it
 * from `beforeAll` with a generous timeout.
 */
export async function warmUpTargets(): Promise<void> {
  await testPglite();
}

/** The targets every contract test runs against. */
export function backOfficeTargets(): TargetFactory[] {
  const server = postgresServer();
  if ('skip' in server) sayPostgresSkipped(server.skip);
  return [
    { name: 'reference receiver', skip: null, start: referenceTarget },
    { name: 'back office on PGlite', skip: null, start: (o) => realTarget('pglite', o) },
    {
      name: 'back office on PostgreSQL',
      skip: 'skip' in server ? server.skip : null,
      start: (o) => realTarget('postgresql', o),
    },
  ];
}
