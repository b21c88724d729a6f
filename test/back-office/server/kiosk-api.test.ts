// The back office's own behaviour behind the protocol, on PGlite and on PostgreSQL: where a request
// lands and what it is promised, bad input refused with nothing stored, a disabled kiosk, cancel
// notices in either order, status changes and their rules, and the retention job.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listRequests } from '../../../back-office/server/repositories/request-repository';
import {
  kioskView,
  setKioskEnabled,
} from '../../../back-office/server/repositories/kiosk-repository';
import { changesAfter } from '../../../back-office/server/repositories/status-change-repository';
import {
  getSubmission,
  listSubmissions,
} from '../../../back-office/server/repositories/submission-repository';
import { testEngines, testPglite } from '../../support/back-office-db';
import {
  ADMIN_TOKEN,
  cancelOf,
  rawCall,
  signal,
  signedSubmission,
  startRig,
  uuid,
  wire,
  type Rig,
} from './harness';

beforeAll(() => testPglite().then(() => undefined), 180_000);

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function admin<T>(
  r: Rig,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${r.service.url}/admin/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

/** Friday 2026-03-06, 18:00 in Deqing: after the center's hours. */
const FRIDAY_EVENING = '2026-03-06T10:00:00.000Z';

for (const { engine, skip } of testEngines())
  describe.skipIf(skip !== null)(`the back office on ${engine}`, () => {
    it('puts a request in the queue of its board and lead department, with its own promised date', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk('TOWN07');
      // The kiosk claims another board and another date: the back office recomputes both.
      const startup = wire(0, 'TOWN07');
      startup.body = {
        ...startup.body,
        createdAt: FRIDAY_EVENING,
        routing: {
          board: 'finance',
          boardName: '金融服务板块',
          module: null,
          leadDepartments: ['县金融办'],
          station: null,
        },
        promise: {
          workingDays: 3,
          countsFrom: '2026-03-06',
          dueDate: '2026-03-11',
          reason: 'in-hours',
          calendarCertain: true,
        },
      };
      // A bundle this back office's catalog does not know (a kiosk on a newer catalog).
      const future = wire(1, 'TOWN07');
      future.body = {
        ...future.body,
        bundleId: 'a-bundle-from-a-newer-catalog',
        createdAt: FRIDAY_EVENING,
      };
      // A 诉求 about arrears: 法治 board, 县经信局 first, 3 working days.
      const appeal = wire(2, 'TOWN07');
      appeal.body = {
        ...appeal.body,
        kind: 'appeal',
        title: '诉求（兜底办）：拖欠账款',
        bundleId: null,
        createdAt: FRIDAY_EVENING,
        appeal: { category: 'arrears', topic: 'arrears-public', text: '货款未结', mark: '兜底办' },
      };
      for (const s of [startup, future, appeal])
        expect(await k.client.submit(s, signal)).toMatchObject({ type: 'ok', status: 201 });

      const list = await admin<
        {
          ticket: string;
          board: string;
          department: string;
          dueDate: string;
          kioskDueDate: string;
          routedBy: string;
          kioskId: string;
          status: string;
        }[]
      >(r, 'GET', 'requests?kioskId=TOWN07');
      expect(list.status).toBe(200);
      const by = new Map(list.json.map((x) => [x.ticket, x]));
      expect(by.get(startup.body.ticket as string)).toMatchObject({
        kioskId: 'TOWN07',
        status: 'received',
        board: 'project',
        department: '县市场监管局',
        routedBy: 'catalog',
        // After hours on Friday: counts from Monday 9 March, three working days on.
        dueDate: '2026-03-12',
        kioskDueDate: '2026-03-11',
      });
      expect(by.get(future.body.ticket as string)).toMatchObject({
        board: 'project',
        routedBy: 'kiosk',
        dueDate: '2026-03-12',
      });
      expect(by.get(appeal.body.ticket as string)).toMatchObject({
        board: 'law',
        department: '县经信局',
        routedBy: 'catalog',
        dueDate: '2026-03-12',
      });
      // The queue of a department: any of a request's lead departments.
      const law = await admin<unknown[]>(
        r,
        'GET',
        `requests?department=${encodeURIComponent('县司法局')}`,
      );
      expect(law.json).toHaveLength(1);
    });

    it('refuses malformed and oversized calls with the protocol’s errors and stores nothing', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk();
      const endpoint = r.service.kioskEndpoint;
      const now = r.clock.now;
      const good = wire(0);
      const cases: [string, string | Buffer, string | null, number, string][] = [
        ['not JSON', '{"id":', good.id, 400, 'invalid-envelope'],
        [
          'unknown kind',
          JSON.stringify({ ...good, kind: 'parcel' }),
          good.id,
          422,
          'invalid-envelope',
        ],
        ['id is not the key', JSON.stringify(good), uuid(), 422, 'invalid-envelope'],
        [
          'another kiosk’s id',
          JSON.stringify({ ...good, kioskId: 'DQ02' }),
          good.id,
          422,
          'invalid-envelope',
        ],
        [
          'a body of the wrong shape',
          JSON.stringify({ ...good, body: { ticket: 'x' } }),
          good.id,
          422,
          'invalid-envelope',
        ],
        [
          'a body over 64 KiB',
          JSON.stringify({ ...good, body: { ...good.body, title: 'x'.repeat(70_000) } }),
          good.id,
          413,
          'too-large',
        ],
        ['a call over 256 KiB', Buffer.alloc(300 * 1024, 0x20), good.id, 413, 'too-large'],
      ];
      for (const [what, body, key, status, code] of cases) {
        const res = await signedSubmission(endpoint, k, body.toString(), key, now);
        expect({ what, status: res.status, code: res.code }).toEqual({ what, status, code });
      }
      // Not the protocol at all: no protocol document, so a kiosk holds its queue (wrong endpoint).
      const wrongPath = await rawCall(`${r.service.url}/v1/submissions`, { body: '{}' });
      expect(wrongPath).toMatchObject({ status: 404, code: null });
      const wrongMethod = await rawCall(`${endpoint}/v1/submissions`, { method: 'GET' });
      expect(wrongMethod).toMatchObject({ status: 405, code: null });
      const unsigned = await rawCall(`${endpoint}/v1/submissions`, { body: JSON.stringify(good) });
      expect(unsigned).toMatchObject({ status: 401, code: 'missing-headers' });
      expect(await listSubmissions(r.db)).toEqual([]);
      // The kiosk's own client sorts them as the protocol says: refused items, a held queue.
      expect(await k.client.submit({ ...good, kind: 'parcel' as 'request' }, signal)).toMatchObject(
        { type: 'refused' },
      );
      // And the genuine call still goes through.
      expect(await k.client.submit(good, signal)).toMatchObject({ type: 'ok', status: 201 });
      expect(await listSubmissions(r.db)).toHaveLength(1);
    });

    it('refuses a disabled kiosk with 403 and shows it in the kiosk’s view', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk('DQ03');
      expect((await admin(r, 'POST', 'kiosks/DQ03/disable')).status).toBe(200);
      const held = await k.client.submit(wire(0, 'DQ03'), signal);
      expect(held).toMatchObject({
        type: 'hold',
        reason: expect.stringContaining('403 kiosk-disabled') as string,
      });
      expect(await k.client.heartbeat({ kioskId: 'DQ03' }, signal)).toMatchObject({ type: 'hold' });
      const view = await admin<{
        enabled: boolean;
        lastRefusedAt: string | null;
        lastRefusedReason: string | null;
      }>(r, 'GET', 'kiosks/DQ03');
      expect(view.json).toMatchObject({ enabled: false, lastRefusedReason: 'kiosk-disabled' });
      expect(view.json.lastRefusedAt).not.toBeNull();
      expect(await listSubmissions(r.db)).toEqual([]);
      await admin(r, 'POST', 'kiosks/DQ03/enable');
      expect(await k.client.submit(wire(0, 'DQ03'), signal)).toMatchObject({
        type: 'ok',
        status: 201,
      });
      expect(
        await k.client.heartbeat({ kioskId: 'DQ03', printer: { state: 'ok' } }, signal),
      ).toMatchObject({ type: 'ok' });
      expect((await kioskView(r.db, 'DQ03'))?.health.printer).toBe('ok');
      // Disabled again behind this instance's back (another instance on the same database): the
      // kiosk this instance has just verified is refused at its very next call, whatever it sends,
      // and nothing of it is stored.
      await setKioskEnabled(r.db, 'DQ03', false, new Date().toISOString());
      const stored = (await listSubmissions(r.db)).length;
      const refusedNow = { type: 'hold', reason: expect.stringContaining('403 kiosk-disabled') };
      expect(await k.client.submit(wire(1, 'DQ03'), signal)).toMatchObject(refusedNow);
      expect(await k.client.submit({ ...wire(2, 'DQ03'), body: {} }, signal)).toMatchObject(
        refusedNow,
      );
      expect(await listSubmissions(r.db)).toHaveLength(stored);
      await setKioskEnabled(r.db, 'DQ03', true, new Date().toISOString());
      expect(await k.client.submit(wire(1, 'DQ03'), signal)).toMatchObject({ status: 201 });
      // An unknown kiosk is refused too.
      const stranger = await rawCall(`${r.service.kioskEndpoint}/v1/heartbeat`, {
        headers: {
          'x-kiosk-id': 'ZZ99',
          'x-kiosk-timestamp': '1',
          'x-kiosk-nonce': 'n'.repeat(20),
          'x-kiosk-signature': `v1=${'0'.repeat(64)}`,
        },
        body: '{}',
      });
      expect(stranger).toMatchObject({ status: 401, code: 'unknown-kiosk' });
    });

    it('applies a cancel notice whichever arrives first, and keeps cancelled requests final', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk();
      const early = wire(0);
      const late = wire(1);
      expect(await k.client.submit(cancelOf(early), signal)).toMatchObject({ type: 'ok' });
      expect(await k.client.submit(early, signal)).toMatchObject({ type: 'ok' });
      expect(await k.client.submit(late, signal)).toMatchObject({ type: 'ok' });
      expect(await k.client.submit(cancelOf(late), signal)).toMatchObject({ type: 'ok' });
      const rows = await listRequests(r.db);
      expect(rows.map((x) => x.status)).toEqual(['cancelled', 'cancelled']);
      expect(rows.every((x) => x.closedAt !== null)).toBe(true);
      const refused = await admin<{ error: { code: string } }>(
        r,
        'POST',
        `requests/${early.body.ticket as string}/status`,
        { status: 'accepted' },
      );
      expect(refused).toMatchObject({ status: 409, json: { error: { code: 'not-allowed' } } });
    });

    it('moves a request on by the console’s rules; each change reaches the kiosk’s feed once, in order', async () => {
      rig = await startRig(engine);
      const r = rig;
      const k = await r.kiosk();
      const req = wire(0);
      await k.client.submit(req, signal);
      const ticket = req.body.ticket as string;
      const set = (status: string, extra: object = {}) =>
        admin<{ error?: { code: string; allowed?: string[] } }>(
          r,
          'POST',
          `requests/${ticket}/status`,
          { status, ...extra },
        );
      expect((await set('returned')).json.error?.code).toBe('invalid');
      expect((await set('accepted')).status).toBe(200);
      expect((await set('in-progress')).status).toBe(200);
      const back = await set('accepted');
      expect(back).toMatchObject({
        status: 409,
        json: { error: { code: 'not-allowed', allowed: ['completed', 'returned', 'follow-up'] } },
      });
      expect((await set('returned', { note: '请补充租赁合同' })).status).toBe(200);
      expect((await set('completed', { note: '营业执照已核发' })).status).toBe(200);
      expect((await set('follow-up', { verdict: 'satisfied' })).status).toBe(200);
      expect((await set('accepted')).status).toBe(409);
      expect(
        (await admin(r, 'POST', 'requests/DQ01-20990101-0001/status', { status: 'accepted' }))
          .status,
      ).toBe(404);

      const pulled = await k.client.pullStatusChanges(null, 3, signal);
      expect(pulled).toMatchObject({ type: 'ok', json: { hasMore: true, nextCursor: 'c3' } });
      const rest = await k.client.pullStatusChanges('c3', 100, signal);
      const changes = [
        ...(pulled as { json: { changes: { status: string }[] } }).json.changes,
        ...(rest as { json: { changes: { status: string; note: string | null }[] } }).json.changes,
      ];
      expect(changes.map((c) => c.status)).toEqual([
        'received',
        'accepted',
        'in-progress',
        'returned',
        'completed',
        'follow-up',
      ]);
      expect(await k.client.pullStatusChanges('c6', 100, signal)).toMatchObject({
        json: { changes: [], nextCursor: 'c6', hasMore: false },
      });
      expect(await k.client.pullStatusChanges('zz', 100, signal)).toMatchObject({
        type: 'refused',
        reason: expect.stringContaining('invalid-cursor') as string,
      });
      const row = (await listRequests(r.db, { ticket }))[0];
      expect(row).toMatchObject({ status: 'completed' });
      const audit = await admin<{ action: string; subject: string; actor: string }[]>(
        r,
        'GET',
        'audit',
      );
      expect(audit.json.filter((a) => a.action === 'set-status')).toHaveLength(5);
      expect(audit.json[0]).toMatchObject({ actor: 'admin:test', subject: ticket });
      expect((await changesAfter(r.db, 'DQ01', 0, 100)).changes).toHaveLength(6);
    });

    it('clears personal data once a request has been closed for the retention period; old nonces go', async () => {
      rig = await startRig(engine, Date.parse('2026-03-02T02:00:00Z'));
      const r = rig;
      const k = await r.kiosk();
      const open = wire(0);
      const closed = wire(1);
      await k.client.submit(open, signal);
      await k.client.submit(closed, signal);
      await admin(r, 'POST', `requests/${closed.body.ticket as string}/status`, {
        status: 'completed',
      });
      const before = await r.db.query<{ n: number }>('SELECT count(*)::int AS n FROM kiosk_nonces');
      expect(before.rows[0]?.n).toBeGreaterThan(0);
      expect(await r.service.scheduler.tick()).toEqual(
        expect.arrayContaining(['purge-personal-data']),
      );
      expect((await getSubmission(r.db, closed.id))?.body).toMatchObject({
        contact: { phone: '13800005678' },
      });
      // 31 days later.
      r.clock.now += 31 * 86_400_000;
      await r.service.scheduler.tick();
      expect((await getSubmission(r.db, closed.id))?.body).toMatchObject({
        contact: { phone: null, name: null },
      });
      expect((await getSubmission(r.db, open.id))?.body).toMatchObject({
        contact: { phone: '13800005678' },
      });
      const rows = await r.db.query<{ ticket: string; contact_phone: string | null }>(
        'SELECT ticket, contact_phone FROM requests ORDER BY ticket',
      );
      expect(rows.rows.map((x) => x.contact_phone)).toEqual(['13800005678', null]);
      const after = await r.db.query<{ n: number }>('SELECT count(*)::int AS n FROM kiosk_nonces');
      expect(after.rows[0]?.n).toBe(0);
      // Ticking again at once runs nothing: every job waits for its period.
      expect(await r.service.scheduler.tick()).toEqual([]);
    });
  });
