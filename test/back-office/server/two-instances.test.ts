// Two instances of the back office on one PostgreSQL behave as one: they migrate it once and make
// one admin token, store each submission once whichever instance gets it (even both at once),
// refuse a call replayed to the other instance, keep every kiosk's status feed whole and in order
// while both write it, let one of two simultaneous status changes win, and run each periodic job
// once. Everything they share is in the database; nothing is held in either process.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../electron/services/logger';
import type { HttpRequest, HttpTransport } from '../../../electron/services/sync/transport';
import { nodeHttpTransport } from '../../../electron/services/sync/transport';
import { createBackOfficeClient } from '../../../electron/services/sync/client';
import { startBackOffice, type RunningBackOffice } from '../../../back-office/server/app';
import type { Database } from '../../../back-office/server/db/database';
import { prepareDatabase } from '../../../back-office/server/db/open';
import { MIGRATIONS } from '../../../back-office/server/db/migrations/index';
import { openPostgres } from '../../../back-office/server/db/postgres';
import { loadCenterRules } from '../../../back-office/server/intake/center-rules';
import { insertAdminToken } from '../../../back-office/server/repositories/admin-token-repository';
import { listJobs } from '../../../back-office/server/repositories/job-repository';
import { allChanges } from '../../../back-office/server/repositories/status-change-repository';
import { listSubmissions } from '../../../back-office/server/repositories/submission-repository';
import { enrolKiosk } from '../../../back-office/server/work/kiosks';
import {
  freshPostgresDatabase,
  postgresServer,
  sayPostgresSkipped,
} from '../../support/back-office-db';
import { rawCall, signal, signedPost, wire } from './harness';

const server = postgresServer();
if ('skip' in server) sayPostgresSkipped(server.skip);

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const TOKEN = `bo_two_${'x'.repeat(32)}`;

