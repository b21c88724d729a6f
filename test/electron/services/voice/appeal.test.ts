// 诉求 (兜底办) through the request service: an unverified visitor must leave a phone, a verified
// enterprise need not; routing per category; the promise in `voice.responseDays`; what the back
// office receives; what tracking shows to whom; the typed text purged with the contact data.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArgsOf } from '../../../../electron/contract';
import { all } from '../../../../electron/services/storage/sql';
import { startHarness, type Harness } from '../../../support/kiosk-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const SEEDED = '91330521DQ0000018A';
const TEXT = '县属国企拖欠我司货款 38 万元已半年，多次催讨未果。';

type AppealSubject = Extract<ArgsOf<'requestSubmit'>['subject'], { kind: 'appeal' }>;

function appealArgs(
  over: Partial<ArgsOf<'requestSubmit'>> = {},
  subject: Partial<AppealSubject> = {},
): ArgsOf<'requestSubmit'> {
  return {
    requestId: crypto.randomUUID(),
    subject: {
      kind: 'appeal',
      category: 'arrears',
      topic: 'arrears-public',
      text: TEXT,
      ...subject,
    },
    founder: false,
    contact: { phone: '13812345678', name: null },
    privacyAccepted: true,
    ...over,
  };
}

describe('raising a 诉求', () => {
  it('as an unverified visitor: a phone is required; the ticket is routed, promised and queued', async () => {
    h = await startHarness();
    expect(
      await h.outcome('requestSubmit', appealArgs({ contact: { phone: null, name: null } })),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', fields: ['contact.phone'] } });

    const args = appealArgs();
    const r = await h.call('requestSubmit', args);
    expect(r.ticket).toBe('DQ01-20250611-0001');
    expect(r.kind).toBe('appeal');
    expect(r.title).toBe('诉求（兜底办）：拖欠账款');
    expect(r.routing).toEqual({
      board: 'law',
      boardName: '法治服务板块',
      module: null,
      leadDepartments: ['县经信局', '县司法局'],
    });
    expect(r.services).toEqual([
      {
        name: '拖欠账款：政府部门或国有企业拖欠账款',
        kind: 'basic',
        department: '县经信局、县司法局',
        departmentFrom: 'lead',
      },
    ]);
    expect(r.appeal).toEqual({
      category: 'arrears',
      categoryName: '拖欠账款',
      topic: 'arrears-public',
      topicText: '政府部门或国有企业拖欠账款',
      text: TEXT,
    });
    expect(r.applicant).toMatchObject({ audience: 'anonymous', verified: false, uscc: null });
    expect(r.phoneMasked).toBe('138****5678');
    // Wednesday 10:00, the default 3 working days.
    expect(r.promise).toMatchObject({
      workingDays: 3,
      countsFrom: '2025-06-11',
      dueDate: '2025-06-16',
    });

    const outbox = h.k.db.read((d) =>
      all<{ id: string; kind: string; body: string }>(d, 'SELECT id, kind, body FROM outbox'),
    );
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ id: args.requestId, kind: 'request' });
    expect(JSON.parse(outbox[0]?.body ?? '{}')).toMatchObject({
      schema: 'deqing.request/1',
      kind: 'appeal',
      title: '诉求（兜底办）：拖欠账款',
      contact: { phone: '13812345678' },
      routing: { board: 'law', leadDepartments: ['县经信局', '县司法局'] },
      appeal: {
        category: 'arrears',
        categoryName: '拖欠账款',
        topic: 'arrears-public',
        topicText: '政府部门或国有企业拖欠账款',
        text: TEXT,
        mark: '兜底办',
      },
      promise: { workingDays: 3 },
    });
  });

  it('as a verified enterprise: no phone needed; a board category with only a typed text', async () => {
    h = await startHarness({ config: { voice: { responseDays: 5 } } });
    h.as({ audience: 'enterprise', enterprise: { uscc: SEEDED, verified: true } });
    const r = await h.call(
      'requestSubmit',
      appealArgs({ contact: { phone: null, name: null } }, { category: 'finance', topic: null }),
    );
    expect(r.applicant).toMatchObject({
      audience: 'enterprise',
      verified: true,
      uscc: SEEDED,
      enterpriseName: '德清星图测绘地理信息有限公司',
    });
    expect(r.phoneMasked).toBeNull();
    expect(r.title).toBe('诉求（兜底办）：金融服务板块');
    expect(r.routing).toMatchObject({ board: 'finance', leadDepartments: ['县金融办'] });
    expect(r.services[0]).toMatchObject({ name: '金融服务板块诉求', department: '县金融办' });
    expect(r.appeal).toMatchObject({ topic: null, topicText: null, text: TEXT });
    // `voice.responseDays` (here 5), not the bundles' default.
    expect(r.promise).toMatchObject({ workingDays: 5, dueDate: '2025-06-18' });
    // The enterprise's own list has it.
    const mine = await h.call('requestsMine', {});
    expect(mine).toEqual([expect.objectContaining({ ticket: r.ticket, kind: 'appeal' })]);
  });

  it('routes 其他 to the center, and refuses what is not a 诉求', async () => {
    h = await startHarness();
    const other = await h.call(
      'requestSubmit',
      appealArgs({}, { category: 'general', topic: 'general-suggestion', text: null }),
    );
    expect(other.routing).toMatchObject({
      board: 'other',
      leadDepartments: ['县企业综合服务中心'],
    });
    expect(other.services[0]).toMatchObject({ departmentFrom: 'center' });
    // Some of these are what no page sends (an unknown category, an extra field): sent raw.
    const refused = async (subject: Record<string, unknown>) => {
      const args = appealArgs();
      const out = await h!.send('requestSubmit', {
        ...args,
        subject: { ...args.subject, ...subject },
      });
      return out.ok ? 'stored' : `${out.error.code} ${(out.error.fields ?? []).join(',')}`;
    };
    expect(await refused({ topic: null, text: '  ' })).toBe(
      'INVALID_REQUEST subject.topic,subject.text',
    );
    expect(await refused({ topic: 'finance-loan' })).toBe('INVALID_REQUEST subject.topic');
    expect(await refused({ text: '款'.repeat(201) })).toBe('INVALID_REQUEST subject.text');
    expect(await refused({ text: '拖欠\u0000' })).toBe('INVALID_REQUEST subject.text');
    expect(await refused({ category: 'weather' })).toBe('BAD_ARGS subject.category');
    expect(await refused({ photo: 'data:image/png;base64,AAAA' })).toMatch(/^BAD_ARGS/);
  });
});

