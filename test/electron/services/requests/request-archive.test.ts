// The request archive: closed requests past `retention.archiveAfterDays` (and purged) leave the hot
// database for a monthly archive file, tracking still answers with their status, the dashboard's
// sums still count them (also when rebuilt), the archive's own retention deletes them for good,
// files left by an interrupted run are deleted, a request that changes during a run stays hot, and
// a month's requests are copied a few at a time, the event loop free between the steps.
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Database as SqlDatabase } from 'sql.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  catalogLabels,
  computeFigures,
} from '../../../../electron/services/dashboard/dashboard-figures';
import { createMemoryLogger } from '../../../../electron/services/logger';
import {
  archiveFiles,
  type RequestRows,
} from '../../../../electron/services/requests/archive-repository';
import {
  archiveRequests,
  type ArchiveDeps,
} from '../../../../electron/services/requests/request-archive';
import type { KioskDatabase } from '../../../../electron/services/storage/database';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations/index';
import { all, run, scalar } from '../../../../electron/services/storage/sql';
import { nodeStorageFs } from '../../../../electron/services/storage/storage-fs';
import { loadSqlJs } from '../../../../electron/services/storage/sqljs';
import { startHarness, startupArgs, type Harness } from '../../../support/kiosk-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const CONFIG = { retention: { personalDataDays: 30, archiveAfterDays: 60, archiveKeepDays: 400 } };

async function close(harness: Harness, id: string, status: 'completed' | 'cancelled', n: number) {
  await harness.k.db.write((tx) =>
    harness.k.requests.applyStatus(tx, {
      requestId: id,
      status,
      at: harness.clock.now.toISOString(),
      note: null,
      verdict: null,
      source: 'back-office',
      staffId: null,
      changeId: `close-${n}`,
    }),
  );
}

function figures(harness: Harness) {
  return harness.k.db.read((d) =>
    computeFigures(d, {
      from: '2025-06-01',
      to: '2025-06-30',
      asOf: '2025-06-30',
      timeZone: 'Asia/Shanghai',
      now: harness.clock.now,
      labels: catalogLabels(harness.k.catalog),
      searchMissMinCount: 3,
      healthSampleMinutes: 10,
    }),
  );
}

const hotTickets = (harness: Harness) =>
  harness.k.db.read((d) =>
    all<{ ticket: string }>(d, 'SELECT ticket FROM requests ORDER BY ticket').map((r) => r.ticket),
  );

/** Reads a named archive file as the kiosk does, checking its recorded length and crc32. */
/** The archive's settings the tests run it with: due after 60 days, kept 400. */
const archiveDepsOf = (harness: Harness, db: KioskDatabase): ArchiveDeps => ({
  db,
  dir: path.join(harness.dir, 'archive'),
  migrations: MIGRATIONS,
  log: createMemoryLogger(),
  now: () => harness.clock.now,
  afterDays: 60,
  keepDays: 400,
});

async function archivedInFile(harness: Harness): Promise<Record<string, string[]>> {
  const SQL = await loadSqlJs();
  const out: Record<string, string[]> = {};
  for (const f of harness.k.db.read((d) => archiveFiles(d))) {
    const bytes = fs.readFileSync(path.join(harness.dir, 'archive', f.file));
    expect(bytes.byteLength).toBe(f.bytes);
    expect(crc32(bytes)).toBe(f.crc);
    const db = new SQL.Database(bytes);
    out[f.month] = all<{ ticket: string }>(db, 'SELECT ticket FROM requests ORDER BY ticket').map(
      (r) => r.ticket,
    );
    expect(scalar(db, 'SELECT COUNT(*) FROM request_events')).toBeGreaterThan(0);
    db.close();
  }
  return out;
}

