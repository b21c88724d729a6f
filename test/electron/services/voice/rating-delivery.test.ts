// Ratings reach the back office exactly once: through the outbox (kind `rating`), retried through
// a lost reply and a server error, stored once by the back office (the reference receiver and the
// real service alike), and marked sent at the kiosk.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { all } from '../../../../electron/services/storage/sql';
import {
  backOfficeTargets,
  warmUpTargets,
  type BackOfficeTarget,
} from '../../../support/back-office-targets';
import { newKioskSecret, type Fault } from '../../../support/reference-receiver';
import { startHarness, startupArgs, type Harness } from '../../../support/kiosk-harness';

let h: Harness | null = null;
let receiver: BackOfficeTarget | null = null;
// The real back office's embedded database takes seconds to start on a busy machine.
beforeAll(() => warmUpTargets(), 180_000);
afterEach(async () => {
  await h?.close();
  await receiver?.close();
  h = null;
  receiver = null;
});

async function until(what: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const target of backOfficeTargets())
  describe.skipIf(target.skip !== null)(`ratings to the back office (${target.name})`, () => {
    it('arrive exactly once by id through a 500 and a lost reply, and are marked sent', async () => {
      const secret = newKioskSecret();
      const args = startupArgs();
      // The first submission that is not the request (the rating): a 500, then stored with the
      // reply lost. Set before the rating exists: the worker may send it the moment it is queued.
      const faults: Fault[] = [{ type: 'status', status: 500 }, { type: 'drop-reply' }];
      const rcv = await target.start({
        kiosks: { DQ01: secret },
        fault: (a) => (a.id && a.id !== args.requestId ? (faults.shift() ?? null) : null),
      });
      receiver = rcv;
      h = await startHarness({
        realClock: true,
        config: { backOffice: { endpoint: rcv.url, kioskSecret: secret } },
      });
      const r = await h.call('requestSubmit', args);
      await until(async () => (await rcv.submission(r.id)) !== undefined);
      const rating = await h.call('ratingSubmit', {
        ticket: r.ticket,
        occasion: 'submission',
        level: 'very-unsatisfied',
        reasons: ['materials'],
      });
      const k = h.k;
      const sent = () =>
        k.db.read((d) =>
          all<{ sent_at: string | null }>(d, 'SELECT sent_at FROM ratings WHERE id = ?', [
            rating.id,
          ]),
        )[0]?.sent_at ?? null;
      await until(() => sent() !== null);

      const ratings = (await rcv.submissions()).filter((s) => s.kind === 'rating');
      expect(ratings).toHaveLength(1);
      expect(ratings[0]?.id).toBe(rating.id);
      expect(ratings[0]?.body).toMatchObject({
        schema: 'deqing.rating/1',
        ticket: r.ticket,
        level: 'very-unsatisfied',
        reasons: ['materials'],
        followUp: true,
      });
      expect(JSON.stringify(ratings[0]?.body)).not.toContain('13812345678');
      // Three attempts reached the back office (500, stored with the reply lost, duplicate): stored once.
      const attempts = rcv.arrivals.filter((a) => a.id === rating.id).map((a) => a.outcome);
      expect(attempts).toEqual(['fault:500', 'accepted+fault:drop-reply', 'duplicate']);
      expect(ratings[0]?.deliveries).toBe(2);
      expect(k.sync.status().backlog.pending).toBe(0);

      // Rating again is refused at the kiosk: nothing more is queued or sent.
      const again = await h.outcome('ratingSubmit', {
        ticket: r.ticket,
        occasion: 'submission',
        level: 'satisfied',
      });
      expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_RATED' } });
      expect(k.db.read((d) => all(d, "SELECT 1 FROM outbox WHERE kind = 'rating'"))).toHaveLength(
        1,
      );
    }, 30_000);
  });
