// The policy calls through the dispatcher over real services: matching only for a verified
// enterprise or staff assisting one, never for the public or an anonymous screen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MeasureDetail, PolicyMatchResult } from '../../../electron/domain/policy-match';
import { createKioskServices, type KioskServices } from '../../../electron/services/kiosk-services';
import { createMemoryLogger } from '../../../electron/services/logger';
import { createStubPrinting } from '../../support/stub-printing';

let k: KioskServices;
let dir: string;
const ctx = { transport: 'http' as const };
const GEO = '91330521DQ0000018A';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-policy-calls-'));
  k = await createKioskServices({
    dataRoot: dir,
    shell: 'browser',
    appVersion: 'test',
    log: createMemoryLogger(),
    now: () => new Date('2025-06-01T02:00:00Z'),
  });
});
afterAll(async () => {
  await k.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => k.session.reset());

const call = (name: string, args: unknown = {}) => k.dispatch(name, args, ctx);

describe('policyMatches', () => {
  it('is refused to an anonymous screen and to the public audience (a static code)', async () => {
    expect(await call('policyMatches')).toMatchObject({
      ok: false,
      error: { code: 'NOT_VERIFIED' },
    });
    await k.identity.identifyKeyed(GEO);
    expect(k.session.state()).toMatchObject({ audience: 'public' });
    expect(await call('policyMatches')).toMatchObject({
      ok: false,
      error: { code: 'NOT_VERIFIED' },
    });
  });

  it('answers a verified enterprise with its ranked matches', async () => {
    k.session.set({
      audience: 'enterprise',
      staff: null,
      enterprise: { uscc: GEO, verified: true },
    });
    const out = await call('policyMatches');
    expect(out.ok).toBe(true);
    const r = (out as { value: PolicyMatchResult }).value;
    expect(r).toMatchObject({ uscc: GEO, today: '2025-06-01', stage: 'operation' });
    expect(r.measures.map((m) => m.no)).toEqual(expect.arrayContaining([38, 44, 48]));
    expect(r.bundles.some((b) => b.name === '地信+企业开办')).toBe(true);
  });

  it('answers staff assisting an enterprise, even one identified by a static code', async () => {
    k.session.set({ audience: 'staff', staff: { id: 'G1', role: 'guide' }, enterprise: null });
    expect(await call('policyMatches')).toMatchObject({
      ok: false,
      error: { code: 'NOT_VERIFIED' },
    });
    await k.identity.identifyKeyed(GEO);
    expect(k.session.state()).toMatchObject({ audience: 'staff', enterprise: { verified: false } });
    expect((await call('policyMatches')).ok).toBe(true);
  });

  it('NO_PROFILE for a verified code this kiosk has no file for', async () => {
    k.session.set({
      audience: 'enterprise',
      staff: null,
      enterprise: { uscc: '91330521DQ9999999E', verified: true },
    });
    expect(await call('policyMatches')).toMatchObject({ ok: false, error: { code: 'NO_PROFILE' } });
  });
});

describe('policySheetPrint', () => {
  it('prints the verified enterprise’s sheet on A4 through main’s print path, only what the sheet shows', async () => {
    const printing = createStubPrinting({ printers: ['OfficeA4'], defaultPrinter: 'OfficeA4' });
    k.printing.use(printing.parts);
    expect(await call('policySheetPrint', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_VERIFIED' },
    });
    expect(printing.rendered).toEqual([]);

    k.session.set({
      audience: 'enterprise',
      staff: null,
      enterprise: { uscc: GEO, verified: true },
    });
    expect(await call('policySheetPrint', { locale: 'en' })).toMatchObject({
      ok: true,
      value: { outcome: 'printed', printer: 'OfficeA4' },
    });
    const [job] = printing.rendered;
    expect(job).toMatchObject({ document: 'policy-sheet', locale: 'en', pageSize: 'A4' });
    const sheet = job?.document === 'policy-sheet' ? job.sheet : null;
    expect(sheet).toMatchObject({ uscc: GEO, today: '2025-06-01' });
    expect(Object.keys(sheet ?? {}).sort()).toEqual(
      [
        'bundles',
        'catalog',
        'centerName',
        'measures',
        'name',
        'stations',
        'today',
        'total',
        'unclaimed',
        'uscc',
      ].sort(),
    );
    // One page: the first ten measures, each with one reason.
    expect(sheet?.measures.length).toBe(10);
    expect(sheet?.total).toBeGreaterThan(10);
    expect(sheet?.measures[0]?.reason).toMatchObject({ zh: expect.any(String) });
    expect(sheet?.bundles).toContain('地信+企业开办');
    // The spool job's title names the document and the day, not the enterprise.
    expect(printing.submitted[0]).toMatchObject({
      title: 'policy-sheet 2025-06-01',
      pageSize: 'A4',
    });
  });
});

describe('catalogMeasure', () => {
  it('gives a measure with its channels, board and facets to anyone', async () => {
    const out = await call('catalogMeasure', { no: 2 });
    const m = (out as { value: MeasureDetail }).value;
    expect(m.channels).toEqual({
      online: '浙江税务征纳沟通平台',
      offline: '窗口服务',
      other: null,
    });
    expect(m.boardDetail).toMatchObject({ id: 'policy', leadDepartments: ['县企业综合服务中心'] });
    expect(m.facets.delivery?.id).toBe('no-application');
  });

  it('NOT_FOUND past the last measure; BAD_ARGS for a non-number', async () => {
    expect(await call('catalogMeasure', { no: 176 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('catalogMeasure', { no: '2' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGS' },
    });
  });
});
