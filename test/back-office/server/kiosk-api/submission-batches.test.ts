// POST /v1/submission-batches on PGlite and on PostgreSQL: each item answered in the order sent
// (accepted, duplicate, or refused alone), every stored item filed and numbered in its kiosk's
// feed as if it had come alone, and a call refused as a whole storing nothing.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { batchReplySchema, type WireSubmission } from '../../../../electron/domain/sync';
import { MAX_BATCH_ITEMS } from '../../../../electron/protocol/wire';
import {
  kioskView,
  setKioskEnabled,
} from '../../../../back-office/server/repositories/kiosk-repository';
import { listFollowUps } from '../../../../back-office/server/repositories/console-repository';
import { listRequests } from '../../../../back-office/server/repositories/request-repository';
import { allChanges } from '../../../../back-office/server/repositories/status-change-repository';
import {
  getSubmission,
  listSubmissions,
} from '../../../../back-office/server/repositories/submission-repository';
import { testEngines, testPglite } from '../../../support/back-office-db';
import {
  cancelOf,
  rawCall,
  signal,
  signedPost,
  signedSubmission,
  startRig,
  wire,
  type Rig,
} from '../harness';

beforeAll(() => testPglite().then(() => undefined), 180_000);

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

type Kiosk = { kioskId: string; secret: string };

/** Signs and sends `body` (any text) as a batch; the reply parsed when it is one. */
async function sendBatch(r: Rig, k: Kiosk, body: string) {
  const [url, call] = signedPost(
    r.service.kioskEndpoint,
    'v1/submission-batches',
    k,
    body,
    null,
    r.clock.now,
  );
  const res = await rawCall(url, call);
  return { ...res, call: [url, call] as const };
}

async function batchOf(r: Rig, k: Kiosk, items: unknown[]) {
  const res = await sendBatch(r, k, JSON.stringify({ submissions: items }));
  expect(res.status, res.text).toBe(200);
  // The reply is the protocol's document.
  return { ...res, reply: batchReplySchema.parse(JSON.parse(res.text)) };
}

/** A 不满意 rating of `request` (opens a 回访 task). */
function unsatisfied(n: number, kioskId: string, request: WireSubmission | null): WireSubmission {
  const e = wire(n * 5 + 4, kioskId);
  return {
    ...e,
    body: {
      ...e.body,
      ratingId: e.id,
      ...(request ? { requestId: request.id, ticket: request.body.ticket } : {}),
      level: 'unsatisfied',
      reasons: ['等待时间长'],
      followUp: true,
    },
  };
}

/** The kiosk's feed numbered 1..n without a gap, each stored submission `received` once. */
async function expectWholeFeed(r: Rig, kioskId: string) {
  const changes = (await allChanges(r.db)).filter((c) => c.kioskId === kioskId);
  expect(changes.map((c) => c.seq)).toEqual(changes.map((_, i) => i + 1));
  const received = changes.filter((c) => c.status === 'received').map((c) => c.submissionId);
  const stored = (await listSubmissions(r.db, { kioskId, limit: 10_000 })).map((s) => s.id);
  expect([...received].sort()).toEqual([...stored].sort());
  return changes;
}

