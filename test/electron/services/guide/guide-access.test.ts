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
  const db = await openDatabase({
    dir: path.join(dir, 'db'),
    migrations: MIGRATIONS,
    log: createMemoryLogger(),
  });
  const session = createSessionService({ now, staffIdleMs: 120_000 });
  const pinFile = path.join(dir, 'staff-pins.json');
  writeStaffPin(pinFile, 'G001', 'guide', await hashPin('246810'), now());
  writeStaffPin(pinFile, 'A001', 'admin', await hashPin('13579135'), now());
  const access = createGuideAccess({ db, session, log: createMemoryLogger(), now, pinFile });
  return { db, session, access, pinFile, advance: (ms: number) => (t += ms) };
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
    const fifth = await access.unlockWithPin('NOBODY', '000000');
    expect(fifth).toMatchObject({ unlocked: false, reason: 'locked-out' });
    expect(await access.unlockWithPin('G001', '246810')).toMatchObject({
      unlocked: false,
      reason: 'locked-out',
    });
    expect(session.hasAccess('staff')).toBe(false);
    advance(4 * 60_000 + 59_000);
    expect(await access.unlockWithPin('G001', '246810')).toMatchObject({ reason: 'locked-out' });
    advance(2_000);
    expect(await access.unlockWithPin('G001', '246810')).toMatchObject({ unlocked: true });
  });

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