describe('the request archive', () => {
  it('moves closed, purged requests past the age out of the hot database and keeps them reachable', async () => {
    h = await startHarness({ config: CONFIG });
    const a = await h.call('requestSubmit', startupArgs());
    const b = await h.call('requestSubmit', startupArgs());
    const open = await h.call('requestSubmit', startupArgs());
    h.clock.advanceDays(1);
    await close(h, a.id, 'completed', 1);
    await close(h, b.id, 'cancelled', 2);
    const before = figures(h);
    expect(before.requests.total).toBe(3);

    // 40 days after closing: purged, not yet archived.
    h.clock.advanceDays(40);
    await h.k.requests.maintain();
    expect(hotTickets(h)).toHaveLength(3);

    // 61 days after closing: archived.
    h.clock.advanceDays(21);
    const out = await h.k.requests.archive();
    expect(out).toMatchObject({ archived: 2, deleted: 0, skipped: [] });
    expect(hotTickets(h)).toEqual([open.ticket]);
    expect(await archivedInFile(h)).toEqual({ '2025-06': [a.ticket, b.ticket].sort() });
    // Only the named file is in the directory.
    expect(fs.readdirSync(path.join(h.dir, 'archive'))).toEqual(
      h.k.db.read((d) => archiveFiles(d).map((f) => f.file)),
    );
    // The hot database holds nothing of them but the stand-in: no timeline either.
    expect(
      h.k.db.read((d) =>
        scalar(d, 'SELECT COUNT(*) FROM request_events WHERE request_id = ?', [a.id]),
      ),
    ).toBe(0);

    // Tracking still answers, with the status only, for anyone.
    const t = await h.call('requestTrack', { ticket: a.ticket });
    expect(t).toMatchObject({
      ticket: a.ticket,
      status: 'completed',
      level: 'status',
      timeline: [],
    });
    expect(t.archivedAt).not.toBeNull();
    const withCode = await h.call('requestTrack', { ticket: b.ticket, code: '123456' });
    expect(withCode).toMatchObject({ status: 'cancelled', level: 'status' });
    h.as({ audience: 'staff', staff: { id: 'G1', role: 'guide' } });
    expect(await h.call('requestTrack', { ticket: a.ticket })).toMatchObject({
      status: 'completed',
    });
    const nothing = await h.outcome('requestTrack', { ticket: 'DQ01-20250611-0099' });
    expect(nothing.ok).toBe(false);

    // The dashboard counts them as before, also after its sums are rebuilt from the rows.
    const after = figures(h);
    expect(after.requests).toEqual(before.requests);
    expect(after.promises).toEqual(before.promises);
    await h.k.db.write((tx) =>
      run(tx, 'UPDATE dash_zone SET offset_minutes = 0, modifier = ?', ['+0 minutes']),
    );
    expect(await h.k.dashboard.syncSummaries()).toBe('all-rebuilt');
    expect(figures(h).requests).toEqual(before.requests);
    expect(figures(h).promises).toEqual(before.promises);

    // A second run finds nothing to do.
    expect(await h.k.requests.archive()).toMatchObject({ archived: 0, deleted: 0 });

    // Past the archive's retention: deleted for good, stand-ins and file too; the sums stay.
    h.clock.advanceDays(400);
    expect(await h.k.requests.archive()).toMatchObject({ deleted: 2 });
    expect(await archivedInFile(h)).toEqual({});
    expect(fs.readdirSync(path.join(h.dir, 'archive'))).toEqual([]);
    expect(h.k.db.read((d) => scalar(d, 'SELECT COUNT(*) FROM archived_requests'))).toBe(0);
    expect((await h.outcome('requestTrack', { ticket: a.ticket })).ok).toBe(false);
    expect(figures(h).requests.total).toBe(3);
  });

  it('never archives an open request, one still holding personal data, or one with an open 回访', async () => {
    h = await startHarness({ config: CONFIG });
    const open = await h.call('requestSubmit', startupArgs());
    const closed = await h.call('requestSubmit', startupArgs());
    h.clock.advanceDays(1);
    await close(h, closed.id, 'completed', 1);
    h.clock.advanceDays(100);
    // The purge has not run: personal data still there, so not archived.
    expect(await h.k.requests.archive()).toMatchObject({ archived: 0 });
    await h.k.db.write((tx) =>
      run(
        tx,
        `INSERT INTO follow_ups (id, rating_id, request_id, ticket, board, occasion, level, opened_at)
         VALUES ('f1', 'r1', ?, ?, 'x', 'completion', 'unsatisfied', ?)`,
        [closed.id, closed.ticket, h?.clock.now.toISOString() ?? ''],
      ),
    );
    await h.k.requests.purgePersonalData();
    expect(await h.k.requests.archive()).toMatchObject({ archived: 0 });
    await h.k.db.write((tx) => run(tx, "UPDATE follow_ups SET state = 'closed'"));
    expect(await h.k.requests.archive()).toMatchObject({ archived: 1 });
    expect(hotTickets(h)).toEqual([open.ticket]);
  });

  it('adds to a month’s file under a new name and deletes leftovers of an interrupted run', async () => {
    h = await startHarness({ config: CONFIG });
    const a = await h.call('requestSubmit', startupArgs());
    const b = await h.call('requestSubmit', startupArgs());
    h.clock.advanceDays(1);
    await close(h, a.id, 'completed', 1);
    h.clock.advanceDays(2);
    await close(h, b.id, 'completed', 2);
    // Only the first is old enough on this run.
    h.clock.advanceDays(59);
    await h.k.requests.purgePersonalData();
    expect(await h.k.requests.archive()).toMatchObject({ archived: 1 });
    const first = h.k.db.read((d) => archiveFiles(d))[0]?.file;
    // What a killed run leaves: a temp file and a whole file the hot database never named.
    const dir = path.join(h.dir, 'archive');
    fs.writeFileSync(path.join(dir, 'requests-2025-06.000009.db'), 'left over');
    fs.writeFileSync(path.join(dir, 'requests-2025-06.000010.db.tmp'), 'torn');
    h.clock.advanceDays(3);
    await h.k.requests.purgePersonalData();
    expect(await h.k.requests.archive()).toMatchObject({ archived: 1, leftovers: 2 });
    const files = h.k.db.read((d) => archiveFiles(d));
    expect(files).toHaveLength(1);
    expect(files[0]?.file).not.toBe(first);
    expect(files[0]?.requests).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([files[0]?.file]);
    expect(await archivedInFile(h)).toEqual({ '2025-06': [a.ticket, b.ticket].sort() });
  });

  it('leaves a request hot when it changes while its month is being written', async () => {
    h = await startHarness({ config: CONFIG });
    const harness = h;
    const a = await h.call('requestSubmit', startupArgs());
    h.clock.advanceDays(1);
    await close(h, a.id, 'completed', 1);
    h.clock.advanceDays(61);
    await h.k.requests.purgePersonalData();
    let changed = false;
    const out = await archiveRequests({
      db: h.k.db,
      dir: path.join(h.dir, 'archive'),
      migrations: MIGRATIONS,
      log: createMemoryLogger(),
      now: () => harness.clock.now,
      afterDays: 60,
      keepDays: 400,
      fsx: {
        ...nodeStorageFs,
        async writeFileSynced(file, bytes) {
          await nodeStorageFs.writeFileSynced(file, bytes);
          if (changed) return;
          changed = true;
          // A 回访 verdict lands between the copy and the switch.
          await harness.k.db.write((tx) =>
            run(
              tx,
              `INSERT INTO request_events (request_id, at, status, source) VALUES (?, ?, 'follow-up', 'guide')`,
              [a.id, harness.clock.now.toISOString()],
            ),
          );
        },
      },
    });
    expect(out).toMatchObject({ archived: 0, skipped: [{ month: '2025-06' }] });
    expect(hotTickets(h)).toEqual([a.ticket]);
    expect(h.k.db.read((d) => archiveFiles(d))).toEqual([]);
    expect(fs.readdirSync(path.join(h.dir, 'archive'))).toEqual([]);
    // The next run archives it, with the new timeline entry.
    expect(await h.k.requests.archive()).toMatchObject({ archived: 1 });
    expect(hotTickets(h)).toEqual([]);
  });

  it('chooses what is due a month at a time, the event loop turning between the months', async () => {
    h = await startHarness({ config: CONFIG });
    const harness = h;
    // Two requests closed in June, one in July.
    const june = [await h.call('requestSubmit', startupArgs())];
    june.push(await h.call('requestSubmit', startupArgs()));
    h.clock.advanceDays(1);
    for (const [n, r] of june.entries()) await close(h, r.id, 'completed', n);
    h.clock.advanceDays(30);
    const july = await h.call('requestSubmit', startupArgs());
    await close(h, july.id, 'completed', 3);
    h.clock.advanceDays(61);
    await h.k.requests.purgePersonalData();
    let turns = 0;
    let on = true;
    const spin = () => {
      turns++;
      if (on) setImmediate(spin);
    };
    setImmediate(spin);
    // Each read that returned request ids (what is due), with the turn it was made in.
    const chosen: [number, number][] = [];
    const ids = new Set([...june, july].map((r) => r.id));
    const db: KioskDatabase = {
      ...h.k.db,
      read<T>(fn: (d: SqlDatabase) => T): T {
        const out = harness.k.db.read(fn);
        const values =
          out instanceof Map ? [...(out as Map<string, unknown>).values()].flat() : out;
        if (Array.isArray(values) && values.length > 0 && values.every((v) => ids.has(v as string)))
          chosen.push([turns, values.length]);
        return out;
      },
    };
    const out = await archiveRequests(archiveDepsOf(harness, db));
    on = false;
    expect(out).toMatchObject({ archived: 3, skipped: [] });
    expect(Object.keys(await archivedInFile(h))).toEqual(['2025-06', '2025-07']);
    // June's two, then July's one, in a later turn (before, all three in one read).
    expect(chosen.map(([, n]) => n)).toEqual([2, 1]);
    expect((chosen[1] as [number, number])[0]).toBeGreaterThan((chosen[0] as [number, number])[0]);
  });

  describe('a month of many requests', () => {
    /** Five requests closed the same day, purged and past the age: one month of five. */
    async function fiveDue(harness: Harness): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await harness.call('requestSubmit', startupArgs())).id);
      harness.clock.advanceDays(1);
      for (const [n, id] of ids.entries()) await close(harness, id, 'completed', n);
      harness.clock.advanceDays(61);
      await harness.k.requests.purgePersonalData();
      return ids;
    }

    /** The turns of the event loop, counted by an immediate that schedules itself again. */
    function countTurns() {
      const t = { turns: 0, on: true };
      const spin = () => {
        t.turns++;
        if (t.on) setImmediate(spin);
      };
      setImmediate(spin);
      return t;
    }

    /** The hot database, noting how many requests' rows each read returned, and at which turn. */
    function watchedDb(db: KioskDatabase, t: { turns: number }, reads: [number, number][]) {
      return {
        ...db,
        read<T>(fn: (d: SqlDatabase) => T): T {
          const out = db.read(fn);
          const rows = Array.isArray(out) ? (out as unknown[]) : [];
          if (rows.length > 0 && (rows[0] as Partial<RequestRows>).request !== undefined)
            reads.push([t.turns, rows.length]);
          return out;
        },
      } as KioskDatabase;
    }

    const depsOf = (harness: Harness, db: KioskDatabase): ArchiveDeps => ({
      ...archiveDepsOf(harness, db),
      copyStep: 2,
    });

    it('copies them a step at a time, the event loop turning between the steps', async () => {
      h = await startHarness({ config: CONFIG });
      const ids = await fiveDue(h);
      const t = countTurns();
      // Each read of requests' rows, with the turn of the loop it was made in.
      const reads: [number, number][] = [];
      const out = await archiveRequests(depsOf(h, watchedDb(h.k.db, t, reads)));
      t.on = false;
      expect(out).toMatchObject({ archived: 5, skipped: [] });
      expect(hotTickets(h)).toEqual([]);
      expect(Object.values(await archivedInFile(h))[0]).toHaveLength(ids.length);
      // No turn of the loop copied more than a step's requests (before, all five in one).
      const perTurn = new Map<number, number>();
      for (const [turn, n] of reads) perTurn.set(turn, (perTurn.get(turn) ?? 0) + n);
      expect([...perTurn.values()].sort()).toEqual([1, 2, 2]);
    });

    it('moves them a piece at a time, each piece its own switch and version of the file', async () => {
      h = await startHarness({ config: CONFIG });
      const harness = h;
      const ids = await fiveDue(h);
      const hot = () =>
        harness.k.db.read((d) => scalar<number>(d, 'SELECT COUNT(*) FROM requests') ?? 0);
      // How many requests each hot transaction of the run moved out.
      const movedPerWrite: number[] = [];
      const db: KioskDatabase = {
        ...h.k.db,
        async write<T>(fn: (d: SqlDatabase) => T): Promise<T> {
          const before = hot();
          const out = await harness.k.db.write(fn);
          movedPerWrite.push(before - hot());
          return out;
        },
      };
      const out = await archiveRequests({ ...depsOf(h, db), switchStep: 2 });
      expect(out).toMatchObject({ archived: 5, skipped: [] });
      // Before, one transaction moved all five.
      expect(movedPerWrite).toEqual([2, 2, 1]);
      expect(hotTickets(h)).toEqual([]);
      // One file named, holding all five; the versions before it deleted.
      const files = h.k.db.read((d) => archiveFiles(d));
      expect(files).toMatchObject([{ month: '2025-06', requests: 5 }]);
      expect(fs.readdirSync(path.join(h.dir, 'archive'))).toEqual([files[0]?.file]);
      expect(Object.values(await archivedInFile(h))[0]).toHaveLength(ids.length);
    });

    it('leaves the month hot when a request copied in an earlier step changes before the switch', async () => {
      h = await startHarness({ config: CONFIG });
      const harness = h;
      const ids = await fiveDue(h);
      const first = ids[0] as string;
      const t = countTurns();
      const reads: [number, number][] = [];
      const db = watchedDb(h.k.db, t, reads);
      let changed = false;
      const out = await archiveRequests({
        ...depsOf(h, {
          ...db,
          read<T>(fn: (d: SqlDatabase) => T): T {
            const r = db.read<T>(fn);
            // Once the second step is read, a 回访 verdict lands on the first step's request.
            if (reads.length === 2 && !changed) {
              changed = true;
              setImmediate(
                () =>
                  void harness.k.db.write((tx) =>
                    run(
                      tx,
                      `INSERT INTO request_events (request_id, at, status, source)
                       VALUES (?, ?, 'follow-up', 'guide')`,
                      [first, harness.clock.now.toISOString()],
                    ),
                  ),
              );
            }
            return r;
          },
        }),
      });
      t.on = false;
      expect(changed).toBe(true);
      expect(out).toMatchObject({ archived: 0, skipped: [{ month: '2025-06' }] });
      // Nothing is lost: all five still hot, no file named or left behind.
      expect(hotTickets(h)).toHaveLength(5);
      expect(h.k.db.read((d) => archiveFiles(d))).toEqual([]);
      expect(fs.readdirSync(path.join(h.dir, 'archive'))).toEqual([]);
      // The next run archives them, with the new timeline entry.
      expect(await h.k.requests.archive()).toMatchObject({ archived: 5 });
      expect(hotTickets(h)).toEqual([]);
    });
  });
});