for (const { engine, skip } of testEngines())
  describe.skipIf(skip !== null)(`submission batches on ${engine}`, () => {
    it('answers each item in order: accepted, duplicate, refused alone; the others stored and filed', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk('DQ01');
      const earlier = wire(0);
      const other = wire(1);
      expect(await k.client.submit(earlier, signal)).toMatchObject({ status: 201 });
      expect(await k.client.submit(other, signal)).toMatchObject({ status: 201 });

      const request = wire(5);
      const help = wire(3);
      const rating = unsatisfied(1, 'DQ01', request);
      const invalid = { ...wire(6), kind: 'parcel' };
      const tooLarge = wire(7);
      tooLarge.body = { ...tooLarge.body, title: 'x'.repeat(70_000) };
      const conflict = { ...wire(8), id: other.id };
      const items = [
        request,
        earlier,
        invalid,
        help,
        'not an envelope',
        tooLarge,
        conflict,
        rating,
      ];
      const { reply } = await batchOf(r, k, items);
      expect(reply.results).toMatchObject([
        { id: request.id, result: 'accepted' },
        { id: earlier.id, result: 'duplicate' },
        { id: invalid.id, result: 'refused', error: { code: 'invalid-envelope' } },
        { id: help.id, result: 'accepted' },
        { id: null, result: 'refused', error: { code: 'invalid-envelope' } },
        { id: tooLarge.id, result: 'refused', error: { code: 'too-large' } },
        { id: other.id, result: 'refused', error: { code: 'conflict' } },
        { id: rating.id, result: 'accepted' },
      ]);
      const stored = await listSubmissions(r.db);
      expect(stored.map((s) => s.id).sort()).toEqual(
        [earlier.id, other.id, request.id, help.id, rating.id].sort(),
      );
      // The duplicate answers the first receipt, and counts as a delivery.
      const first = await getSubmission(r.db, earlier.id);
      expect(reply.results[1]).toMatchObject({ receivedAt: first?.receivedAt });
      expect(first?.deliveries).toBe(2);
      expect((await getSubmission(r.db, other.id))?.deliveries).toBe(1);
      // Filed as when they come alone: the request routed into its queue, the rating's 回访 task
      // linked to the request stored earlier in the same batch.
      const requests = await listRequests(r.db);
      expect(requests.find((q) => q.id === request.id)).toMatchObject({
        status: 'received',
        board: 'project',
        department: '县市场监管局',
      });
      expect(await listFollowUps(r.db, { open: true, limit: 10 })).toMatchObject([
        { ratingId: rating.id, requestId: request.id, level: 'unsatisfied', kioskId: 'DQ01' },
      ]);
      // The feed: the two single calls, then the batch's three new items in the order sent.
      const changes = await expectWholeFeed(r, 'DQ01');
      expect(changes.map((c) => c.submissionId)).toEqual([
        earlier.id,
        other.id,
        request.id,
        help.id,
        rating.id,
      ]);
      expect((await kioskView(r.db, 'DQ01'))?.lastSeenAt).not.toBeNull();
      // The kiosk pulls them as any other changes.
      const pulled = await k.client.pullStatusChanges(null, 100, signal);
      expect(pulled).toMatchObject({ type: 'ok', json: { nextCursor: 'c5', hasMore: false } });
    });

    it('links a 回访 task to its request only if the request came first, as one by one', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk();
      const before = wire(0);
      const after = wire(1);
      const first = unsatisfied(1, 'DQ01', before);
      const second = unsatisfied(2, 'DQ01', after);
      await batchOf(r, k, [before, first, second, after]);
      const tasks = await listFollowUps(r.db, { open: true, limit: 10 });
      const linked = new Map(tasks.map((t) => [t.ratingId, t.requestId]));
      expect([linked.get(first.id), linked.get(second.id)]).toEqual([before.id, null]);
    });

    it('files a batch of ratings only, or of items that file nothing, as item by item', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk();
      const request = wire(0);
      await batchOf(r, k, [request]);
      const linked = unsatisfied(1, 'DQ01', request);
      const unlinked = unsatisfied(2, 'DQ01', null);
      const ratings = await batchOf(r, k, [linked, unlinked]);
      expect(ratings.reply.results.map((x) => x.result)).toEqual(['accepted', 'accepted']);
      const tasks = await listFollowUps(r.db, { open: true, limit: 10 });
      expect(new Map(tasks.map((t) => [t.ratingId, t.requestId]))).toEqual(
        new Map([
          [linked.id, request.id],
          [unlinked.id, null],
        ]),
      );
      const nothingToFile = await batchOf(r, k, [wire(3), wire(8), wire(9)]);
      expect(nothingToFile.reply.results.map((x) => x.result)).toEqual([
        'accepted',
        'accepted',
        'accepted',
      ]);
      expect(await listFollowUps(r.db, { open: true, limit: 10 })).toHaveLength(2);
      expect(await expectWholeFeed(r, 'DQ01')).toHaveLength(6);
    });

    it('recognises a submission sent alone and then in a batch, and the other way round', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk();
      const alone = wire(0);
      const single = await k.client.submit(alone, signal);
      expect(single).toMatchObject({ status: 201 });
      const inBatch = wire(1);
      const { reply } = await batchOf(r, k, [alone, inBatch]);
      expect(reply.results.map((x) => x.result)).toEqual(['duplicate', 'accepted']);
      // A resend alone of what a batch stored: 200 duplicate with the batch's receipt time.
      const again = await signedSubmission(
        r.service.kioskEndpoint,
        k,
        JSON.stringify(inBatch),
        inBatch.id,
        r.clock.now,
      );
      expect(again.status).toBe(200);
      expect(JSON.parse(again.text)).toMatchObject({
        result: 'duplicate',
        receivedAt: (reply.results[1] as { receivedAt: string }).receivedAt,
      });
      // The same content written with other whitespace is the same submission, alone or batched.
      const spaced = await signedSubmission(
        r.service.kioskEndpoint,
        k,
        JSON.stringify(alone, null, 2),
        alone.id,
        r.clock.now,
      );
      expect(spaced.status).toBe(200);
      expect((await getSubmission(r.db, alone.id))?.deliveries).toBe(3);
      expect((await getSubmission(r.db, inBatch.id))?.deliveries).toBe(2);
      // Different content under a stored id is a conflict either way.
      const changed = { ...inBatch, createdAt: new Date(Date.now() + 1000).toISOString() };
      const { reply: second } = await batchOf(r, k, [changed]);
      expect(second.results).toMatchObject([{ result: 'refused', error: { code: 'conflict' } }]);
      expect(
        await k.client.submit({ ...alone, createdAt: changed.createdAt }, signal),
      ).toMatchObject({ type: 'refused' });
      await expectWholeFeed(r, 'DQ01');
    });

    it('refuses a replayed batch as a whole, and a disabled kiosk’s batch with 403', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk('DQ03');
      const items = [wire(0, 'DQ03'), wire(3, 'DQ03')];
      const sent = await batchOf(r, k, items);
      const replayed = await rawCall(...sent.call);
      expect(replayed).toMatchObject({ status: 401, code: 'replayed' });
      expect((await listSubmissions(r.db)).every((s) => s.deliveries === 1)).toBe(true);

      // Disabled behind this instance's back while it holds the kiosk as verified: refused at once.
      await setKioskEnabled(r.db, 'DQ03', false, new Date().toISOString());
      const later = [wire(1, 'DQ03'), wire(2, 'DQ03')];
      const refused = await sendBatch(r, k, JSON.stringify({ submissions: later }));
      expect(refused).toMatchObject({ status: 403, code: 'kiosk-disabled' });
      // Whatever it sends.
      expect(await sendBatch(r, k, '{')).toMatchObject({ status: 403, code: 'kiosk-disabled' });
      expect(await listSubmissions(r.db)).toHaveLength(2);
      expect((await kioskView(r.db, 'DQ03'))?.lastRefusedReason).toBe('kiosk-disabled');
      await setKioskEnabled(r.db, 'DQ03', true, new Date().toISOString());
      const { reply } = await batchOf(r, k, later);
      expect(reply.results.map((x) => x.result)).toEqual(['accepted', 'accepted']);
      // Another kiosk's secret: 401, nothing stored.
      const wrong = await sendBatch(
        r,
        { kioskId: 'DQ03', secret: 'x'.repeat(43) },
        JSON.stringify({ submissions: [wire(4, 'DQ03')] }),
      );
      expect(wrong).toMatchObject({ status: 401, code: 'bad-signature' });
      expect(await listSubmissions(r.db)).toHaveLength(4);
      await expectWholeFeed(r, 'DQ03');
    });

    it('refuses what is not a batch with invalid-batch, storing nothing and remembering the nonce', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk();
      const a = wire(0);
      const cases: [string, string][] = [
        ['not JSON', '{"submissions": ['],
        ['not an object', JSON.stringify([a])],
        ['no submissions', JSON.stringify({})],
        ['empty', JSON.stringify({ submissions: [] })],
        ['another key', JSON.stringify({ submissions: [a], more: 1 })],
        [
          'too many items',
          JSON.stringify({
            submissions: Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, i) => wire(i)),
          }),
        ],
        ['a repeated id', JSON.stringify({ submissions: [a, wire(3), { ...a }] })],
      ];
      for (const [what, body] of cases) {
        const res = await sendBatch(r, k, body);
        expect({ what, status: res.status, code: res.code }).toEqual({
          what,
          status: 400,
          code: 'invalid-batch',
        });
        // Its nonce is spent like any answered call's.
        expect({ what, again: (await rawCall(...res.call)).code }).toEqual({
          what,
          again: 'replayed',
        });
      }
      // Over the back office's limit a call: refused before it is read whole.
      const huge = await sendBatch(
        r,
        k,
        JSON.stringify({ submissions: [a], pad: 'x'.repeat(300 * 1024) }),
      );
      expect(huge).toMatchObject({ status: 413, code: 'too-large' });
      expect(await listSubmissions(r.db)).toEqual([]);
      // A batch whose every item is refused is still a batch: 200, each refused.
      const { reply } = await batchOf(r, k, [{ ...a, kioskId: 'DQ02' }]);
      expect(reply.results).toMatchObject([{ id: a.id, error: { code: 'invalid-envelope' } }]);
      expect(await listSubmissions(r.db)).toEqual([]);
      const wrongMethod = await rawCall(`${r.service.kioskEndpoint}/v1/submission-batches`, {
        method: 'GET',
      });
      expect(wrongMethod).toMatchObject({ status: 405 });
    });

    it('applies cancel notices in a batch whichever comes first, numbering the feed in order', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk();
      const early = wire(0);
      const late = wire(1);
      const kept = wire(2);
      expect(await k.client.submit(kept, signal)).toMatchObject({ status: 201 });
      const items = [cancelOf(early), early, late, cancelOf(late), wire(3), kept];
      const { reply } = await batchOf(r, k, items);
      expect(reply.results.map((x) => x.result)).toEqual([
        'accepted',
        'accepted',
        'accepted',
        'accepted',
        'accepted',
        'duplicate',
      ]);
      const rows = await listRequests(r.db);
      const status = new Map(rows.map((q) => [q.id, q.status]));
      expect([status.get(early.id), status.get(late.id), status.get(kept.id)]).toEqual([
        'cancelled',
        'cancelled',
        'received',
      ]);
      const changes = await expectWholeFeed(r, 'DQ01');
      expect(changes.map((c) => c.submissionId)).toEqual([
        kept.id,
        ...items.slice(0, 5).map((x) => x.id),
      ]);
      // A batch after it, without cancels, continues the numbering.
      await batchOf(r, k, [wire(5), wire(6)]);
      expect((await expectWholeFeed(r, 'DQ01')).at(-1)?.seq).toBe(8);
    });

    it('stores batches sent at once, overlapping, each item once with a whole feed', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk();
      const items = Array.from({ length: 60 }, (_, i) => wire(i));
      // Twelve batches of ten, each item in two of them, all sent together.
      const batches = Array.from({ length: 12 }, (_, b) =>
        Array.from({ length: 10 }, (_, j) => items[(b * 5 + j) % items.length]),
      );
      const replies = await Promise.all(batches.map((b) => batchOf(r, k, b)));
      const results = replies.flatMap((x) => x.reply.results);
      expect(results.filter((x) => x.result === 'accepted')).toHaveLength(items.length);
      expect(results.filter((x) => x.result === 'duplicate')).toHaveLength(items.length);
      const stored = await listSubmissions(r.db, { limit: 1000 });
      expect(stored).toHaveLength(items.length);
      expect(stored.every((s) => s.deliveries === 2)).toBe(true);
      await expectWholeFeed(r, 'DQ01');
    });
  });
