// 好差评 through the dispatcher: who may rate what and when, one rating per ticket per occasion,
// what is stored and queued (no personal data), a low rating's follow-up item, closing it and
// recording a 回访 in guide mode (audited, on the ticket's timeline), and the summary.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArgsOf } from '../../../../electron/contract';
import { listAudit } from '../../../../electron/services/guide/audit-repository';
import { all } from '../../../../electron/services/storage/sql';
import { startHarness, startupArgs, type Harness } from '../../../support/kiosk-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const GUIDE = { audience: 'staff' as const, staff: { id: 'G007', role: 'guide' as const } };

async function complete(k: Harness['k'], requestId: string, at: string): Promise<void> {
  await k.db.write((tx) =>
    k.requests.applyStatus(tx, {
      requestId,
      status: 'completed',
      at,
      note: null,
      verdict: null,
      source: 'back-office',
      staffId: null,
      changeId: crypto.randomUUID(),
    }),
  );
}

const code = async (p: Promise<{ ok: boolean; error?: { code: string } }>) => {
  const o = await p;
  return o.ok ? 'ok' : o.error?.code;
};

describe('rating after a submission', () => {
  it('is for the submitting session, once; stored and queued without personal data', async () => {
    h = await startHarness();
    const r = await h.call('requestSubmit', startupArgs());
    const prompt = { ticket: r.ticket, occasion: 'submission' as const };
    expect(await h.call('ratingPrompt', prompt)).toMatchObject({
      open: true,
      reason: 'open',
    });
    const out = await h.call('ratingSubmit', { ...prompt, level: 'satisfied' });
    expect(out).toMatchObject({ ticket: r.ticket, level: 'satisfied', followUp: false });
    expect(await h.call('ratingPrompt', prompt)).toMatchObject({
      open: false,
      reason: 'rated',
    });
    expect(await code(h.outcome('ratingSubmit', { ...prompt, level: 'very-satisfied' }))).toBe(
      'ALREADY_RATED',
    );

    const rows = h.k.db.read((d) => all<Record<string, unknown>>(d, 'SELECT * FROM ratings'));
    expect(rows).toEqual([
      {
        id: out.id,
        request_id: r.id,
        ticket: r.ticket,
        request_kind: 'bundle',
        bundle_id: 'business-startup',
        board: 'project',
        occasion: 'submission' as const,
        level: 'satisfied',
        score: 4,
        reasons: '[]',
        rated_at: '2025-06-11T02:00:00.000Z',
        rated_date: '2025-06-11',
        week: '2025-06-09',
        sent_at: null,
      },
    ]);
    const queued = h.k.db.read((d) =>
      all<{ kind: string; body: string }>(d, 'SELECT kind, body FROM outbox WHERE id = ?', [
        out.id,
      ]),
    );
    expect(queued).toHaveLength(1);
    expect(queued[0]?.kind).toBe('rating');
    const body = JSON.parse(queued[0]?.body ?? '{}') as Record<string, unknown>;
    expect(body).toEqual({
      schema: 'deqing.rating/1',
      ratingId: out.id,
      requestId: r.id,
      ticket: r.ticket,
      requestKind: 'bundle',
      bundleId: 'business-startup',
      board: 'project',
      occasion: 'submission' as const,
      level: 'satisfied',
      score: 4,
      reasons: [],
      ratedAt: '2025-06-11T02:00:00.000Z',
      followUp: false,
    });
    expect(queued[0]?.body).not.toContain('13812345678');
    expect(queued[0]?.body).not.toContain('王小明');

    // The next visitor cannot rate this ticket's submission.
    h.k.session.reset();
    expect(await code(h.outcome('ratingPrompt', prompt))).toBe('NOT_FOUND');
    expect(await code(h.outcome('ratingSubmit', { ...prompt, level: 'unsatisfied' }))).toBe(
      'NOT_FOUND',
    );
    expect(await code(h.outcome('ratingPrompt', { ...prompt, ticket: 'DQ01-20250611-0099' }))).toBe(
      'NOT_FOUND',
    );
  });

  it('reasons go with the bottom two levels only', async () => {
    h = await startHarness();
    const r = await h.call('requestSubmit', startupArgs());
    const base = { ticket: r.ticket, occasion: 'submission' as const };
    expect(
      await code(h.outcome('ratingSubmit', { ...base, level: 'satisfied', reasons: ['attitude'] })),
    ).toBe('INVALID_RATING');
    expect(
      await code(h.send('ratingSubmit', { ...base, level: 'unsatisfied', reasons: ['rude'] })),
    ).toBe('BAD_ARGS');
    // Nothing stored by the refusals.
    expect(h.k.db.read((d) => all(d, 'SELECT 1 FROM ratings'))).toHaveLength(0);
  });
});

