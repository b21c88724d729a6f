import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdentityService } from '../../../../electron/services/identity/identity-service';
import { countNonces } from '../../../../electron/services/identity/nonce-repository';
import { generateKeyPair, signToken } from '../../../../electron/services/identity/tokens';
import { createKioskServices, type KioskServices } from '../../../../electron/compose';
import { createMemoryLogger } from '../../../../electron/services/logger';
import { createSessionService } from '../../../../electron/services/session';

const codeKey = generateKeyPair('code1');
const badgeKey = generateKeyPair('badge1');
const SEEDED = '91330521DQ0000018A'; // 德清星图测绘地理信息有限公司, legal representative 张三
const UNKNOWN = '91330521DQ9999999E'; // valid, not seeded

let clock = new Date('2025-06-12T02:00:00Z');
const open: KioskServices[] = [];
const dirs: string[] = [];

async function start(config: object = {}, dir?: string): Promise<KioskServices> {
  const root = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-id-'));
  if (!dir) dirs.push(root);
  fs.writeFileSync(
    path.join(root, 'config.json'),
    JSON.stringify({
      identity: {
        enterpriseKeys: { code1: codeKey.publicKey },
        staffKeys: { badge1: badgeKey.publicKey },
      },
      ...config,
    }),
  );
  const s = await createKioskServices({
    dataRoot: root,
    shell: 'browser',
    appVersion: 'test',
    now: () => clock,
    log: createMemoryLogger(),
  });
  open.push(s);
  return s;
}

const code = (uscc = SEEDED, issuedAt = clock, ttlSeconds = 300) =>
  signToken({
    kid: 'code1',
    secretKey: codeKey.secretKey,
    subject: { kind: 'enterprise', uscc },
    issuedAt,
    ttlSeconds,
  }).token;
const badge = (role: 'guide' | 'admin' = 'guide') =>
  signToken({
    kid: 'badge1',
    secretKey: badgeKey.secretKey,
    subject: { kind: 'staff', staffId: 'G007', role },
    issuedAt: clock,
  }).token;

afterEach(async () => {
  while (open.length) await open.pop()?.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  clock = new Date('2025-06-12T02:00:00Z');
});

