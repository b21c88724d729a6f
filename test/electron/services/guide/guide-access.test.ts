import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGuideAccess } from '../../../../electron/services/guide/guide-access';
import { listAudit } from '../../../../electron/services/guide/audit-repository';
import { hashPin, verifyPin } from '../../../../electron/services/guide/pin-hash';
import { readStaffPins, writeStaffPin } from '../../../../electron/services/guide/staff-pins';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { createSessionService } from '../../../../electron/services/session';
import { openDatabase } from '../../../../electron/services/storage/database';
import { MIGRATIONS } from '../../../../electron/services/storage/migrations/index';
import { run } from '../../../../electron/services/storage/sql';

async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guide-'));
  let t = Date.parse('2026-11-27T02:00:00Z');
  const now = () => new Date(t);
  const open = async () => {
    const db = await openDatabase({
      dir: path.join(dir, 'db'),
      migrations: MIGRATIONS,
      log: createMemoryLogger(),
    });
    const session = createSessionService({ now, staffIdleMs: 120_000 });
    const access = createGuideAccess({ db, session, log: createMemoryLogger(), now, pinFile });
    return { db, session, access };
  };
  const pinFile = path.join(dir, 'staff-pins.json');
  writeStaffPin(pinFile, 'G001', 'guide', await hashPin('246810'), now());
  writeStaffPin(pinFile, 'A001', 'admin', await hashPin('13579135'), now());
  const first = await open();
  return {
    ...first,
    pinFile,
    advance: (ms: number) => (t += ms),
    /** The kiosk restarts: the database closed and opened again, everything else new. */
    restart: async () => {
      await first.db.close();
      return open();
    },
  };
}

describe('staff PINs', () => {
  it('are stored as salted scrypt hashes only, readable by the owner only', async () => {
    const { pinFile } = await setup();
    const text = fs.readFileSync(pinFile, 'utf8');
    expect(text).not.toContain('246810');
    expect(fs.statSync(pinFile).mode & 0o777).toBe(0o600);
    const pins = readStaffPins(pinFile);
    expect(pins.G001?.hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(pins.G001?.hash).not.toBe((await hashPin('246810')) as string);
    expect(await verifyPin('246810', pins.G001?.hash as string)).toBe(true);
    expect(await verifyPin('246811', pins.G001?.hash as string)).toBe(false);
  });
});

describe('guide access', () => {
  it('unlocks with the right PIN and records it', async () => {
    const { access, session, db } = await setup();
    expect(await access.unlockWithPin('G001', '246810')).toEqual({
      unlocked: true,
      staffId: 'G001',
      role: 'guide',
    });
    expect(session.state()).toEqual({
      audience: 'staff',
      staff: { id: 'G001', role: 'guide' },
      enterprise: null,
    });
    expect(session.hasAccess('staff')).toBe(true);
    expect(session.hasAccess('admin')).toBe(false);
    expect(db.read((d) => listAudit(d, { limit: 10 })).map((e) => e.action)).toEqual(['unlock']);
  });

  it('locks PIN entry for 5 minutes after 5 wrong tries, even for the right PIN', async () => {
    const { access, session, advance } = await setup();
    for (let i = 4; i >= 1; i--) {
      expect(await access.unlockWithPin('G001', '000000')).toEqual({
        unlocked: false,
        reason: 'wrong-pin',
        triesLeft: i,
      });
    }
    const fifth = await access.unlockWithPin('G001', '000000');
    expect(fifth).toMatchObject({ unlocked: false, reason: 'locked-out' });
    expect(await access.unlockWithPin('G001', '246810')).toMatchObject({
      unlocked: false,
      reason: 'locked-out',
    });
    expect(session.hasAccess('staff')).toBe(false);
    // Unknown ids are counted like known ones: the answers do not tell which ids exist.
    for (let i = 4; i >= 1; i--)
      expect(await access.unlockWithPin('NOBODY', '000000')).toMatchObject({ triesLeft: i });
    expect(await access.unlockWithPin('NOBODY', '000000')).toMatchObject({ reason: 'locked-out' });
    advance(4 * 60_000 + 59_000);
    expect(await access.unlockWithPin('G001', '246810')).toMatchObject({ reason: 'locked-out' });
    advance(2_000);
    expect(await access.unlockWithPin('G001', '246810')).toMatchObject({ unlocked: true });
  });

  it('weighs at most 5 of 40 concurrent wrong PINs; the right one sent with them is locked out, also after a restart', async () => {
    const { access, session, db, restart, advance } = await setup();
    const tries = [
      ...Array.from({ length: 40 }, (_, i) => access.unlockWithPin('G001', String(100000 + i))),
      access.unlockWithPin('G001', '246810'),
    ];
    const results = await Promise.all(tries);
    expect(results.filter((r) => r.unlocked)).toEqual([]);
    expect(results.at(-1)).toMatchObject({ unlocked: false, reason: 'locked-out' });
    expect(results.filter((r) => !r.unlocked && r.reason === 'wrong-pin')).toHaveLength(4);
    expect(session.hasAccess('staff')).toBe(false);
    // Weighed: exactly the five wrong PINs that led to the lock (each one audited).
    const refusals = db
      .read((d) => listAudit(d, { limit: 100 }))
      .filter((e) => e.action === 'unlock-refused');
    expect(refusals).toHaveLength(5);

    // A restart does not reset it: the right PIN is still refused until the lock ends.
    const again = await restart();
    expect(await again.access.unlockWithPin('G001', '246810')).toMatchObject({
      reason: 'locked-out',
    });
    advance(5 * 60_000 + 1_000);
    // Five more wrong PINs after the lock ended: the next lock lasts twice as long.
    for (let i = 0; i < 5; i++) await again.access.unlockWithPin('G001', '999999');
    const second = await again.access.unlockWithPin('G001', '246810');
    expect(second).toMatchObject({ reason: 'locked-out' });
    const until = Date.parse((second as { lockedUntil: string }).lockedUntil);
    expect(until - Date.parse('2026-11-27T02:05:01Z')).toBe(10 * 60_000);
    advance(10 * 60_000);
    expect(await again.access.unlockWithPin('G001', '246810')).toMatchObject({ unlocked: true });
    await again.db.close();
  }, 60_000);

  it('locks itself after 2 minutes without a staff call', async () => {
    const { access, session, advance } = await setup();
    await access.unlockWithPin('A001', '13579135');
    advance(119_000);
    expect(session.hasAccess('admin')).toBe(true);
    advance(119_000);
    expect(session.hasAccess('staff')).toBe(true);
    advance(121_000);
    expect(session.hasAccess('staff')).toBe(false);
    expect(session.state().audience).toBe('anonymous');
  });

  it('keeps the audit log append-only', async () => {
    const { access, db } = await setup();
    await access.unlockWithPin('G001', '246810');
    await expect(db.write((d) => run(d, "UPDATE audit_log SET staff_id = 'X'"))).rejects.toThrow(
      /append-only/,
    );
    await expect(db.write((d) => run(d, 'DELETE FROM audit_log'))).rejects.toThrow(/append-only/);
    expect(db.read((d) => listAudit(d, { limit: 10 }))).toHaveLength(1);
  });
});