describe('tracking a 诉求', () => {
  it('shows its content to whoever holds the receipt, only that it is a 诉求 to anyone with the number', async () => {
    h = await startHarness();
    const r = await h.call('requestSubmit', appealArgs());
    const own = await h.call('requestTrack', { ticket: r.ticket });
    expect(own.level).toBe('full');
    expect(own.appeal?.text).toBe(TEXT);
    h.k.session.reset();
    const other = await h.call('requestTrack', { ticket: r.ticket });
    expect(other.level).toBe('status');
    expect(other.kind).toBe('appeal');
    expect(other.appeal).toBeNull();
    expect(JSON.stringify(other)).not.toContain('38 万元');
    expect(JSON.stringify(other)).not.toContain('政府部门或国有企业拖欠账款');
    // The receipt's tracking code shows it whole, as to its owner.
    const holder = await h.call('requestTrack', { ticket: r.ticket, code: r.trackCode });
    expect(holder.level).toBe('full');
    expect(holder.appeal).toEqual({
      category: 'arrears',
      categoryName: '拖欠账款',
      topic: 'arrears-public',
      topicText: '政府部门或国有企业拖欠账款',
      text: TEXT,
    });
  });

  it('the 回访 step recorded by the back office shows with its verdict', async () => {
    h = await startHarness();
    const r = await h.call('requestSubmit', appealArgs());
    const k = h.k;
    const base = { requestId: r.id, note: null, source: 'back-office' as const, staffId: null };
    await k.db.write((tx) => {
      k.requests.applyStatus(tx, {
        ...base,
        status: 'completed',
        at: '2025-06-13T02:00:00.000Z',
        verdict: null,
        changeId: 'c1',
      });
      k.requests.applyStatus(tx, {
        ...base,
        status: 'follow-up',
        at: '2025-06-16T02:00:00.000Z',
        verdict: 'basically-satisfied',
        changeId: 'c2',
      });
    });
    k.session.reset();
    const t = await h.call('requestTrack', { ticket: r.ticket, code: r.trackCode });
    expect(t.status).toBe('completed');
    expect(t.timeline.map((e) => [e.status, e.verdict])).toEqual([
      ['submitted', null],
      ['completed', null],
      ['follow-up', 'basically-satisfied'],
    ]);
  });
});

describe('retention', () => {
  it('purges the typed text with the phone, keeps category and description', async () => {
    h = await startHarness({ config: { retention: { personalDataDays: 30 } } });
    const r = await h.call('requestSubmit', appealArgs());
    const k = h.k;
    await k.db.write((tx) =>
      k.requests.applyStatus(tx, {
        requestId: r.id,
        status: 'completed',
        at: h!.clock.now.toISOString(),
        note: null,
        verdict: null,
        source: 'back-office',
        staffId: null,
        changeId: 'done',
      }),
    );
    h.clock.advanceDays(31);
    expect(await k.requests.purgePersonalData()).toBe(1);
    const row = k.db.read((d) =>
      all<Record<string, unknown>>(
        d,
        'SELECT contact_phone, appeal_category, appeal_topic, appeal_text FROM requests',
      ),
    );
    expect(row).toEqual([
      {
        contact_phone: null,
        appeal_category: 'arrears',
        appeal_topic: 'arrears-public',
        appeal_text: null,
      },
    ]);
    // Never delivered (single site): the outbox copy is rewritten without it.
    const body = k.db.read((d) => all<{ body: string }>(d, 'SELECT body FROM outbox'))[0]?.body;
    expect(body).toBeDefined();
    expect(body).not.toContain('38 万元');
    expect(JSON.parse(body ?? '{}')).toMatchObject({
      contact: { phone: null },
      appeal: { category: 'arrears', text: null },
    });
  });
});