describe('rating a completed ticket', () => {
  it('is offered once it is completed, to whoever holds the receipt, besides the submission rating', async () => {
    h = await startHarness();
    const r = await h.call('requestSubmit', startupArgs());
    await h.call('ratingSubmit', {
      ticket: r.ticket,
      occasion: 'submission' as const,
      level: 'satisfied',
    });
    h.k.session.reset();
    const prompt = { ticket: r.ticket, occasion: 'completion' as const };
    // The ticket number alone is not the receipt.
    expect(await h.call('ratingPrompt', prompt)).toMatchObject({
      open: false,
      reason: 'no-receipt',
    });
    await h.call('requestTrack', { ticket: r.ticket, code: r.trackCode });
    expect(await h.call('ratingPrompt', prompt)).toMatchObject({
      open: false,
      reason: 'not-completed',
    });
    expect(await code(h.outcome('ratingSubmit', { ...prompt, level: 'satisfied' }))).toBe(
      'NOT_RATABLE',
    );
    await complete(h.k, r.id, '2025-06-13T02:00:00.000Z');
    expect(await h.call('ratingPrompt', prompt)).toMatchObject({ open: true });
    const low = await h.call('ratingSubmit', {
      ...prompt,
      level: 'very-unsatisfied',
      reasons: ['efficiency', 'materials', 'efficiency'],
    });
    expect(low.followUp).toBe(true);
    expect(await h.call('ratingPrompt', prompt)).toMatchObject({ reason: 'rated' });
    const stored = h.k.db.read((d) =>
      all<{ occasion: string; level: string; reasons: string }>(
        d,
        'SELECT occasion, level, reasons FROM ratings ORDER BY rated_at, occasion DESC',
      ),
    );
    expect(stored).toEqual([
      { occasion: 'submission' as const, level: 'satisfied', reasons: '[]' },
      {
        occasion: 'completion' as const,
        level: 'very-unsatisfied',
        reasons: '["efficiency","materials"]',
      },
    ]);
  });
});

describe('a low rating’s follow-up item', () => {
  it('is opened at once, seen and closed by staff with a note (audited), the 回访 on the ticket', async () => {
    h = await startHarness();
    const r = await h.call('requestSubmit', startupArgs());
    await h.call('ratingSubmit', {
      ticket: r.ticket,
      occasion: 'submission' as const,
      level: 'unsatisfied',
      reasons: ['attitude', 'policy-unclear'],
    });
    expect(await code(h.outcome('guideFollowUps', {}))).toBe('FORBIDDEN');
    h.as(GUIDE);
    const [item, ...more] = await h.call('guideFollowUps', {});
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      ticket: r.ticket,
      title: '企业开办',
      boardName: '项目服务板块',
      occasion: 'submission' as const,
      level: 'unsatisfied',
      reasons: ['attitude', 'policy-unclear'],
      state: 'open',
      phoneMasked: '138****5678',
      openedAt: '2025-06-11T02:00:00.000Z',
    });
    if (!item) throw new Error('no follow-up');
    expect(JSON.stringify(item)).not.toContain('13812345678');

    // The whole number to call back: audited.
    expect(await h.call('guideFollowUpContact', { id: item.id })).toEqual({ phone: '13812345678' });

    // A day later (guide mode locked itself meanwhile: sign in again).
    h.clock.advanceDays(1);
    h.as(GUIDE);
    expect(await code(h.outcome('guideFollowUpClose', { id: item.id, note: ' ' }))).toBe(
      'BAD_ARGS',
    );
    const closed = await h.call('guideFollowUpClose', {
      id: item.id,
      note: '已电话致歉并解释政策',
      verdict: 'basically-satisfied',
    });
    expect(closed).toMatchObject({
      state: 'closed',
      closedBy: 'G007',
      note: '已电话致歉并解释政策',
      verdict: 'basically-satisfied',
      closedAt: '2025-06-12T02:00:00.000Z',
    });
    expect(await code(h.outcome('guideFollowUpClose', { id: item.id, note: '再次关闭' }))).toBe(
      'NOT_OPEN',
    );
    expect(await h.call('guideFollowUps', {})).toEqual([]);
    expect(await h.call('guideFollowUps', { state: 'all' })).toHaveLength(1);

    const audit = h.k.db.read((d) =>
      all<{ staff_id: string; action: string; request_id: string; detail: string }>(
        d,
        'SELECT staff_id, action, request_id, detail FROM audit_log ORDER BY seq',
      ),
    );
    expect(audit).toEqual([
      { staff_id: 'G007', action: 'view-follow-up-contact', request_id: r.id, detail: r.ticket },
      {
        staff_id: 'G007',
        action: 'close-follow-up',
        request_id: r.id,
        detail: `${r.ticket} (回访 basically-satisfied)`,
      },
    ]);
    // The note is kept once, with the follow-up; the audit log shows it from there.
    expect(
      h.k.db.read((d) => listAudit(d, { limit: 5 })).find((e) => e.action === 'close-follow-up'),
    ).toMatchObject({ detail: `${r.ticket} (回访 basically-satisfied): 已电话致歉并解释政策` });
    // The enterprise's tracking shows the 回访 and its verdict, not staff's note.
    h.k.session.reset();
    const t = await h.call('requestTrack', { ticket: r.ticket, code: r.trackCode });
    expect(t.timeline.at(-1)).toMatchObject({
      status: 'follow-up',
      verdict: 'basically-satisfied',
      note: null,
      source: 'guide',
    });
    expect(t.status).toBe('submitted');
  });

  it('a high rating opens none', async () => {
    h = await startHarness();
    const r = await h.call('requestSubmit', startupArgs());
    await h.call('ratingSubmit', {
      ticket: r.ticket,
      occasion: 'submission' as const,
      level: 'basically-satisfied',
    });
    h.as(GUIDE);
    expect(await h.call('guideFollowUps', { state: 'all' })).toEqual([]);
  });
});

