// The console's queue filters and paging, the fleet overview's silent kiosks, and the reports
// (figures, CSV, PDF through Chromium), against requests submitted by kiosks.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addStaffUser } from '../../../../back-office/server/staff/sign-in';
import {
  createReportPdf,
  reportChromiumPath,
} from '../../../../back-office/server/work/report-pdf';
import { reportHtml } from '../../../../back-office/server/work/report-html';
import { buildReport, periodRange, reportCsv } from '../../../../back-office/server/work/reports';
import { act } from '../../../../back-office/server/work/console-actions';
import { insertHeartbeat } from '../../../../back-office/server/repositories/heartbeat-repository';
import { wallClock } from '../../../../electron/services/calendar/wall-clock';
import { testPglite } from '../../../support/back-office-db';
import { signal, startRig, wire, type Rig } from '../harness';

beforeAll(() => testPglite().then(() => undefined), 180_000);

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function dispatcher(r: Rig): Promise<
  (path: string) => Promise<{
    status: number; // Each test reads the shape it asked for.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    json: any;
    text: string;
    type: string | null;
  }>
> {
  await r.db.exec('TRUNCATE staff_users CASCADE');
  await addStaffUser(r.db, {
    username: 'chen',
    role: 'dispatcher',
    department: null,
    password: 'dispatcher-pass',
    actor: 't',
    now: new Date(r.clock.now).toISOString(),
  });
  const res = await fetch(`${r.service.url}/console-api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
    body: JSON.stringify({ username: 'chen', password: 'dispatcher-pass' }),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  // Behind a TLS proxy the cookie is Secure.
  expect(setCookie).toMatch(/; Secure/);
  const cookie = setCookie.split(';')[0] ?? '';
  return async (path) => {
    const out = await fetch(`${r.service.url}/console-api/${path}`, { headers: { cookie } });
    const text = await out.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: out.status, json, text, type: out.headers.get('content-type') };
  };
}

describe('console queue, fleet and reports (pglite)', () => {
  it('filters by board, town, due, and pages by promised date', async () => {
    rig = await startRig('pglite');
    const r = rig;
    const a = await r.kiosk('DQ01');
    const b = await r.kiosk('DQ02');
    await r.db.query(`UPDATE kiosks SET town = '新市镇' WHERE kiosk_id = 'DQ02'`);
    const subs = [];
    for (let i = 0; i < 5; i++) {
      const s = wire(0, i < 3 ? 'DQ01' : 'DQ02');
      await (i < 3 ? a : b).client.submit(s, signal);
      subs.push(s);
    }
    // Make one overdue and one due today (in the center's calendar).
    const today = wallClock(new Date(r.clock.now), r.rules.timeZone).date;
    await r.db.query(`UPDATE requests SET due_date = $2::date - 3 WHERE id = $1`, [
      subs[0]?.id,
      today,
    ]);
    await r.db.query(`UPDATE requests SET due_date = $2::date WHERE id = $1`, [subs[4]?.id, today]);
    await r.db.query(`UPDATE requests SET board = 'policy' WHERE id = $1`, [subs[1]?.id]);
    const get = await dispatcher(r);
    const ids = async (q: string) =>
      ((await get(`queue?${q}`)).json.items as { id: string }[]).map((x) => x.id);
    expect((await get('queue')).json.counts).toEqual({ overdue: 1, today: 1 });
    expect(await ids('due=overdue')).toEqual([subs[0]?.id]);
    expect(await ids('due=today')).toEqual([subs[4]?.id]);
    expect(await ids('board=policy')).toEqual([subs[1]?.id]);
    expect((await ids('town=新市镇')).sort()).toEqual([subs[3]?.id, subs[4]?.id].sort());
    expect(await ids('kioskId=DQ02')).toHaveLength(2);
    // Pages of two, by promised date: the overdue one first, nothing twice, nothing missed.
    const seen: string[] = [];
    let after = '';
    for (let i = 0; i < 5; i++) {
      const page = (await get(`queue?limit=2${after ? `&after=${after}` : ''}`)).json as {
        items: { id: string }[];
        next: string | null;
      };
      seen.push(...page.items.map((x) => x.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen[0]).toBe(subs[0]?.id);
    expect(new Set(seen).size).toBe(5);
    expect((await get('queue?after=bogus')).status).toBe(400);
  });

  it('the fleet flags a kiosk silent for 15 minutes', async () => {
    rig = await startRig('pglite');
    const r = rig;
    const a = await r.kiosk('DQ01');
    await r.kiosk('DQ02');
    await a.client.submit(wire(0, 'DQ01'), signal);
    const get = await dispatcher(r);
    let fleet = (await get('fleet')).json as {
      kiosks: { kioskId: string; online: boolean; silent: boolean }[];
    };
    expect(fleet.kiosks.map((k) => [k.kioskId, k.online, k.silent])).toEqual([
      ['DQ01', true, false],
      ['DQ02', false, true],
    ]);
    r.clock.now += 16 * 60_000;
    fleet = (await get('fleet')).json;
    expect(fleet.kiosks.map((k) => k.silent)).toEqual([true, true]);
  });

  it('reports count arrivals, on-time completions and satisfaction per county, town and department; CSV and PDF', async () => {
    rig = await startRig('pglite');
    const r = rig;
    const a = await r.kiosk('DQ01');
    await r.db.query(`UPDATE kiosks SET town = '武康街道'`);
    const subs = [wire(0), wire(1), wire(2)];
    for (const s of subs) await a.client.submit(s, signal);
    const done = await act(r.db, {
      requestId: subs[0]?.id as string,
      action: 'complete',
      note: '已办结',
      version: 0,
      actor: { username: 'chen', role: 'dispatcher', department: null },
      now: new Date(r.clock.now).toISOString(),
    });
    expect(done.ok).toBe(true);
    const good = wire(4);
    good.body = { ...good.body, requestId: subs[0]?.id, level: 'satisfied' };
    const bad = wire(4);
    bad.body = { ...bad.body, requestId: subs[1]?.id, level: 'unsatisfied' };
    await a.client.submit(good, signal);
    await a.client.submit(bad, signal);
    const today = wallClock(new Date(r.clock.now), r.rules.timeZone).date;
    // Searches that found nothing, from the kiosks' heartbeats: the day's figures so far, so the
    // last heartbeat of each day counts (two days here) and an earlier one of the same day not.
    const beat = (at: number, top: { key: string; n: number }[]) =>
      insertHeartbeat(r.db, {
        kioskId: 'DQ01',
        receivedAt: new Date(at).toISOString(),
        kioskAt: null,
        body: { figures: { searchMisses: { total: 0, minCount: 2, top } } },
      });
    const day = 86_400_000;
    const monday = Date.parse(`${periodRange('week', today).from}T04:00:00+08:00`);
    await beat(monday, [{ key: '排污许可', n: 2 }]);
    await beat(monday + 3_600_000, [{ key: '排污许可', n: 3 }]);
    await beat(monday + day, [
      { key: '排污许可', n: 2 },
      { key: '出口退税', n: 4 },
    ]);
    const report = await buildReport(r.db, r.rules, 'week', today, r.clock.now);
    expect(report.searchMisses).toEqual([
      { text: '排污许可', n: 5 },
      { text: '出口退税', n: 4 },
    ]);
    expect(periodRange('week', '2026-12-03')).toEqual({ from: '2026-11-30', until: '2026-12-07' });
    expect(periodRange('month', '2026-12-03')).toEqual({ from: '2026-12-01', until: '2027-01-01' });
    const county = report.rows.find((x) => x.scope === 'county');
    expect(county).toMatchObject({
      received: 3,
      completed: 1,
      completedOnTime: 1,
      onTimeRate: 1,
      ratings: 2,
      satisfied: 1,
      satisfaction: 0.5,
    });
    expect(report.rows.find((x) => x.scope === 'town')).toMatchObject({
      name: '武康街道',
      received: 3,
    });
    expect(report.rows.find((x) => x.scope === 'department')).toMatchObject({
      name: '县市场监管局',
      received: 3,
    });

    const get = await dispatcher(r);
    const csv = await get(`reports?period=week&date=${today}&format=csv`);
    expect(csv.type).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toContain('受理量');
    expect(csv.text).toContain('全县,全县,3,');
    expect(reportCsv({ ...report, rows: [{ ...report.rows[0]!, name: '=cmd()' }] })).toContain(
      "'=cmd()",
    );

    const chromium = reportChromiumPath();
    if (!chromium) {
      console.log('SKIPPED (PDF): no Chromium at CHROMIUM_PATH or /usr/bin/chromium');
      if (process.env.CI) throw new Error('no Chromium in CI');
      return;
    }
    const pdf = await createReportPdf(chromium)(reportHtml(report));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
  }, 120_000);
});
