// What the kiosk tells the back office besides requests: help calls (queued in the same
// transaction as the stored call, only when a back office is configured) and the heartbeat's
// real health — the printer as CUPS and the last print see it, disk, backlog, versions. Each case
// with a back office runs against the reference receiver and the real back office.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../electron/services/storage/migrations/index';
import { all } from '../../../electron/services/storage/sql';
import { createStubPrinting } from '../../support/stub-printing';
import {
  backOfficeTargets,
  warmUpTargets,
  type BackOfficeTarget,
  type TargetFactory,
} from '../../support/back-office-targets';
import { newKioskSecret } from '../../support/reference-receiver';
import { startHarness, startupArgs, type Harness } from '../../support/kiosk-harness';

let h: Harness | null = null;
let receiver: BackOfficeTarget | null = null;
// The real back office's embedded database takes seconds to start on a busy machine.
beforeAll(() => warmUpTargets(), 180_000);
const savedPath = process.env.PATH;
beforeEach(() => {
  process.env.PATH = savedPath;
});
afterEach(async () => {
  process.env.PATH = savedPath;
  await h?.close();
  await receiver?.close();
  h = null;
  receiver = null;
});

/** One schema's text in docs/back-office-api.yaml (from its name to the next schema). */
function documentedSchema(name: string): string {
  const doc = fs.readFileSync(
    path.resolve(__dirname, '../../../docs/back-office-api.yaml'),
    'utf8',
  );
  const from = doc.indexOf(`\n    ${name}:\n`);
  if (from < 0) throw new Error(`${name} is not documented`);
  const rest = doc.slice(from + name.length + 7);
  const end = rest.search(/\n    [A-Za-z]+:\n/);
  return end < 0 ? rest : rest.slice(0, end);
}

/** The field names of a JSON object, nested objects' fields too (`a`, `a.b`). */
function fieldNames(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? [prefix + k, ...fieldNames(v as Record<string, unknown>, `${prefix}${k}.`)]
      : [prefix + k],
  );
}

/** The fields of `o` the schema text does not name as a property. */
function undocumented(o: Record<string, unknown>, schema: string): string[] {
  return fieldNames(o).filter((f) => !schema.includes(`${f.split('.').at(-1) ?? ''}:`));
}

