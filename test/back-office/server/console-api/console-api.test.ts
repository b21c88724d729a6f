// The console API on PGlite and PostgreSQL: sign-in (scrypt, cookie flags, the lock after five
// wrong passwords counted in the database), roles and departments, the queue, a request's
// actions flowing to the kiosk's status feed with one winner of two, the phone-number audit, 回访
// opened by a poor rating, and the notification outbox.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addStaffUser } from '../../../../back-office/server/staff/sign-in';
import type { ConsoleRole } from '../../../../back-office/server/repositories/staff-repository';
import { changesAfter } from '../../../../back-office/server/repositories/status-change-repository';
import { testEngines, testPglite } from '../../../support/back-office-db';
import { signal, startRig, wire, type Rig } from '../harness';

beforeAll(() => testPglite().then(() => undefined), 180_000);

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const PASSWORD = 'correct horse battery';

interface Staff {
  csrf: string;
  cookie: string;
  setCookie: string;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: T }>;
}

async function api(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${url}/console-api/${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    json: text ? JSON.parse(text) : null,
    setCookie: res.headers.get('set-cookie'),
  };
}

async function user(r: Rig, username: string, role: ConsoleRole, department: string | null = null) {
  const out = await addStaffUser(r.db, {
    username,
    role,
    department,
    password: PASSWORD,
    actor: 'test',
    now: new Date(r.clock.now).toISOString(),
  });
  expect(out.ok).toBe(true);
}

async function signIn(r: Rig, username: string, password = PASSWORD): Promise<Staff> {
  const res = await api(r.service.url, 'POST', 'session', { username, password });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  const setCookie = res.setCookie ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  const csrf = (res.json as { csrf: string }).csrf;
  return {
    csrf,
    cookie,
    setCookie,
    call: async (method, path, body, headers = {}) => {
      const out = await api(r.service.url, method, path, body, {
        cookie,
        ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }),
        ...headers,
      });
      return { status: out.status, json: out.json };
    },
  };
}

async function fresh(engine: 'pglite' | 'postgresql'): Promise<Rig> {
  const r = await startRig(engine);
  await r.db.exec('TRUNCATE staff_users CASCADE');
  return r;
}

interface QueueJson {
  items: { id: string; ticket: string; department: string; version: number; kioskId: string }[];
  counts: { overdue: number; today: number };
  next: string | null;
}