describe('identification', () => {
  it('a static code is a public lookup: public facts only, no legal representative', async () => {
    const s = await start();
    const r = await s.identity.identifyScan(
      `http://www.gsxt.gov.cn/index.html?uniscid=${SEEDED}`,
      'camera',
    );
    expect(r).toMatchObject({
      outcome: 'enterprise',
      audience: 'public',
      uscc: SEEDED,
      verified: false,
    });
    if (r.outcome !== 'enterprise' || !r.profile) throw new Error('no profile');
    expect(r.profile.level).toBe('public');
    expect(r.profile.facts).toMatchObject({
      name: '德清星图测绘地理信息有限公司',
      status: 'operating',
      demo: true,
    });
    expect(Object.keys(r.profile.facts).sort()).toEqual(
      [
        'address',
        'businessScopeSummary',
        'demo',
        'entityType',
        'name',
        'registeredOn',
        'status',
        'uscc',
      ].sort(),
    );
    expect(JSON.stringify(r)).not.toContain('张');
    expect(s.session.state()).toMatchObject({
      audience: 'public',
      enterprise: { uscc: SEEDED, verified: false },
    });
    expect(s.session.hasAccess('staff')).toBe(false);
  });

  it('a signed dynamic code shows the full profile, the legal representative masked', async () => {
    const s = await start();
    const r = await s.identity.identifyScan(code(), 'camera');
    expect(r).toMatchObject({ outcome: 'enterprise', audience: 'enterprise', verified: true });
    if (r.outcome !== 'enterprise' || r.profile?.level !== 'full') throw new Error('not full');
    expect(r.profile.detail.legalRepresentativeMasked).toBe('张*');
    expect(r.profile.detail.tags).toContain('地理信息');
    expect(r.profile.detail.benefitsReceived[0]).toMatchObject({ measureNo: 2 });
    expect(JSON.stringify(r)).not.toContain('张三');
    expect(s.identity.view()).toMatchObject({
      audience: 'enterprise',
      uscc: SEEDED,
      verified: true,
    });
  });

  it('a token is accepted once: a replay is refused, also after a restart', async () => {
    const s = await start();
    const token = code();
    expect((await s.identity.identifyScan(token, 'camera')).outcome).toBe('enterprise');
    s.identity.reset();
    expect(await s.identity.identifyScan(token, 'usb-scanner')).toMatchObject({
      outcome: 'refused',
      reason: 'replayed',
    });
    expect(s.session.state().audience).toBe('anonymous');
    const root = s.dirs.root;
    await s.close();
    open.splice(open.indexOf(s), 1);
    const again = await start({}, root);
    expect(await again.identity.identifyScan(token, 'camera')).toMatchObject({
      outcome: 'refused',
      reason: 'replayed',
    });
  });

  it('refuses expired, tampered, not-yet-valid and unknown-key tokens with their reason', async () => {
    const s = await start();
    const old = code(SEEDED, new Date(clock.getTime() - 10 * 60_000));
    expect(await s.identity.identifyScan(old, 'camera')).toMatchObject({
      outcome: 'refused',
      reason: 'expired',
    });
    const t = code();
    const tampered = t.slice(0, 40) + (t[40] === 'A' ? 'B' : 'A') + t.slice(41);
    expect(await s.identity.identifyScan(tampered, 'camera')).toMatchObject({ outcome: 'refused' });
    expect((await s.identity.identifyScan(tampered, 'camera')).outcome).toBe('refused');
    const future = code(SEEDED, new Date(clock.getTime() + 5 * 60_000));
    expect(await s.identity.identifyScan(future, 'camera')).toMatchObject({
      reason: 'not-yet-valid',
    });
    const stranger = generateKeyPair('other');
    const foreign = signToken({
      kid: 'other',
      secretKey: stranger.secretKey,
      subject: { kind: 'enterprise', uscc: SEEDED },
    }).token;
    expect(await s.identity.identifyScan(foreign, 'camera')).toMatchObject({
      reason: 'unknown-key',
    });
    expect(s.session.state().audience).toBe('anonymous');
    // The untampered token still works: a refusal used nothing up.
    expect((await s.identity.identifyScan(t, 'camera')).outcome).toBe('enterprise');
  });

  it('prunes used nonces once their tokens could no longer be accepted', async () => {
    const s = await start();
    await s.identity.identifyScan(code(), 'camera');
    await s.identity.identifyScan(code(), 'camera');
    expect(s.db.read(countNonces)).toBe(2);
    // Still acceptable within the skew (300 s + 30 s): kept.
    clock = new Date(clock.getTime() + 329_000);
    await s.identity.identifyScan(code(), 'camera');
    expect(s.db.read(countNonces)).toBe(3);
    // Past expiry + skew: the first two go.
    clock = new Date(clock.getTime() + 2_000);
    await s.identity.identifyScan(code(), 'camera');
    expect(s.db.read(countNonces)).toBe(2);
  });

  it('a staff badge makes the session staff; staff see full profiles of codes they look up', async () => {
    const s = await start();
    expect(await s.identity.identifyScan(badge(), 'usb-scanner')).toEqual({
      outcome: 'staff',
      audience: 'staff',
      staff: { id: 'G007', role: 'guide' },
    });
    expect(s.session.hasAccess('staff')).toBe(true);
    expect(s.session.hasAccess('admin')).toBe(false);
    const r = await s.identity.identifyScan(SEEDED, 'usb-scanner');
    expect(r).toMatchObject({ outcome: 'enterprise', audience: 'staff', verified: false });
    expect(r.outcome === 'enterprise' && r.profile?.level).toBe('full');
    expect(s.session.state().staff).toEqual({ id: 'G007', role: 'guide' });
  });

  it('an unknown but valid code: no file, still a public session with the code', async () => {
    const s = await start();
    expect(await s.identity.identifyScan(UNKNOWN, 'camera')).toEqual({
      outcome: 'enterprise',
      audience: 'public',
      uscc: UNKNOWN,
      verified: false,
      profile: null,
    });
  });

  it('a signed code with what a scanner adds around it (newline, spaces) is accepted, through the call too', async () => {
    const s = await start();
    expect(await s.identity.identifyScan(`${code()}\r\n`, 'usb-scanner')).toMatchObject({
      outcome: 'enterprise',
      verified: true,
    });
    const out = await s.dispatch(
      'identifyScan',
      { text: ` \t${badge('admin')}\n`, via: 'camera' },
      { transport: 'http' },
    );
    expect(out).toMatchObject({ ok: true, value: { outcome: 'staff', staff: { role: 'admin' } } });
  });

  it('a failed check, a ticket and anything else leave the session alone', async () => {
    const s = await start();
    await s.identity.identifyScan(SEEDED, 'camera');
    expect(await s.identity.identifyScan('91350211M00013FA1N', 'camera')).toEqual({
      outcome: 'refused',
      reason: 'check-char-failed',
      uscc: '91350211M00013FA1N',
      kind: 'bare-code',
    });
    expect(await s.identity.identifyScan('DQT1.DQ01-20250612-0042', 'camera')).toEqual({
      outcome: 'ticket',
      ticket: 'DQ01-20250612-0042',
      code: null,
    });
    // A receipt printed with its tracking code carries it in the QR.
    expect(await s.identity.identifyScan('DQT2.DQ01-20250612-0042.048213', 'camera')).toEqual({
      outcome: 'ticket',
      ticket: 'DQ01-20250612-0042',
      code: '048213',
    });
    expect(await s.identity.identifyScan('javascript:alert(1)', 'camera')).toMatchObject({
      outcome: 'refused',
      reason: 'unsupported-url',
    });
    expect(s.session.state().enterprise?.uscc).toBe(SEEDED);
  });

  it('keyed entry takes credit codes only', async () => {
    const s = await start();
    expect(await s.identity.identifyKeyed(SEEDED.toLowerCase())).toMatchObject({
      outcome: 'enterprise',
      uscc: SEEDED,
    });
    expect(await s.identity.identifyKeyed(code())).toMatchObject({
      outcome: 'refused',
      reason: 'not-understood',
    });
    expect(await s.identity.identifyKeyed('91330521DQ0000018B')).toMatchObject({
      reason: 'check-char-failed',
    });
  });

  it('demo enterprises disappear when demoData is off', async () => {
    const s = await start();
    expect(s.enterprises.list().length).toBeGreaterThanOrEqual(24);
    const root = s.dirs.root;
    await s.close();
    open.splice(open.indexOf(s), 1);
    const off = await start({ demoData: false }, root);
    expect(off.enterprises.list()).toEqual([]);
    expect(await off.identity.identifyScan(SEEDED, 'camera')).toMatchObject({
      outcome: 'enterprise',
      profile: null,
    });
  });

  it('the renderer never receives the stored legal representative through any call', async () => {
    const s = await start();
    const ctx = { transport: 'http' as const };
    const results = [
      await s.dispatch('identifyScan', { text: code(), via: 'camera' }, ctx),
      await s.dispatch('enterpriseProfile', {}, ctx),
      await s.dispatch('identifyScan', { text: badge(), via: 'usb-scanner' }, ctx),
      await s.dispatch('enterpriseProfile', {}, ctx),
    ];
    for (const r of results) expect(r.ok).toBe(true);
    expect(JSON.stringify(results)).not.toContain('张三');
    expect(await s.dispatch('sessionEnd', { reason: 'finish' }, ctx)).toEqual({
      ok: true,
      value: { ended: true, session: s.session.id() },
    });
    expect(await s.dispatch('enterpriseProfile', {}, ctx)).toMatchObject({
      ok: true,
      value: { audience: 'anonymous', profile: null, staff: null },
    });
    expect(
      await s.dispatch('identifyScan', { text: 'x'.repeat(9000), via: 'camera' }, ctx),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGS' },
    });
    expect(
      await s.dispatch('identifyScan', { text: 'x'.repeat(3000), via: 'camera' }, ctx),
    ).toMatchObject({
      ok: true,
      value: { outcome: 'refused', reason: 'too-long' },
    });
  });
});

describe('identification when storage fails', () => {
  it('refuses a signed token it cannot record as used (no unrecorded acceptance)', async () => {
    const s = await start();
    const failing = createIdentityService({
      db: {
        ...s.db,
        write: () => Promise.reject(new Error('ENOSPC: no space left on device')),
      },
      session: createSessionService(),
      enterprises: s.enterprises,
      config: s.config,
      log: createMemoryLogger(),
      now: () => clock,
    });
    expect(await failing.identifyScan(code(), 'camera')).toMatchObject({
      outcome: 'refused',
      reason: 'verification-unavailable',
    });
    // A static code needs no write and still works.
    expect(await failing.identifyScan(SEEDED, 'camera')).toMatchObject({ outcome: 'enterprise' });
  });
});
