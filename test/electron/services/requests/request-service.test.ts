// Submitting, the receipt, tracking and who may see what, through the dispatcher over real
// services (database, outbox, catalog, calendar) in a temp data dir.
import { afterEach, describe, expect, it } from 'vitest';
import { all } from '../../../../electron/services/storage/sql';
import { startHarness, startupArgs, type Harness } from '../../../support/kiosk-harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const SEEDED = '91330521DQ0000018A';

describe('submitting a request', () => {
  it('stores the request and its outbox envelope together, then gives the ticket', async () => {
    h = await startHarness();
    const args = startupArgs();
    const r = await h.call('requestSubmit', args);
    expect(r.ticket).toBe('DQ01-20250611-0001');
    expect(r.id).toBe(args.requestId);
    expect(r.trackCode).toMatch(/^\d{6}$/);
    expect(r.qrText).toBe(`DQT2.DQ01-20250611-0001.${r.trackCode}`);
    expect(r.applicant).toEqual({
      audience: 'anonymous',
      verified: false,
      founder: true,
      uscc: null,
      enterpriseName: null,
    });
    expect(r.phoneMasked).toBe('138****5678');
    expect(r.contactNameMasked).toBe('王**');
    expect(r.routing).toMatchObject({ board: 'project', leadDepartments: ['县市场监管局'] });
    expect(r.services.map((s) => s.name)).toEqual([
      '公司设立登记',
      '公章刻制备案',
      '申领发票',
      '社保登记及员工参保登记',
      '医保登记及员工参保登记',
      '住房公积金登记及员工缴存登记',
      '食品经营许可',
      '银行预约开户，提供银行开户专人对接、预约办理服务',
    ]);
    expect(r.services.find((s) => s.name === '申领发票')?.department).toBe('县税务局');
    expect(r.services.find((s) => s.name === '公章刻制备案')?.department).toBe('县公安局');
    // Wednesday 10:00: counts from today, 3 working days (the center default).
    expect(r.promise).toEqual({
      workingDays: 3,
      countsFrom: '2025-06-11',
      dueDate: '2025-06-16',
      reason: 'in-hours',
      calendarCertain: true,
    });

    // Durable: the newest generation on disk holds both rows (the write resolved before the ticket).
    const stored = h.k.db.read((d) => ({
      requests: all<{ id: string; ticket: string; contact_phone: string }>(
        d,
        'SELECT id, ticket, contact_phone FROM requests',
      ),
      outbox: all<{ id: string; kind: string; body: string }>(
        d,
        'SELECT id, kind, body FROM outbox',
      ),
    }));
    expect(stored.requests).toEqual([
      { id: args.requestId, ticket: r.ticket, contact_phone: '13812345678' },
    ]);
    expect(stored.outbox).toHaveLength(1);
    expect(stored.outbox[0]).toMatchObject({ id: args.requestId, kind: 'request' });
    const body = JSON.parse(stored.outbox[0]?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({
      ticket: r.ticket,
      requestId: args.requestId,
      contact: { phone: '13812345678', name: '王小明' },
      routing: { board: 'project', leadDepartments: ['县市场监管局'] },
      applicant: { audience: 'anonymous', verified: false, founder: true },
      assistedBy: null,
      promise: { dueDate: '2025-06-16' },
    });
  });

  it('numbers tickets per day, and the same request id again gives the same ticket', async () => {
    h = await startHarness();
    const first = startupArgs();
    const a = await h.call('requestSubmit', first);
    const b = await h.call('requestSubmit', startupArgs());
    const again = await h.call('requestSubmit', first);
    expect([a.ticket, b.ticket, again.ticket]).toEqual([
      'DQ01-20250611-0001',
      'DQ01-20250611-0002',
      'DQ01-20250611-0001',
    ]);
    h.clock.advanceDays(1);
    expect((await h.call('requestSubmit', startupArgs())).ticket).toBe('DQ01-20250612-0001');
    expect(h.k.db.read((d) => all(d, 'SELECT id FROM outbox'))).toHaveLength(3);
    // A later session sending the same submission (the page retrying after the kiosk restarted)
    // gets the same ticket; another content under an id that is in use is refused.
    h.k.session.reset();
    expect((await h.call('requestSubmit', first)).ticket).toBe(a.ticket);
    expect(
      await h.outcome('requestSubmit', { ...first, contact: { phone: '13900001111', name: null } }),
    ).toMatchObject({ ok: false, error: { code: 'DUPLICATE' } });
    expect(await h.outcome('requestSubmit', { ...first, founder: false })).toMatchObject({
      ok: false,
      error: { code: 'DUPLICATE' },
    });
  });

  it('refuses what the wizard would never send, naming the field', async () => {
    h = await startHarness();
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ contact: { phone: null, name: null } }, 'INVALID_REQUEST', ['contact.phone']],
      [{ contact: { phone: '12812345678', name: null } }, 'INVALID_REQUEST', ['contact.phone']],
      [
        { contact: { phone: '13812345678', name: '\u202eevil' } },
        'INVALID_REQUEST',
        ['contact.name'],
      ],
      [
        { subject: { kind: 'bundle', bundleId: 'business-startup', answers: {}, items: ['b99'] } },
        'INVALID_REQUEST',
        ['subject.items'],
      ],
      [
        { subject: { kind: 'bundle', bundleId: 'business-startup', answers: {}, items: [] } },
        'INVALID_REQUEST',
        ['subject.items'],
      ],
      [
        {
          subject: {
            kind: 'bundle',
            bundleId: 'business-startup',
            answers: { 'no-such-question': true },
            items: ['b0'],
          },
        },
        'INVALID_REQUEST',
        ['subject.answers'],
      ],
      [
        { subject: { kind: 'bundle', bundleId: 'no-such-bundle', answers: {}, items: ['b0'] } },
        'NOT_FOUND',
        ['subject.bundleId'],
      ],
      [
        { subject: { kind: 'consultation', measureNo: 998, board: null } },
        'NOT_FOUND',
        ['subject.measureNo'],
      ],
      [{ privacyAccepted: false }, 'BAD_ARGS', ['privacyAccepted']],
    ];
    for (const [over, code, fields] of cases) {
      const out = await h.outcome('requestSubmit', startupArgs(over));
      expect(out, JSON.stringify(over)).toMatchObject({ ok: false, error: { code, fields } });
    }
    expect(h.k.db.read((d) => all(d, 'SELECT id FROM requests'))).toEqual([]);
  });

  it('a verified enterprise may leave the phone out; its identity comes from the session', async () => {
    h = await startHarness();
    h.as({ audience: 'enterprise', enterprise: { uscc: SEEDED, verified: true } });
    const r = await h.call(
      'requestSubmit',
      startupArgs({
        founder: true, // ignored: an enterprise is identified
        contact: { phone: null, name: null },
        subject: { kind: 'bundle', bundleId: 'dixin-rnd-testing', answers: {}, items: ['b0'] },
      }),
    );
    expect(r.applicant).toEqual({
      audience: 'enterprise',
      verified: true,
      founder: false,
      uscc: SEEDED,
      enterpriseName: '德清星图测绘地理信息有限公司',
    });
    expect(r.phoneMasked).toBeNull();
    // A static code (public) is not proof: the phone is required.
    h.as({ audience: 'public', enterprise: { uscc: SEEDED, verified: false } });
    expect(
      await h.outcome('requestSubmit', startupArgs({ contact: { phone: null, name: null } })),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', fields: ['contact.phone'] } });
  });

  it('after hours, on a weekend and on a holiday the time counts from the next working day', async () => {
    const cases: [string, string, string, string][] = [
      // Wednesday 18:30: after the last closing time.
      ['2025-06-11T10:30:00Z', 'after-hours', '2025-06-12', '2025-06-17'],
      // Saturday 10:00 (the center's X hours serve people, but it is not a working day).
      ['2025-06-14T02:00:00Z', 'weekend', '2025-06-16', '2025-06-19'],
      // National Day (1–8 Oct): from Thursday the 9th; Saturday the 11th is an adjusted working
      // day (调休) and counts: 10th, 11th, 13th.
      ['2025-10-01T02:00:00Z', 'holiday', '2025-10-09', '2025-10-13'],
    ];
    for (const [at, reason, countsFrom, dueDate] of cases) {
      h = await startHarness({ at: new Date(at) });
      const r = await h.call('requestSubmit', startupArgs());
      expect(r.promise, at).toMatchObject({ reason, countsFrom, dueDate, calendarCertain: true });
      await h.close();
    }
    // Beyond the calendar's data the dates are marked uncertain.
    h = await startHarness({ at: new Date('2031-03-05T02:00:00Z') });
    const r = await h.call('requestSubmit', startupArgs());
    expect(r.promise.calendarCertain).toBe(false);
  });

  it('a one-step consultation goes to the measure’s board and lead department', async () => {
    h = await startHarness();
    const measure = h.k.catalog.loaded.catalog.measures.find((m) => m.board === 'finance');
    if (!measure) throw new Error('no finance measure in the catalog');
    const r = await h.call(
      'requestSubmit',
      startupArgs({ subject: { kind: 'consultation', measureNo: measure.no, board: null } }),
    );
    expect(r.kind).toBe('consultation');
    expect(r.measureNo).toBe(measure.no);
    expect(r.title).toBe(`政策咨询（第 ${measure.no} 条措施）`);
    expect(r.routing).toMatchObject({
      board: 'finance',
      leadDepartments: [measure.leadDepartment],
    });
    expect(r.services).toEqual([
      {
        name: measure.text,
        kind: 'basic',
        department: measure.leadDepartment,
        departmentFrom: 'lead',
      },
    ]);
    // 应享未享: to the policy board, no measure.
    const p = await h.call(
      'requestSubmit',
      startupArgs({ subject: { kind: 'consultation', measureNo: null, board: 'policy' } }),
    );
    expect(p.routing.board).toBe('policy');
    expect(p.title).toBe('政策服务板块咨询');
  });
});

