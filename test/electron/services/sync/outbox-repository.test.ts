// The outbox SQL the delivery worker leans on: one statement per enqueue (a repeated id inserts
// nothing and says so), the due items read with their bodies in one statement, and the items of
// a call marked delivered in one statement that touches exactly the ids given that were pending.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../../electron/services/logger';
import type { KioskDatabase } from '../../../../electron/services/storage/database';
import { all, run } from '../../../../electron/services/storage/sql';
import {
  DuplicateEnvelopeError,
  dueItems,
  insertEnvelope,
  markDead,
  markDelivered,
  stateOf,
} from '../../../../electron/services/sync/outbox-repository';
import { openTestDb, tempDir } from '../../../support/sync-harness';

const T0 = Date.parse('2026-03-02T01:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const ids = ['a', 'b', 'c', 'd', 'e'].map((c) => `0000000${c}-0000-4000-8000-000000000000`);
const body = (n: number) => JSON.stringify({ n });

const opened: { db: KioskDatabase; dir: string }[] = [];
afterEach(async () => {
  for (const { db, dir } of opened.splice(0)) {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function outboxWith(dueAt: number[]): Promise<KioskDatabase> {
  const dir = tempDir('kiosk-outbox-');
  const db = await openTestDb(dir);
  opened.push({ db, dir });
  await db.write((tx) => {
    dueAt.forEach((at, i) =>
      insertEnvelope(tx, { id: ids[i] as string, kind: 'request', body: body(i) }, iso(T0), at),
    );
  });
  return db;
}

describe('the outbox repository', () => {
  it('refuses an id already queued, whatever its state, and leaves the queued one as it was', async () => {
    const db = await outboxWith([T0, T0]);
    await db.write((tx) => markDelivered(tx, JSON.stringify([ids[1]]), iso(T0), iso(T0)));
    for (const [i, state] of [
      [0, 'pending'],
      [1, 'delivered'],
    ] as const) {
      const id = ids[i] as string;
      await expect(
        db.write((tx) => insertEnvelope(tx, { id, kind: 'rating', body: '{}' }, iso(T0 + 1), T0)),
      ).rejects.toBeInstanceOf(DuplicateEnvelopeError);
      const rows = db.read((d) =>
        all<{ kind: string; state: string; created_at: string }>(
          d,
          'SELECT kind, state, created_at FROM outbox WHERE id = ?',
          [id],
        ),
      );
      expect(rows).toEqual([{ kind: 'request', state, created_at: iso(T0) }]);
    }
  });

  it('reads the due items with their bodies, oldest due first, skipping those held', async () => {
    const db = await outboxWith([T0 + 30, T0 + 10, T0 + 20, T0 + 500, T0 + 10]);
    await db.write((tx) => markDead(tx, ids[4] as string, iso(T0), 'refused', iso(T0)));
    const due = db.read((d) => dueItems(d, T0 + 100, 10, new Set()));
    expect(due.map((i) => i.id)).toEqual([ids[1], ids[2], ids[0]]);
    expect(due[0]).toEqual({
      id: ids[1],
      kind: 'request',
      body: body(1),
      createdAt: iso(T0),
      attempts: 0,
    });
    // Held items do not count against the limit.
    const held = new Set([ids[1] as string]);
    expect(db.read((d) => dueItems(d, T0 + 100, 2, held)).map((i) => i.id)).toEqual([
      ids[2],
      ids[0],
    ]);
    expect(db.read((d) => dueItems(d, T0 + 100, 1, new Set())).map((i) => i.id)).toEqual([ids[1]]);
  });

  it('marks delivered exactly the pending items among the ids given, in one statement', async () => {
    const db = await outboxWith([T0, T0, T0, T0, T0]);
    await db.write((tx) => {
      markDead(tx, ids[2] as string, iso(T0), 'refused', iso(T0));
      run(tx, 'UPDATE outbox SET attempts = 3 WHERE id = ?', [ids[0] as string]);
    });
    const unknown = 'ffffffff-0000-4000-8000-000000000000';
    const marked = await db.write((tx) =>
      markDelivered(
        tx,
        JSON.stringify([ids[0], ids[2], ids[3], unknown]),
        iso(T0 + 5),
        iso(T0 + 9),
      ),
    );
    // The dead letter and the unknown id are not touched; b and e were not in the call.
    expect(new Set(marked)).toEqual(new Set([ids[0], ids[3]]));
    expect(ids.map((id) => db.read((d) => stateOf(d, id)))).toEqual([
      'delivered',
      'pending',
      'dead',
      'delivered',
      'pending',
    ]);
    const a = db.read((d) =>
      all(
        d,
        `SELECT body, attempts, delivered_at, last_attempt_at, last_error FROM outbox
         WHERE id = ?`,
        [ids[0] as string],
      ),
    );
    expect(a).toEqual([
      {
        body: null,
        attempts: 4,
        delivered_at: iso(T0 + 9),
        last_attempt_at: iso(T0 + 5),
        last_error: null,
      },
    ]);
    // A repeat (the reply to a resend) finds them delivered already: nothing is marked again.
    expect(
      await db.write((tx) =>
        markDelivered(tx, JSON.stringify([ids[0], ids[3]]), iso(T0 + 20), iso(T0 + 20)),
      ),
    ).toEqual([]);
  });

  it('replays the one-statement delivery from its journal after a restart', async () => {
    const dir = tempDir('kiosk-outbox-');
    const log = createMemoryLogger();
    let db = await openTestDb(dir, log);
    await db.write((tx) => {
      for (const [i, id] of ids.entries())
        insertEnvelope(tx, { id, kind: 'request', body: body(i) }, iso(T0), T0);
    });
    await db.write((tx) =>
      markDelivered(tx, JSON.stringify([ids[1], ids[3]]), iso(T0 + 5), iso(T0 + 9)),
    );
    // Journaled as its statements (not as a whole snapshot), so reopening replays them.
    expect(log.lines.filter((l) => l.event === 'storage.whole_commit')).toEqual([]);
    await db.close();
    db = await openTestDb(dir);
    opened.push({ db, dir });
    expect(ids.map((id) => db.read((d) => stateOf(d, id)))).toEqual([
      'pending',
      'delivered',
      'pending',
      'delivered',
      'pending',
    ]);
  });
});