describe.skipIf('skip' in server)('two instances on one PostgreSQL', () => {
  it('behave as one', { timeout: 240_000 }, async () => {
    const fresh = await freshPostgresDatabase((server as { url: string }).url);
    cleanup.push(() => fresh.drop());
    const log = createMemoryLogger();
    const dbs: Database[] = [];
    for (let i = 0; i < 2; i++) {
      const db = await openPostgres({ url: fresh.url, log, poolSize: 8 });
      dbs.push(db);
      cleanup.push(() => db.close());
    }
    const [db1, db2] = dbs as [Database, Database];
    // Started together: one migration, one first admin token.
    const prepared = await Promise.all(
      dbs.map((db) => prepareDatabase(db, new Date().toISOString())),
    );
    // One instance applies every migration, the other none.
    expect(prepared.map((p) => p.applied.length).sort()).toEqual([0, MIGRATIONS.length]);
    expect(prepared.filter((p) => p.adminToken !== null)).toHaveLength(1);
    await insertAdminToken(db1, TOKEN, 'two', new Date().toISOString());

    const rules = loadCenterRules(null, log);
    const instances: RunningBackOffice[] = [];
    for (const [i, db] of dbs.entries()) {
      const s = await startBackOffice({
        db,
        rules,
        log,
        jobTickMs: false,
        instance: `instance-${i + 1}`,
      });
      instances.push(s);
      cleanup.push(() => s.close());
    }
    const [a, b] = instances as [RunningBackOffice, RunningBackOffice];
    const enrolled = await enrolKiosk(db1, {
      kioskId: 'DQ01',
      actor: 'test',
      now: new Date().toISOString(),
    });
    if (!enrolled.ok) throw new Error('enrol');
    const sent: HttpRequest[] = [];
    const transport = nodeHttpTransport({ maxSockets: 16 });
    const recording: HttpTransport = (req) => {
      sent.push(req);
      return transport(req);
    };
    const client = (s: RunningBackOffice) =>
      createBackOfficeClient({
        endpoint: s.kioskEndpoint,
        kioskId: 'DQ01',
        secret: enrolled.kioskSecret,
        transport: recording,
        now: () => Date.now(),
        timeoutMs: 30_000,
      });
    const [ca, cb] = [client(a), client(b)];

    // Each submission to both instances at the same moment: one stores it, the other answers
    // that it already has it.
    const items = Array.from({ length: 120 }, (_, i) => wire(i));
    for (let i = 0; i < items.length; i += 6)
      await Promise.all(
        items.slice(i, i + 6).map(async (item) => {
          const [ra, rb] = await Promise.all([ca.submit(item, signal), cb.submit(item, signal)]);
          const statuses = [ra, rb].map((r) => (r.type === 'ok' ? r.status : r.type)).sort();
          expect(statuses).toEqual([200, 201]);
        }),
      );
    const stored = await listSubmissions(db2, { limit: 10_000 });
    expect(stored).toHaveLength(items.length);
    expect(new Set(stored.map((s) => s.id))).toEqual(new Set(items.map((x) => x.id)));
    expect(stored.every((s) => s.deliveries === 2)).toBe(true);
    const received = (await allChanges(db1)).filter((c) => c.status === 'received');
    expect(received).toHaveLength(items.length);

    // A call accepted by one instance, replayed byte for byte to the other: refused.
    const one = wire(500);
    expect(await ca.submit(one, signal)).toMatchObject({ type: 'ok', status: 201 });
    const call = sent.at(-1) as HttpRequest;
    const replayed = await rawCall(call.url.replace(a.url, b.url), {
      headers: call.headers,
      body: call.body,
    });
    expect(replayed).toMatchObject({ status: 401, code: 'replayed' });

    // Status changes written through both instances while the kiosk pulls from both: every change
    // arrives once and in order; none is skipped by a cursor that ran ahead of a slower writer.
    const admin = (s: RunningBackOffice, ticket: string, status: string) =>
      fetch(`${s.url}/admin/v1/requests/${ticket}/status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status }),
      }).then((r) => r.status);
    const requests = items.filter((x) => x.kind === 'request');
    let cursor: string | null = null;
    const seen: string[] = [];
    let writing = true;
    const pulls = (async () => {
      for (let i = 0; writing || i < 2; i++) {
        const page = await (i % 2 ? cb : ca).pullStatusChanges(cursor, 7, signal);
        if (page.type !== 'ok') throw new Error(`pull: ${JSON.stringify(page)}`);
        const p = page.json as {
          changes: { changeId: string }[];
          nextCursor: string;
          hasMore: boolean;
        };
        seen.push(...p.changes.map((c) => c.changeId));
        cursor = p.nextCursor;
        if (!writing && !p.hasMore && i > 0) break;
      }
    })();
    const writes = await Promise.all(
      requests.flatMap((r, i) => [
        admin(i % 2 ? a : b, r.body.ticket as string, 'accepted'),
        admin(i % 2 ? b : a, r.body.ticket as string, 'in-progress'),
      ]),
    );
    writing = false;
    await pulls;
    // Both orders of accepted / in-progress are allowed (a desk may skip a step): each of the
    // pair either applied or was told it no longer fits.
    expect(writes.every((s) => s === 200 || s === 409)).toBe(true);
    expect(writes.filter((s) => s === 200).length).toBeGreaterThanOrEqual(requests.length);
    for (;;) {
      const page = await ca.pullStatusChanges(cursor, 1000, signal);
      const p = (
        page as { json: { changes: { changeId: string }[]; nextCursor: string; hasMore: boolean } }
      ).json;
      seen.push(...p.changes.map((c) => c.changeId));
      cursor = p.nextCursor;
      if (!p.hasMore) break;
    }
    const all = (await allChanges(db2)).filter((c) => c.submissionId !== undefined);
    expect(seen).toEqual(all.map((c) => c.changeId));
    expect(new Set(seen).size).toBe(seen.length);

    // Two people complete the same request at once, one on each instance: one wins, the other is
    // told it is already completed.
    const target = requests[0]?.body.ticket as string;
    const [x, y] = await Promise.all([
      fetch(`${a.url}/admin/v1/requests/${target}/status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'completed' }),
      }),
      fetch(`${b.url}/admin/v1/requests/${target}/status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'completed', note: '已办结' }),
      }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const loser = (await (x.status === 409 ? x : y).json()) as { error: { message: string } };
    expect(loser.error.message).toContain('is completed');

    // Both schedulers ticking together, many times, at one moment: every job ran once.
    await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).scheduler.tick()));
    const jobs = await listJobs(db1);
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.map((j) => j.runs)).toEqual(jobs.map(() => 1));
    expect(new Set(jobs.map((j) => j.lastInstance)).size).toBeGreaterThanOrEqual(1);
  });

  it('store batches as one', { timeout: 120_000 }, async () => {
    const fresh = await freshPostgresDatabase((server as { url: string }).url);
    cleanup.push(() => fresh.drop());
    const log = createMemoryLogger();
    const rules = loadCenterRules(null, log);
    const instances: RunningBackOffice[] = [];
    let db: Database | null = null;
    for (let i = 0; i < 2; i++) {
      const d = await openPostgres({ url: fresh.url, log, poolSize: 6 });
      cleanup.push(() => d.close());
      await prepareDatabase(d, new Date().toISOString());
      db ??= d;
      const s = await startBackOffice({ db: d, rules, log, jobTickMs: false });
      cleanup.push(() => s.close());
      instances.push(s);
    }
    const [a, b] = instances as [RunningBackOffice, RunningBackOffice];
    const one = db as Database;
    const enrolled = await enrolKiosk(one, {
      kioskId: 'DQ01',
      actor: 'test',
      now: new Date().toISOString(),
    });
    if (!enrolled.ok) throw new Error('enrol');
    const k = { kioskId: 'DQ01', secret: enrolled.kioskSecret };
    const send = (s: RunningBackOffice, items: unknown[]) =>
      signedPost(
        s.kioskEndpoint,
        'v1/submission-batches',
        k,
        JSON.stringify({ submissions: items }),
        null,
        Date.now(),
      );
    // Every item in two batches, one to each instance, all sent at once, in opposite orders: each
    // item stored once, the other answered duplicate; the kiosk's feed numbered without a gap.
    const items = Array.from({ length: 96 }, (_, i) => wire(i));
    const batches = Array.from({ length: 12 }, (_, i) => items.slice(i * 8, i * 8 + 8));
    const calls = batches.flatMap((batch, i) => [
      rawCall(...send(i % 2 ? a : b, batch)),
      rawCall(...send(i % 2 ? b : a, [...batch].reverse())),
    ]);
    const replies = await Promise.all(calls);
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    const results = replies.flatMap(
      (r) => (JSON.parse(r.text) as { results: { result: string }[] }).results,
    );
    expect(results.filter((x) => x.result === 'accepted')).toHaveLength(items.length);
    expect(results.filter((x) => x.result === 'duplicate')).toHaveLength(items.length);
    const stored = await listSubmissions(one, { limit: 10_000 });
    expect(stored).toHaveLength(items.length);
    expect(stored.every((s) => s.deliveries === 2)).toBe(true);
    const changes = await allChanges(one);
    expect(changes.map((c) => c.seq)).toEqual(changes.map((_, i) => i + 1));
    expect(new Set(changes.map((c) => c.submissionId))).toEqual(new Set(items.map((x) => x.id)));
    // A batch accepted by one instance, replayed byte for byte to the other: refused.
    const call = send(a, [wire(200)]);
    expect((await rawCall(...call)).status).toBe(200);
    const replayed = await rawCall(call[0].replace(a.url, b.url), call[1]);
    expect(replayed).toMatchObject({ status: 401, code: 'replayed' });
  });
});
