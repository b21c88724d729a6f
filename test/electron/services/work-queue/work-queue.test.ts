// The single-site console: guide mode lists the kiosk's queue by board, lead department
// and due date, and sets statuses through the request service's applyStatus with an audit entry
// in the same write; tracking shows them. Read-only once a back office is configured.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleStatus, WorkItem } from '../../../../electron/domain/work-queue';
import { listAudit } from '../../../../electron/services/guide/audit-repository';
import { all } from '../../../../electron/services/storage/sql';
import { startHarness, startupArgs, type Harness } from '../../../support/kiosk-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const GUIDE = { audience: 'staff' as const, staff: { id: 'G007', role: 'guide' as const } };
/** Monday 2025-06-09 10:00 in Deqing. */
const MONDAY = new Date('2025-06-09T02:00:00Z');

function taxation() {
  return startupArgs({
    subject: {
      kind: 'bundle',
      bundleId: 'taxation',
      answers: { 'vehicle-recycling': false },
      items: ['b0', 'b1'],
    },
    founder: false,
  });
}

function financeConsultation() {
  return startupArgs({
    subject: { kind: 'consultation', measureNo: null, board: 'finance' },
    founder: false,
  });
}

/** Three requests made on three days; on the last day one is overdue, one due, one later. */
async function threeRequests(harness: Harness) {
  const a = await harness.call('requestSubmit', startupArgs());
  harness.clock.advanceDays(2);
  const c = await harness.call('requestSubmit', taxation());
  harness.clock.advanceDays(5);
  const b = await harness.call('requestSubmit', financeConsultation());
  return { a, b, c };
}