describe('receipt, tracking and lists', () => {
  it('the receipt is the submitting session’s (or staff’s); tracking by ticket shows no personal data', async () => {
    h = await startHarness();
    h.as({ audience: 'public', enterprise: { uscc: SEEDED, verified: false } });
    const r = await h.call('requestSubmit', startupArgs());
    expect((await h.call('requestReceipt', { ticket: r.ticket })).id).toBe(r.id);
    const own = await h.call('requestTrack', { ticket: r.ticket });
    expect(own).toMatchObject({ level: 'full', phoneMasked: '138****5678' });

    h.k.session.reset(); // the next visitor
    expect(await h.outcome('requestReceipt', { ticket: r.ticket })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // Keyed in lower case with spaces, as people do.
    const t = await h.call('requestTrack', { ticket: ` ${r.ticket.toLowerCase()} ` });
    expect(t).toMatchObject({
      level: 'status',
      ticket: r.ticket,
      title: '企业开办',
      status: 'submitted',
      serviceCount: 8,
      services: null,
      enterpriseName: null,
      phoneMasked: null,
      promise: { dueDate: '2025-06-16' },
    });
    expect(t.timeline.map((e) => e.status)).toEqual(['submitted']);
    expect(JSON.stringify(t)).not.toMatch(/1381234|王小明|德清星图|DQ0000018A/);
    for (const ticket of ['DQ01-20250611-0999', 'not a ticket', 'DQ01-20251311-0001'])
      expect(await h.outcome('requestTrack', { ticket })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });

    h.as({ audience: 'staff', staff: { id: 'G007', role: 'guide' } });
    expect((await h.call('requestReceipt', { ticket: r.ticket })).ticket).toBe(r.ticket);
  });

  it('a verified enterprise sees all its requests; a public one does not', async () => {
    h = await startHarness();
    h.as({ audience: 'enterprise', enterprise: { uscc: SEEDED, verified: true } });
    const a = await h.call('requestSubmit', startupArgs());
    h.k.session.reset();
    h.as({ audience: 'anonymous' });
    await h.call('requestSubmit', startupArgs()); // someone else's
    h.as({ audience: 'enterprise', enterprise: { uscc: SEEDED, verified: true } });
    const b = await h.call('requestSubmit', startupArgs());
    h.k.session.reset();
    h.as({ audience: 'enterprise', enterprise: { uscc: SEEDED, verified: true } });
    const mine = await h.call('requestsMine', {});
    expect(mine.map((m) => m.ticket)).toEqual([b.ticket, a.ticket]);
    expect((await h.call('requestTrack', { ticket: a.ticket })).level).toBe('full');
    h.as({ audience: 'public', enterprise: { uscc: SEEDED, verified: false } });
    expect(await h.outcome('requestsMine', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_VERIFIED' },
    });
    expect((await h.call('requestTrack', { ticket: a.ticket })).level).toBe('status');
  });

  it('guide mode lists today’s requests at this kiosk (staff only)', async () => {
    h = await startHarness();
    await h.call('requestSubmit', startupArgs());
    h.clock.advanceDays(1);
    const today = await h.call('requestSubmit', startupArgs());
    expect(await h.outcome('guideRequestsToday', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    h.as({ audience: 'staff', staff: { id: 'G007', role: 'guide' } });
    const list = await h.call('guideRequestsToday', {});
    expect(list.map((l) => l.ticket)).toEqual([today.ticket]);
    expect(JSON.stringify(list)).not.toContain('1381234');
  });

  it('records who assisted while the guide works the wizard with the walk-in', async () => {
    h = await startHarness();
    h.as({ audience: 'staff', staff: { id: 'G007', role: 'guide' } });
    await h.call('guideAssistStart', {});
    // Longer than the guide idle time, but someone keeps touching the screen (the heartbeat says
    // so): the guide's rights, and the assisted session, stay.
    for (let i = 0; i < 4; i++) {
      h.clock.now = new Date(h.clock.now.getTime() + 60_000);
      await h.call('rendererHeartbeat', { active: true });
    }
    const r = await h.call('requestSubmit', startupArgs());
    expect(r.assisted).toBe(true);
    const stored = h.k.db.read((d) =>
      all<{ assisted_by: string }>(d, 'SELECT assisted_by FROM requests WHERE id = ?', [r.id]),
    );
    expect(stored).toEqual([{ assisted_by: 'G007' }]);
    const audit = h.k.db.read((d) => all<{ action: string }>(d, 'SELECT action FROM audit_log'));
    expect(audit.map((a) => a.action)).toContain('assist-walk-in');
    // The next visitor is not "assisted".
    h.k.session.reset();
    expect((await h.call('requestSubmit', startupArgs())).assisted).toBe(false);
  });

  it('ids are UUIDs made by the page; a malformed one is refused', async () => {
    h = await startHarness();
    expect(await h.outcome('requestSubmit', startupArgs({ requestId: 'DQ01-1' }))).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGS', fields: ['requestId'] },
    });
  });
});