describe('回访 recorded in guide mode (single site)', () => {
  it('goes on the timeline through applyStatus, audited; not for a cancelled request', async () => {
    h = await startHarness();
    const r = await h.call('requestSubmit', startupArgs());
    const args = {
      ticket: r.ticket,
      verdict: 'very-satisfied' as const,
      note: '企业表示问题已解决',
    };
    expect(await code(h.outcome('guideRecordFollowUp', args))).toBe('FORBIDDEN');
    h.as(GUIDE);
    const t = await h.call('guideRecordFollowUp', args);
    expect(t.timeline.at(-1)).toMatchObject({
      status: 'follow-up',
      verdict: 'very-satisfied',
      note: '企业表示问题已解决',
      source: 'guide',
    });
    expect(
      h.k.db.read((d) =>
        all<{ action: string; detail: string }>(
          d,
          "SELECT action, detail FROM audit_log WHERE action = 'record-follow-up'",
        ),
      ),
    ).toEqual([{ action: 'record-follow-up', detail: `${r.ticket}: very-satisfied` }]);
    expect(
      h.k.db.read((d) => listAudit(d, { limit: 5 })).find((e) => e.action === 'record-follow-up'),
    ).toMatchObject({ detail: `${r.ticket}: very-satisfied: 企业表示问题已解决` });
    await h.call('guideRequestCancel', { ticket: r.ticket, reason: '企业申请撤回' });
    expect(await code(h.outcome('guideRecordFollowUp', args))).toBe('NOT_OPEN');
    expect(await code(h.outcome('guideRecordFollowUp', { ...args, ticket: 'nope' }))).toBe(
      'NOT_FOUND',
    );
  });
});

describe('the summary', () => {
  it('sums by bundle (kinds for the rest), board and week, over a period', async () => {
    h = await startHarness();
    const rate = async (
      args: Partial<ArgsOf<'requestSubmit'>>,
      level: ArgsOf<'ratingSubmit'>['level'],
      reasons: ArgsOf<'ratingSubmit'>['reasons'] = [],
    ) => {
      const r = await h!.call('requestSubmit', startupArgs(args));
      await h!.call('ratingSubmit', {
        ticket: r.ticket,
        occasion: 'submission' as const,
        level,
        reasons,
      });
      return r;
    };
    // Week of 2025-06-09: two 企业开办, one policy consultation.
    await rate({}, 'very-satisfied');
    await rate({}, 'unsatisfied', ['efficiency']);
    await rate(
      { subject: { kind: 'consultation', measureNo: null, board: 'policy' } },
      'satisfied',
    );
    // Nine days later (week of 2025-06-16): one more 企业开办, very unsatisfied.
    h.clock.advanceDays(9);
    await rate({}, 'very-unsatisfied', ['efficiency', 'attitude']);
    h.as(GUIDE);
    const all_ = await h.call('guideRatingsSummary', {});
    expect(all_.since).toBeNull();
    expect(all_.overall).toMatchObject({ total: 4, goodShare: 0.5, averageScore: 3 });
    expect(all_.byBundle.map((r) => [r.key, r.label, r.total, r.levels.unsatisfied])).toEqual([
      ['business-startup', '企业开办', 3, 1],
      ['consultation', null, 1, 0],
    ]);
    expect(all_.byBoard.map((r) => [r.key, r.label, r.total])).toEqual([
      ['project', '项目服务板块', 3],
      ['policy', '政策服务板块', 1],
    ]);
    expect(all_.byWeek.map((r) => [r.key, r.total, r.goodShare])).toEqual([
      ['2025-06-16', 1, 0],
      ['2025-06-09', 3, 2 / 3],
    ]);
    expect(all_.reasons).toEqual({
      attitude: 1,
      efficiency: 2,
      materials: 0,
      'policy-unclear': 0,
      other: 0,
    });
    expect(all_.openFollowUps).toBe(2);
    const week = await h.call('guideRatingsSummary', { days: 7 });
    expect(week.overall.total).toBe(1);
    expect(week.byWeek.map((r) => r.key)).toEqual(['2025-06-16']);
  });
});
