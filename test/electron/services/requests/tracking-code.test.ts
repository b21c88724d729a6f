// Tracking by ticket number (sequential, guessable) shows status and dates only; the notes and the
// rating need the receipt: its tracking code, printed on it and carried in its QR. Look-ups
// without the receipt, and wrong codes, are limited.
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceiptView } from '../../../../electron/domain/request';
import {
  STATUS_LOOKUPS_PER_WINDOW,
  WRONG_CODES_PER_TICKET,
} from '../../../../electron/services/requests/track-limits';
import { startHarness, startupArgs, type Harness } from '../../../support/kiosk-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const NOTE = '请补充材料，联系人张建国 13912345678';

async function setStatus(
  harness: Harness,
  r: ReceiptView,
  status: 'returned' | 'completed',
  note: string | null,
  changeId: string,
): Promise<void> {
  await harness.k.db.write((tx) =>
    harness.k.requests.applyStatus(tx, {
      requestId: r.id,
      status,
      at: harness.clock.now.toISOString(),
      note,
      verdict: null,
      source: 'back-office',
      staffId: null,
      changeId,
    }),
  );
}

/** A code that is not `code` (the `n`-th such). */
const wrongCode = (code: string | null, n = 0) =>
  String((Number(code ?? '0') + 1 + n) % 1_000_000).padStart(6, '0');

describe('tracking by ticket number', () => {
  it('anonymous tracking of a returned ticket shows no note; the receipt’s code shows it', async () => {
    h = await startHarness();
    const r = await h.call('requestSubmit', startupArgs());
    await setStatus(h, r, 'returned', NOTE, 'ret-1');
    h.k.session.reset(); // someone else at the screen

    const bare = await h.call('requestTrack', { ticket: r.ticket });
    expect(bare).toMatchObject({ level: 'status', status: 'returned', appeal: null });
    expect(bare.timeline.map((e) => [e.status, e.note])).toEqual([
      ['submitted', null],
      ['returned', null],
    ]);
    expect(JSON.stringify(bare)).not.toMatch(/张建国|13912345678|请补充/);

    // A wrong code shows nothing more; the right one (keyed with a space, as printed) the note.
    expect(
      await h.outcome('requestTrack', { ticket: r.ticket, code: wrongCode(r.trackCode) }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_CODE' } });
    const printed = `${r.trackCode?.slice(0, 3)} ${r.trackCode?.slice(3)}`;
    const held = await h.call('requestTrack', { ticket: r.ticket, code: printed });
    expect(held.level).toBe('full');
    expect(held.timeline.at(-1)).toMatchObject({ status: 'returned', note: NOTE });
  });

  it('rating a completed ticket needs its receipt: the number alone is refused', async () => {
    h = await startHarness();
    const r = await h.call('requestSubmit', startupArgs());
    await setStatus(h, r, 'completed', null, 'done-1');
    h.k.session.reset();
    await h.call('requestTrack', { ticket: r.ticket });
    const rating = {
      ticket: r.ticket,
      occasion: 'completion' as const,
      level: 'very-unsatisfied' as const,
    };
    expect(await h.outcome('ratingSubmit', rating)).toMatchObject({
      ok: false,
      error: { code: 'NOT_RATABLE' },
    });
    expect(
      await h.call('ratingPrompt', { ticket: r.ticket, occasion: 'completion' as const }),
    ).toMatchObject({ open: false, reason: 'no-receipt' });
    // The owner is not locked out: with the receipt's code the rating is theirs to give.
    await h.call('requestTrack', { ticket: r.ticket, code: r.trackCode });
    expect(await h.call('ratingSubmit', { ...rating, level: 'satisfied' })).toMatchObject({
      ticket: r.ticket,
      occasion: 'completion' as const,
    });
    // What the code proved belongs to the session: the next one starts without it.
    h.k.session.reset();
    expect(
      await h.call('ratingPrompt', { ticket: r.ticket, occasion: 'completion' as const }),
    ).toMatchObject({ reason: 'no-receipt' });
  });

  it('limits look-ups without the receipt to a number of tickets, and wrong codes per ticket', async () => {
    h = await startHarness();
    const r = await h.call('requestSubmit', startupArgs());
    h.k.session.reset();
    // Walking through ticket numbers: existing or not, each new one counts.
    const day = r.ticket.slice(0, -4);
    expect(r.ticket).toBe(`${day}0001`);
    for (let seq = 1; seq <= STATUS_LOOKUPS_PER_WINDOW; seq++) {
      const out = await h.outcome('requestTrack', {
        ticket: `${day}${String(seq).padStart(4, '0')}`,
      });
      expect(out.ok ? 'found' : out.error.code).toBe(seq === 1 ? 'found' : 'NOT_FOUND');
    }
    expect(await h.outcome('requestTrack', { ticket: `${day}0999` })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' },
    });
    // Looking the same ticket up again is not a walk: still answered.
    expect(await h.outcome('requestTrack', { ticket: r.ticket })).toMatchObject({ ok: true });
    // Ten minutes later, new tickets may be looked up again.
    h.clock.now = new Date(h.clock.now.getTime() + 10 * 60_000);
    expect(await h.outcome('requestTrack', { ticket: `${day}0999` })).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });

    // Guessing the code: after five wrong ones the ticket's code is not checked for a while,
    // not even the right one.
    for (let i = 0; i < WRONG_CODES_PER_TICKET; i++)
      expect(
        await h.outcome('requestTrack', { ticket: r.ticket, code: wrongCode(r.trackCode, i) }),
      ).toMatchObject({ ok: false, error: { code: 'BAD_CODE' } });
    expect(await h.outcome('requestTrack', { ticket: r.ticket, code: r.trackCode })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED' },
    });
    h.clock.now = new Date(h.clock.now.getTime() + 30 * 60_000);
    expect(await h.outcome('requestTrack', { ticket: r.ticket, code: r.trackCode })).toMatchObject({
      ok: true,
      value: { level: 'full' },
    });
  });
});