for (const { engine, skip } of testEngines()) {
  describe.skipIf(skip !== null)(`console API (${engine})`, () => {
    it('signs in with scrypt and a strict cookie; five wrong passwords lock the account for 15 minutes', async () => {
      rig = await fresh(engine);
      const r = rig;
      await user(r, 'wang', 'handler', '县市场监管局');
      const stored = await r.db.query<{ password_hash: string }>(
        'SELECT password_hash FROM staff_users',
      );
      expect(stored.rows[0]?.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);

      const s = await signIn(r, 'wang');
      expect(s.setCookie).toMatch(/HttpOnly/);
      expect(s.setCookie).toMatch(/SameSite=Strict/);
      expect((await s.call('GET', 'session')).json).toMatchObject({
        user: { username: 'wang', role: 'handler' },
      });
      // A change without the CSRF header is refused.
      expect((await s.call('POST', 'session-x', {}, { 'x-csrf-token': 'wrong' })).status).toBe(403);
      // Not signed in: 401.
      expect((await api(r.service.url, 'GET', 'queue')).status).toBe(401);

      const wrong = await Promise.all(
        [1, 2, 3, 4, 5].map(() =>
          api(r.service.url, 'POST', 'session', { username: 'wang', password: 'nope nope nope' }),
        ),
      );
      // Five at once, all counted: the last locks.
      expect(wrong.map((w) => w.status).sort()).toEqual([401, 401, 401, 401, 423]);
      const locked = await api(r.service.url, 'POST', 'session', {
        username: 'wang',
        password: PASSWORD,
      });
      expect(locked.status).toBe(423);
      r.clock.now += 15 * 60_000 + 1000;
      await signIn(r, 'wang');
      // An unknown user reads like a wrong password.
      expect(
        (await api(r.service.url, 'POST', 'session', { username: 'nobody', password: 'x' })).status,
      ).toBe(401);
      // A change from another origin is refused, even with the right token.
      expect(
        (await s.call('DELETE', 'session', undefined, { origin: 'http://evil.example' })).status,
      ).toBe(403);
      // Signing out ends the session.
      expect((await s.call('DELETE', 'session')).status).toBe(200);
      expect((await s.call('GET', 'session')).status).toBe(401);
    });

    it('a handler sees only their department; complete flows to the kiosk feed; two at once: one wins', async () => {
      rig = await fresh(engine);
      const r = rig;
      const k = await r.kiosk('DQ01');
      await user(r, 'wang', 'handler', '县市场监管局');
      await user(r, 'li', 'handler', '县市场监管局');
      await user(r, 'zhao', 'handler', '县税务局');
      await user(r, 'chen', 'dispatcher');
      const sub = wire(0, 'DQ01');
      expect(await k.client.submit(sub, signal)).toMatchObject({ type: 'ok', status: 201 });

      const wang = await signIn(r, 'wang');
      const zhao = await signIn(r, 'zhao');
      const q = (await wang.call<QueueJson>('GET', 'queue')).json;
      expect(q.items.map((i) => i.id)).toEqual([sub.id]);
      expect(q.items[0]?.ticket).toBe(sub.body.ticket);
      expect((await zhao.call<QueueJson>('GET', 'queue')).json.items).toEqual([]);
      // Not even by asking for it, or for its phone.
      expect((await zhao.call('GET', `requests/${sub.id}`)).status).toBe(404);
      expect((await zhao.call('POST', `requests/${sub.id}/phone`)).status).toBe(404);
      // A handler's department filter cannot widen the queue.
      expect(
        (await zhao.call<QueueJson>('GET', 'queue?department=县市场监管局')).json.items,
      ).toEqual([]);

      const d = (
        await wang.call<{
          contact: { phoneMasked: string };
          request: { version: number };
          actions: string[];
        }>('GET', `requests/${sub.id}`)
      ).json;
      expect(d.contact.phoneMasked).toBe('138****5678');
      expect(JSON.stringify(d)).not.toContain('13800005678');
      expect(d.actions).toEqual(['accept', 'correct', 'complete', 'return']);
      // The detail's request is the queue's row and more (the console's type says so).
      expect(Object.keys(d.request).sort()).toEqual(
        expect.arrayContaining(Object.keys(q.items[0] ?? { missing: 1 }).sort()),
      );

      // Two handlers complete at the same version: one wins, the other is told (409).
      const li = await signIn(r, 'li');
      const [a, b] = await Promise.all([
        wang.call('POST', `requests/${sub.id}/actions`, {
          action: 'complete',
          note: '营业执照已核发',
          version: d.request.version,
        }),
        li.call('POST', `requests/${sub.id}/actions`, {
          action: 'accept',
          note: null,
          version: d.request.version,
        }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(loser.json).toMatchObject({ error: { code: 'conflict' } });

      const feed = await changesAfter(r.db, 'DQ01', 0, 10);
      const last = feed.changes[feed.changes.length - 1];
      expect(feed.changes).toHaveLength(2);
      if (a.status === 200)
        expect(last).toMatchObject({ status: 'completed', note: '营业执照已核发' });
      else expect(last).toMatchObject({ status: 'accepted' });

      // The applicant is told through the outbox: ticket and status only.
      const chen = await signIn(r, 'chen');
      const outbox = (await chen.call<{ text: string; state: string }[]>('GET', 'notifications'))
        .json;
      expect(outbox).toHaveLength(1);
      expect(outbox[0]?.text).toContain(sub.body.ticket as string);
      expect(outbox[0]?.text).not.toContain('13800005678');
      expect(outbox[0]?.state).toBe('pending');
      await r.service.scheduler.tick();
      expect(
        (await chen.call<{ state: string; channel: string }[]>('GET', 'notifications')).json[0],
      ).toMatchObject({
        state: 'held',
        channel: 'outbox',
      });
    });

    it('the full phone only on request, audited; a dispatcher re-routes; 督办 by a supervisor', async () => {
      rig = await fresh(engine);
      const r = rig;
      const k = await r.kiosk('DQ01');
      await user(r, 'wang', 'handler', '县市场监管局');
      await user(r, 'zhao', 'handler', '县税务局');
      await user(r, 'chen', 'dispatcher');
      await user(r, 'sun', 'supervisor');
      const sub = wire(0, 'DQ01');
      await k.client.submit(sub, signal);
      const wang = await signIn(r, 'wang');
      const phone = await wang.call<{ phone: string }>('POST', `requests/${sub.id}/phone`);
      expect(phone.json.phone).toBe('13800005678');
      const sun = await signIn(r, 'sun');
      const reveals = (
        await sun.call<{ username: string; ticket: string }[]>(
          'GET',
          `phone-reveals?requestId=${sub.id}`,
        )
      ).json;
      expect(reveals).toEqual([
        expect.objectContaining({ username: 'wang', ticket: sub.body.ticket }),
      ]);
      // A handler cannot read the audit; a supervisor cannot act but 督办.
      expect((await wang.call('GET', 'phone-reveals')).status).toBe(403);
      const v = (await sun.call<{ request: { version: number } }>('GET', `requests/${sub.id}`)).json
        .request.version;
      expect(
        (
          await sun.call('POST', `requests/${sub.id}/actions`, {
            action: 'complete',
            note: '好的好的',
            version: v,
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await sun.call('POST', `requests/${sub.id}/actions`, {
            action: 'supervise',
            note: '请尽快办理',
            version: v,
          })
        ).status,
      ).toBe(200);
      const sup = (await sun.call<{ supervised: { id: string }[] }>('GET', 'supervision')).json;
      expect(sup.supervised.map((s) => s.id)).toEqual([sub.id]);

      const chen = await signIn(r, 'chen');
      const v2 = (await chen.call<{ request: { version: number } }>('GET', `requests/${sub.id}`))
        .json.request.version;
      expect(v2).toBeGreaterThan(v);
      const moved = await chen.call('POST', `requests/${sub.id}/actions`, {
        action: 'reroute',
        department: '县税务局',
        note: null,
        version: v2,
      });
      expect(moved.status).toBe(200);
      expect((await wang.call<QueueJson>('GET', 'queue')).json.items).toEqual([]);
      const zhao = await signIn(r, 'zhao');
      expect((await zhao.call<QueueJson>('GET', 'queue')).json.items.map((i) => i.id)).toEqual([
        sub.id,
      ]);
      const feed = await changesAfter(r.db, 'DQ01', 0, 10);
      expect(feed.changes.at(-1)).toMatchObject({
        status: 'in-progress',
        note: '已转办至县税务局',
      });
    });

    it('a poor rating opens a 回访 due in working days, closed with its outcome', async () => {
      rig = await fresh(engine);
      const r = rig;
      const k = await r.kiosk('DQ01');
      await user(r, 'sun', 'supervisor');
      const req = wire(0, 'DQ01');
      await k.client.submit(req, signal);
      const rating = wire(4, 'DQ01');
      rating.body = {
        ...rating.body,
        requestId: req.id,
        ticket: req.body.ticket,
        level: 'very-unsatisfied',
        score: 1,
        reasons: ['办理慢'],
      };
      expect(await k.client.submit(rating, signal)).toMatchObject({ type: 'ok' });
      const good = wire(4, 'DQ01');
      await k.client.submit(good, signal);
      const sun = await signIn(r, 'sun');
      const sup = (
        await sun.call<{
          followUps: { ratingId: string; dueDate: string; level: string; department: string }[];
        }>('GET', 'supervision')
      ).json;
      expect(sup.followUps).toEqual([
        expect.objectContaining({
          ratingId: rating.id,
          level: 'very-unsatisfied',
          department: '县市场监管局',
        }),
      ]);
      const expected = r.rules.hours.promise(new Date(r.clock.now), 3).dueDate;
      expect(sup.followUps[0]?.dueDate).toBe(expected);
      const closed = await sun.call('POST', `follow-ups/${rating.id}/close`, {
        outcome: '已电话回访，企业表示理解',
      });
      expect(closed.status).toBe(200);
      expect(
        (await sun.call('POST', `follow-ups/${rating.id}/close`, { outcome: '再一次' })).status,
      ).toBe(409);
    });
  });
}