describe('the console lists the kiosk’s queue', () => {
  it('is for staff; filters by board, lead department and due date, with counts', async () => {
    h = await startHarness({ at: MONDAY });
    const { a, b, c } = await threeRequests(h);
    expect(await h.outcome('guideWorkQueue', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    h.as(GUIDE);
    const all3 = await h.call('guideWorkQueue', {});
    expect(all3).toMatchObject({
      mode: 'single-site',
      readOnly: false,
      endpoint: null,
      today: '2025-06-16',
      scope: 'open',
      total: 3,
      truncated: false,
    });
    // Most urgent first; each bucket as the promise says.
    expect(all3.items.map((i) => [i.ticket, i.dueDate, i.due])).toEqual([
      [a.ticket, a.promise.dueDate, 'overdue'],
      [c.ticket, c.promise.dueDate, 'today'],
      [b.ticket, b.promise.dueDate, 'later'],
    ]);
    expect(all3.facets.due).toEqual({ overdue: 1, today: 1, later: 1 });
    expect(all3.items[0]).toMatchObject({
      status: 'submitted',
      phoneMasked: '138****5678',
      next: ['received', 'accepted', 'in-progress', 'completed', 'returned'],
      leadDepartments: a.routing.leadDepartments,
      board: a.routing.board,
    });
    // Contact details never leave unmasked.
    expect(JSON.stringify(all3)).not.toContain('13812345678');

    const boards = all3.facets.boards.map((f) => f.value);
    expect(new Set(boards)).toEqual(new Set([a.routing.board, b.routing.board, c.routing.board]));
    for (const r of [a, b, c]) {
      const byBoard = await h.call('guideWorkQueue', { board: r.routing.board });
      expect(byBoard.items.every((i) => i.board === r.routing.board)).toBe(true);
      expect(byBoard.items.map((i) => i.ticket)).toContain(r.ticket);
      expect(byBoard.total).toBe(3);
    }
    const dept = b.routing.leadDepartments[0] as string;
    expect(all3.facets.departments.map((f) => f.value)).toContain(dept);
    const byDept = await h.call('guideWorkQueue', { department: dept });
    expect(byDept.items.map((i) => i.ticket)).toContain(b.ticket);
    expect(byDept.items.every((i) => i.leadDepartments.includes(dept))).toBe(true);
    for (const [due, ticket] of [
      ['overdue', a.ticket],
      ['today', c.ticket],
      ['later', b.ticket],
    ] as const) {
      const byDue = await h.call('guideWorkQueue', { due });
      expect(byDue.items.map((i) => i.ticket)).toEqual([ticket]);
    }
    const none = await h.call('guideWorkQueue', {
      board: c.routing.board === 'finance' ? 'law' : 'finance',
      due: 'today',
    });
    expect(none.items).toEqual([]);
    expect(await h.send('guideWorkQueue', { due: 'soon' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGS', fields: ['due'] },
    });
  });
});

describe('a guide sets statuses', () => {
  it('through applyStatus with an audit entry; tracking shows them; a return needs a note', async () => {
    h = await startHarness();
    const r = await h.call('requestSubmit', startupArgs());
    const other = await h.call('requestSubmit', taxation());
    const set = (status: ConsoleStatus, note: string | null = null, requestId = r.id) =>
      h?.outcome('guideWorkStatus', { requestId, status, note });
    expect(await set('in-progress')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    h.as(GUIDE);

    expect(await set('received')).toMatchObject({
      ok: true,
      value: { status: 'received', next: ['accepted', 'in-progress', 'completed', 'returned'] },
    });
    // Next day (guide mode locked itself meanwhile: sign in again).
    h.clock.advanceDays(1);
    expect(await set('in-progress')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    h.as(GUIDE);
    const inProgress = await set('in-progress');
    expect(inProgress).toMatchObject({ ok: true, value: { status: 'in-progress' } });
    // Backwards is not offered; the list is what the guide saw, the services decide.
    expect(await set('accepted')).toMatchObject({ ok: false, error: { code: 'NOT_NEXT' } });
    expect(await set('returned')).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGS', fields: ['note'] },
    });
    expect(await set('returned', ' 。')).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGS', fields: ['note'] },
    });
    expect(await set('received', null, crypto.randomUUID())).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const returned = await set('returned', '  请补充营业场所使用证明  ');
    expect(returned).toMatchObject({
      ok: true,
      value: { status: 'returned', lastNote: '请补充营业场所使用证明', next: expect.any(Array) },
    });

    // Tracking (someone holding the receipt: its tracking code) shows the guide's statuses and the
    // note; the ticket number alone, the statuses only.
    h.k.session.reset();
    const bare = await h.call('requestTrack', { ticket: r.ticket });
    expect(bare.timeline.map((e) => e.note)).toEqual([null, null, null, null]);
    const t = await h.call('requestTrack', { ticket: r.ticket, code: r.trackCode });
    expect(t.status).toBe('returned');
    expect(t.timeline.map((e) => [e.status, e.source, e.note])).toEqual([
      ['submitted', 'kiosk', null],
      ['received', 'guide', null],
      ['in-progress', 'guide', null],
      ['returned', 'guide', '请补充营业场所使用证明'],
    ]);
    const events = h.k.db.read((d) =>
      all<{ staff_id: string | null; change_id: string | null }>(
        d,
        "SELECT staff_id, change_id FROM request_events WHERE source = 'guide'",
      ),
    );
    expect(events).toEqual(Array(3).fill({ staff_id: 'G007', change_id: null }));
    // The request is closed (its retention clock runs); a later status reopens it.
    const closed = h.k.db.read((d) =>
      all<{ closed_at: string | null }>(d, 'SELECT closed_at FROM requests WHERE id = ?', [r.id]),
    );
    expect(closed[0]?.closed_at).not.toBeNull();

    h.as(GUIDE);
    const open = await h.call('guideWorkQueue', {});
    expect(open.items.map((i) => i.ticket)).toEqual([other.ticket]);
    const done = await h.call('guideWorkQueue', { scope: 'closed' });
    expect(done.items.map((i: WorkItem) => [i.ticket, i.status, i.lastNote])).toEqual([
      [r.ticket, 'returned', '请补充营业场所使用证明'],
    ]);
    expect(await set('accepted')).toMatchObject({ ok: true, value: { status: 'accepted' } });
    expect(await set('completed')).toMatchObject({
      ok: true,
      value: { status: 'completed', next: [] },
    });
    expect(await set('returned', '再次退回')).toMatchObject({
      ok: false,
      error: { code: 'NOT_OPEN' },
    });
    // A cancelled request is final for the console too.
    await h.call('guideRequestCancel', { ticket: other.ticket, reason: '企业申请撤回' });
    expect(await set('received', null, other.id)).toMatchObject({
      ok: false,
      error: { code: 'NOT_OPEN' },
    });

    // Every change is in the audit log, in the same write as the timeline; the note is not copied
    // there but referred to (and shown from the timeline while it is kept).
    const audit = h.k.db.read((d) =>
      all<{ staff_id: string; action: string; request_id: string; detail: string }>(
        d,
        "SELECT staff_id, action, request_id, detail FROM audit_log WHERE action = 'set-request-status' ORDER BY seq",
      ),
    );
    expect(audit.map((x) => x.detail)).toEqual([
      `${r.ticket}: submitted → received`,
      `${r.ticket}: received → in-progress`,
      `${r.ticket}: in-progress → returned`,
      `${r.ticket}: returned → accepted`,
      `${r.ticket}: accepted → completed`,
    ]);
    expect(
      h.k.db
        .read((d) => listAudit(d, { limit: 20 }))
        .filter((e) => e.action === 'set-request-status')
        .map((e) => e.detail)
        .reverse()[2],
    ).toBe(`${r.ticket}: in-progress → returned: 请补充营业场所使用证明`);
    expect(audit.every((x) => x.staff_id === 'G007' && x.request_id === r.id)).toBe(true);
    // Nothing of this goes to the outbox: there is no back office in single-site mode.
    const kinds = h.k.db.read((d) =>
      all<{ kind: string }>(d, 'SELECT kind FROM outbox ORDER BY rowid').map((x) => x.kind),
    );
    expect(kinds).toEqual(['request', 'request', 'request-cancel']);
  });

  it('is read-only with a back office configured: the back office works the requests', async () => {
    h = await startHarness({
      config: {
        backOffice: { endpoint: 'https://bo.example.cn/kiosk/', kioskSecret: 'k'.repeat(40) },
      },
    });
    const r = await h.call('requestSubmit', startupArgs());
    h.as(GUIDE);
    const view = await h.call('guideWorkQueue', {});
    expect(view).toMatchObject({
      mode: 'back-office',
      readOnly: true,
      endpoint: 'https://bo.example.cn',
      items: [{ ticket: r.ticket, next: [] }],
    });
    expect(JSON.stringify(view)).not.toContain('k'.repeat(40));
    expect(
      await h.outcome('guideWorkStatus', { requestId: r.id, status: 'accepted' }),
    ).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    const t = await h.call('requestTrack', { ticket: r.ticket });
    expect(t.timeline.map((e) => e.status)).toEqual(['submitted']);
    const audited = h.k.db.read((d) =>
      all(d, "SELECT 1 FROM audit_log WHERE action = 'set-request-status'"),
    );
    expect(audited).toEqual([]);
  });
});
