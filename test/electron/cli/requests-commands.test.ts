// kioskctl requests list/show read the newest durable generation while the kiosk runs, and never
// write it.
import { afterEach, describe, expect, it } from 'vitest';
import { requestsListCommand, requestsShowCommand } from '../../../electron/cli/commands/requests';
import type { ReceiptView } from '../../../electron/domain/request';
import { startHarness, startupArgs, type Harness } from '../../support/kiosk-harness';
import { dbFileStamps, runCommand } from './run-command';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('kioskctl requests', () => {
  it('lists (optionally since a day) and shows one with its timeline, contact masked', async () => {
    h = await startHarness();
    const a = await h.call('requestSubmit', startupArgs());
    h.clock.advanceDays(2);
    const b = await h.call(
      'requestSubmit',
      startupArgs({ subject: { kind: 'consultation', measureNo: null, board: 'policy' } }),
    );
    const before = dbFileStamps(h.dir);

    const all = await runCommand(requestsListCommand, [
      'requests',
      'list',
      '--data',
      h.dir,
      '--json',
    ]);
    expect(all.code).toBe(0);
    const listed = JSON.parse(all.out) as { count: number; requests: { ticket: string }[] };
    expect(listed.requests.map((r) => r.ticket)).toEqual([b.ticket, a.ticket]);
    expect(all.out).not.toContain('13812345678');

    const since = await runCommand(requestsListCommand, [
      'requests',
      'list',
      '--since',
      '2025-06-12',
      '--data',
      h.dir,
      '--json',
    ]);
    expect((JSON.parse(since.out) as { requests: { ticket: string }[] }).requests).toEqual([
      expect.objectContaining({ ticket: b.ticket }),
    ]);
    const bad = await runCommand(requestsListCommand, [
      'requests',
      'list',
      '--since',
      'soon',
      '--data',
      h.dir,
      '--json',
    ]);
    expect(bad.code).toBe(1);

    const show = await runCommand(requestsShowCommand, [
      'requests',
      'show',
      a.ticket.toLowerCase(),
      '--data',
      h.dir,
      '--json',
    ]);
    expect(show.code).toBe(0);
    const shown = JSON.parse(show.out) as {
      request: ReceiptView;
      timeline: { status: string }[];
      sentToBackOfficeAt: string | null;
    };
    expect(shown.request).toMatchObject({
      ticket: a.ticket,
      phoneMasked: '138****5678',
      title: '企业开办',
    });
    expect(shown.timeline.map((e) => e.status)).toEqual(['submitted']);
    expect(show.out).not.toContain('13812345678');
    const text = await runCommand(requestsShowCommand, [
      'requests',
      'show',
      a.ticket,
      '--data',
      h.dir,
    ]);
    expect(text.out).toContain('申领发票  [县税务局]');

    const missing = await runCommand(requestsShowCommand, [
      'requests',
      'show',
      'DQ01-20250611-0099',
      '--data',
      h.dir,
      '--json',
    ]);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.out)).toMatchObject({ found: false, error: 'no such ticket' });
    // Read-only: the kiosk's files are untouched.
    expect(dbFileStamps(h.dir)).toEqual(before);
  });
});