async function until(what: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function withBackOffice(
  target: TargetFactory,
  config: object = {},
): Promise<{ h: Harness; rcv: BackOfficeTarget }> {
  const secret = newKioskSecret();
  receiver = await target.start({ kiosks: { DQ01: secret } });
  h = await startHarness({
    realClock: true,
    config: { backOffice: { endpoint: receiver.url, kioskSecret: secret }, ...config },
  });
  return { h, rcv: receiver };
}

for (const target of backOfficeTargets())
  describe.skipIf(target.skip !== null)(`help calls (${target.name})`, () => {
    it('reach the back office, queued with the stored call', async () => {
      const { h, rcv } = await withBackOffice(target);
      const { id } = await h.call('callGuide', { screen: 'request-new' });
      // Stored and queued by the same write.
      const rows = h.k.db.read((d) => ({
        calls: all(d, 'SELECT id, screen FROM help_calls'),
        queued: all(d, 'SELECT id, kind FROM outbox'),
      }));
      expect(rows).toEqual({
        calls: [{ id, screen: 'request-new' }],
        queued: [{ id, kind: 'help-call' }],
      });
      await until(async () => (await rcv.submission(id)) !== undefined);
      const stored = await rcv.submission(id);
      expect(stored).toMatchObject({
        kind: 'help-call',
        kioskId: 'DQ01',
        body: {
          schema: 'deqing.help-call/1',
          helpCallId: id,
          kioskId: 'DQ01',
          screen: 'request-new',
          centerName: '德清县企业综合服务中心',
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
        },
      });
      // The protocol file names every field the back office receives.
      const body = stored?.body ?? {};
      expect(undocumented(body, documentedSchema('HelpCallBody'))).toEqual([]);
    });
  });

describe('help calls, single site', () => {
  it('single site: stored for guide mode, nothing queued', async () => {
    h = await startHarness();
    const { id } = await h.call('callGuide', { screen: 'attract' });
    const rows = h.k.db.read((d) => ({
      calls: all(d, 'SELECT id FROM help_calls'),
      queued: all(d, 'SELECT id FROM outbox'),
    }));
    expect(rows).toEqual({ calls: [{ id }], queued: [] });
  });
});

for (const target of backOfficeTargets())
  describe.skipIf(target.skip !== null)(`the heartbeat (${target.name})`, () => {
    it('carries the printer as CUPS and the last print see it, disk, backlog and versions', async () => {
      const printing = createStubPrinting({ printers: ['Receipt80'], defaultPrinter: 'Receipt80' });
      const { h, rcv } = await withBackOffice(target);
      h.k.printing.use(printing.parts);
      const engine = h.k.sync.engine;
      if (!engine) throw new Error('no sync engine');
      // The one the kiosk sends at start; the next comes 5 minutes later, so these are ours.
      await until(async () => (await rcv.heartbeats()).length > 0);
      const beat = async () => {
        const before = (await rcv.heartbeats()).length;
        expect(await engine.sendHeartbeat(new AbortController().signal)).toBe(true);
        return (await rcv.heartbeats())[before]?.body as Record<string, Record<string, unknown>>;
      };

      const first = await beat();
      expect(first.printer).toEqual({
        state: 'ok',
        detail: null,
        printer: 'Receipt80',
        faultAt: null,
      });
      expect(first.versions).toMatchObject({
        app: 'test',
        schema: MIGRATIONS.at(-1)?.version,
        node: process.versions.node,
        catalog: expect.stringMatching(/^\S+ [0-9a-f]{12}$/) as string,
        holidaysThrough: h.k.calendar.lastCoveredYear,
      });
      expect(first.disk?.freeBytes).toBeGreaterThan(0);
      expect(first.disk?.totalBytes).toBeGreaterThanOrEqual(first.disk?.freeBytes as number);
      expect(first.storage).toMatchObject({ inService: true, reason: null });
      expect(first.devices).toMatchObject({ camera: 'unknown' });
      expect(first.config).toEqual({ invalidKeys: [] });
      // The day's searches that found nothing, for the back office's reports: a text asked twice
      // (the threshold) is named, one asked once only counted.
      expect(first.figures).toEqual({ searchMisses: { total: 0, minCount: 2, top: [] } });
      for (const query of ['zzqxwv', 'zzqxwv', 'qqvvzz'])
        await h.call('catalogSearch', { query, recordMiss: true });
      expect((await beat()).figures).toEqual({
        searchMisses: { total: 3, minCount: 2, top: [{ key: 'zzqxwv', label: null, n: 2 }] },
      });
      // The protocol file names every field the heartbeat carries.
      expect(undocumented(first, documentedSchema('Heartbeat'))).toEqual([]);

      // The receipt printer disappears and a print fails: the next heartbeat says so.
      const r = await h.call('requestSubmit', startupArgs());
      printing.setPrinters([], null);
      const out = await h.call('requestPrint', {
        ticket: r.ticket,
        document: 'receipt',
        heightMm: 150,
      });
      expect(out).toEqual({ outcome: 'fault', fault: 'printer-missing' });
      const faulty = await beat();
      expect(faulty.printer).toMatchObject({
        state: 'fault',
        detail: 'printer missing: no default printer',
        faultAt: expect.any(String) as string,
      });
      expect(faulty.backlog).toMatchObject({ dead: 0 });

      // Back but out of paper: the heartbeat says so before anybody prints.
      printing.setPrinters(['Receipt80'], 'Receipt80');
      printing.setCondition('Receipt80', { reasons: ['media-empty-error'] });
      expect((await beat()).printer).toMatchObject({
        state: 'fault',
        detail: 'media-empty: media-empty-error',
      });

      // Paper loaded, and a print completes: the fault clears.
      printing.setCondition('Receipt80', {});
      await h.call('requestPrint', { ticket: r.ticket, document: 'receipt', heightMm: 150 });
      expect((await beat()).printer).toMatchObject({ state: 'ok', printer: 'Receipt80' });

      // No print system at all is a fault too, even before any print.
      printing.setAvailable(false);
      expect((await beat()).printer).toMatchObject({
        state: 'fault',
        detail: expect.stringContaining('no print system') as string,
      });
    });

    it('reports the backlog waiting while the back office is busy', async () => {
      const secret = newKioskSecret();
      // Submissions are answered 503 (busy); heartbeats go through.
      const rcv = await target.start({
        kiosks: { DQ01: secret },
        fault: (a) =>
          /\/v1\/submission(s|-batches)$/.test(a.path) ? { type: 'status', status: 503 } : null,
      });
      receiver = rcv;
      h = await startHarness({
        realClock: true,
        config: { backOffice: { endpoint: rcv.url, kioskSecret: secret } },
      });
      await h.call('requestSubmit', startupArgs());
      await h.call('callGuide', { screen: 'attract' });
      await until(() => rcv.arrivals.some((a) => a.outcome === 'fault:503'));
      const engine = h.k.sync.engine;
      if (!engine) throw new Error('no sync engine');
      expect(await engine.sendHeartbeat(new AbortController().signal)).toBe(true);
      const body = (await rcv.heartbeats()).at(-1)?.body as Record<string, Record<string, unknown>>;
      expect(body.backlog).toMatchObject({
        pending: 2,
        dead: 0,
        oldestPendingAt: expect.stringMatching(/^\d{4}-/) as string,
      });
      expect((await rcv.storedIds()).size).toBe(0);
    });
  });
