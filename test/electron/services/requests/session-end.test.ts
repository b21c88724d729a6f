// Every end of a session goes through one reset in main: locking guide mode and the guide's idle
// lock included. What the ended session could see (the walk-in's receipt, full tracking) and what
// it was (assisted by a guide) is gone for the next one, and the session id the screen follows
// has changed.
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceiptView } from '../../../../electron/domain/request';
import { hashPin } from '../../../../electron/services/guide/pin-hash';
import { writeStaffPin } from '../../../../electron/services/guide/staff-pins';
import { all } from '../../../../electron/services/storage/sql';
import { startHarness, startupArgs, type Harness } from '../../../support/kiosk-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const WALK_IN = { phone: '13812345678', name: '王小明' };

/** A guide signs in with a PIN, starts a bundle for a walk-in, and it is submitted. */
async function assistedWalkIn(harness: Harness): Promise<ReceiptView> {
  writeStaffPin(harness.k.dirs.staffPins, 'G007', 'guide', await hashPin('24681357'), new Date());
  expect(await harness.call('guideUnlockPin', { staffId: 'G007', pin: '24681357' })).toMatchObject({
    unlocked: true,
  });
  await harness.call('guideAssistStart', {});
  const receipt = await harness.call('requestSubmit', startupArgs({ contact: WALK_IN }));
  expect(receipt.assisted).toBe(true);
  // Within the session the walk-in's receipt and full tracking are there.
  expect((await harness.call('requestReceipt', { ticket: receipt.ticket })).id).toBe(receipt.id);
  return receipt;
}

/** What the next visitor at the screen can see of the walk-in's request, and their own. */
async function nextVisitorSeesNothingOf(harness: Harness, walkIn: ReceiptView): Promise<void> {
  expect(await harness.outcome('requestReceipt', { ticket: walkIn.ticket })).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });
  expect(
    await harness.outcome('requestPrint', { ticket: walkIn.ticket, document: 'receipt' }),
  ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  const t = await harness.call('requestTrack', { ticket: walkIn.ticket });
  expect(t.level).toBe('status');
  expect(JSON.stringify(t)).not.toMatch(/1381234|王小明|5678/);
  const own = await harness.call(
    'requestSubmit',
    startupArgs({ contact: { phone: '13900001111', name: null } }),
  );
  expect(own.assisted).toBe(false);
  expect(
    harness.k.db.read((d) =>
      all<{ assisted_by: string | null }>(d, 'SELECT assisted_by FROM requests WHERE id = ?', [
        own.id,
      ]),
    ),
  ).toEqual([{ assisted_by: null }]);
}

const sessionOf = async (harness: Harness) => (await harness.call('appStatus', {})).session;

describe('ending a session', () => {
  it('locking guide mode after an assisted request: the next session sees nothing of it', async () => {
    h = await startHarness();
    const before = await sessionOf(h);
    const walkIn = await assistedWalkIn(h);
    await h.call('guideLock', {});
    await nextVisitorSeesNothingOf(h, walkIn);
    // The screen learns that its session ended (and wipes its own stores).
    const after = await sessionOf(h);
    expect(typeof after).toBe('string');
    expect(after).not.toBe(before);
    const audit = h.k.db.read((d) => all<{ action: string }>(d, 'SELECT action FROM audit_log'));
    expect(audit.map((a) => a.action)).toContain('lock');
  });

  it('the guide’s idle lock: the same, and the screen sees the session change', async () => {
    h = await startHarness();
    const walkIn = await assistedWalkIn(h);
    const during = await sessionOf(h);
    // Two minutes and a second without a staff call or a touch on the screen.
    h.clock.now = new Date(h.clock.now.getTime() + 121_000);
    // The screen's status poll is what notices it.
    const after = await sessionOf(h);
    expect(h.k.session.state().staff).toBeNull();
    await nextVisitorSeesNothingOf(h, walkIn);
    expect(typeof after).toBe('string');
    expect(after).not.toBe(during);
  });

  it('a touch on the screen keeps a signed-in guide’s rights; its absence ends them', async () => {
    h = await startHarness();
    writeStaffPin(h.k.dirs.staffPins, 'G007', 'guide', await hashPin('24681357'), new Date());
    await h.call('guideUnlockPin', { staffId: 'G007', pin: '24681357' });
    for (let i = 0; i < 3; i++) {
      h.clock.now = new Date(h.clock.now.getTime() + 100_000);
      await h.call('rendererHeartbeat', { active: true });
    }
    expect(h.k.session.state().staff).toMatchObject({ id: 'G007' });
    h.clock.now = new Date(h.clock.now.getTime() + 100_000);
    await h.call('rendererHeartbeat', { active: false });
    h.clock.now = new Date(h.clock.now.getTime() + 21_000);
    await h.call('rendererHeartbeat', {});
    expect(h.k.session.state().staff).toBeNull();
  });
});
