// kioskctl ratings summary / followups list read the newest durable generation while the kiosk
// runs, never write it, and print nothing personal.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { followUpsListCommand, ratingsSummaryCommand } from '../../../electron/cli/commands/voice';
import type { FollowUpView, RatingSummary } from '../../../electron/domain/voice';
import { startHarness, startupArgs, type Harness } from '../../support/kiosk-harness';
import { dbFileStamps, runCommand } from './run-command';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('kioskctl ratings and followups', () => {
  it('sums the ratings and lists the open follow-ups, read-only, phone masked', async () => {
    h = await startHarness({ realClock: true });
    for (const level of ['very-satisfied', 'very-unsatisfied'] as const) {
      const r = await h.call('requestSubmit', startupArgs());
      await h.call('ratingSubmit', {
        ticket: r.ticket,
        occasion: 'submission',
        level,
        reasons: level === 'very-unsatisfied' ? ['attitude'] : [],
      });
    }
    const before = dbFileStamps(h.dir);

    const sum = await runCommand(ratingsSummaryCommand, [
      'ratings',
      'summary',
      '--data',
      h.dir,
      '--json',
    ]);
    expect(sum.code).toBe(0);
    const s = (JSON.parse(sum.out) as { summary: RatingSummary }).summary;
    expect(s.overall).toMatchObject({ total: 2, goodShare: 0.5, averageScore: 3 });
    expect(s.byBundle).toEqual([
      expect.objectContaining({ key: 'business-startup', label: '企业开办', total: 2 }),
    ]);
    expect(s.byBoard).toEqual([expect.objectContaining({ key: 'project', label: '项目服务板块' })]);
    expect(s.reasons.attitude).toBe(1);
    expect(s.openFollowUps).toBe(1);
    const text = await runCommand(ratingsSummaryCommand, ['ratings', 'summary', '--data', h.dir]);
    expect(text.out).toContain('2 rating(s), 好评率 50%');
    expect(text.out).toContain('企业开办');
    expect(
      (
        await runCommand(ratingsSummaryCommand, [
          'ratings',
          'summary',
          '--days',
          '0',
          '--data',
          h.dir,
        ])
      ).code,
    ).toBe(1);

    const list = await runCommand(followUpsListCommand, [
      'followups',
      'list',
      '--data',
      h.dir,
      '--json',
    ]);
    const items = (JSON.parse(list.out) as { followUps: FollowUpView[] }).followUps;
    expect(items).toEqual([
      expect.objectContaining({
        level: 'very-unsatisfied',
        reasons: ['attitude'],
        state: 'open',
        phoneMasked: '138****5678',
      }),
    ]);
    expect(list.out).not.toContain('13812345678');
    expect(dbFileStamps(h.dir)).toEqual(before);
  });

  it('reads an empty data directory as no ratings', async () => {
    h = await startHarness();
    const dir = fs.mkdtempSync(path.join(h.dir, 'empty-'));
    const sum = await runCommand(ratingsSummaryCommand, [
      'ratings',
      'summary',
      '--data',
      dir,
      '--json',
    ]);
    expect((JSON.parse(sum.out) as { summary: RatingSummary }).summary.overall.total).toBe(0);
  });
});
