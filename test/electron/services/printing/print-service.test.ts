// The print service: a missing printer or a failing spooler is a fault (recorded, shown in guide
// mode's health, reported to the heartbeat) and never loses the request; a good print clears it.
// The spooler is exercised with a fake CUPS on PATH.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskHealth } from '../../../../electron/domain/guide';
import type { PrintOutcome } from '../../../../electron/domain/printing';
import type { ReceiptView } from '../../../../electron/domain/request';
import { listPrinters } from '../../../../electron/services/printers';
import { spoolPdf } from '../../../../electron/services/printing/spooler';
import { all } from '../../../../electron/services/storage/sql';
import { createFakeCups } from '../../../support/fake-cups';
import { startHarness, startupArgs, type Harness } from '../requests/harness';

let h: Harness | null = null;
const savedPath = process.env.PATH;
beforeEach(() => {
  process.env.PATH = savedPath;
});
afterEach(async () => {
  process.env.PATH = savedPath;
  await h?.close();
  h = null;
});

describe('spooling a PDF', () => {
  it('hands the file to lp for the named queue, and reports lp’s refusal', async () => {
    const cups = createFakeCups({ printers: ['Receipt80'], defaultPrinter: 'Receipt80' });
    const pdf = Buffer.from('%PDF-1.4 fake');
    await spoolPdf(pdf, 'Receipt80', { title: 'receipt T1', lp: path.join(cups.binDir, 'lp') });
    const [job] = cups.spooled();
    expect(job?.args).toMatch(/^-d Receipt80 -t receipt T1 -- \S+document\.pdf$/);
    expect(fs.readFileSync(job?.file ?? '')).toEqual(pdf);
    const failing = createFakeCups({
      printers: [],
      defaultPrinter: null,
      lpFails: 'lp: Error - The printer or class does not exist.',
    });
    await expect(
      spoolPdf(pdf, 'Gone', { title: 'x', lp: path.join(failing.binDir, 'lp') }),
    ).rejects.toThrow('lp failed: lp: Error - The printer or class does not exist.');
    await expect(spoolPdf(pdf, null, { title: 'x', lp: '/nonexistent/lp' })).rejects.toThrow(
      'lp is not installed',
    );
  });
});

describe('printing a receipt', () => {
  it('without a printer: a fault, recorded and shown in guide mode; the request is stored', async () => {
    const cups = createFakeCups({ printers: ['OfficeA4'], defaultPrinter: 'OfficeA4' });
    process.env.PATH = cups.path();
    h = await startHarness({ config: { printer: { receiptPrinter: 'Receipt80' } } });
    const r = await h.call<ReceiptView>('requestSubmit', startupArgs());
    const out = await h.call<PrintOutcome>('requestPrint', {
      ticket: r.ticket,
      document: 'receipt',
      heightMm: 160,
    });
    expect(out).toEqual({ outcome: 'fault', fault: 'printer-missing' });
    expect(h.k.db.read((d) => all(d, 'SELECT ticket FROM requests'))).toHaveLength(1);
    const events = h.k.db.read((d) =>
      all<{ kind: string; detail: string }>(d, 'SELECT kind, detail FROM events'),
    );
    expect(events).toEqual([
      { kind: 'printer-fault', detail: 'receipt: printer-missing Receipt80' },
    ]);

    h.as({ audience: 'staff', staff: { id: 'G7', role: 'guide' } });
    const health = await h.call<KioskHealth>('guideHealth', {});
    expect(health.items.find((i) => i.id === 'printer')).toMatchObject({
      ok: false,
      note: 'printerMissing',
    });
    expect(h.k.printing.health()).toMatchObject({ state: 'fault' });
  });

  it('browser host: checks the printer, then the page prints itself; a reprint is audited', async () => {
    const cups = createFakeCups({
      printers: ['Receipt80', 'OfficeA4'],
      defaultPrinter: 'Receipt80',
    });
    process.env.PATH = cups.path();
    expect((await listPrinters()).printers).toEqual(['Receipt80', 'OfficeA4']);
    h = await startHarness();
    const r = await h.call<ReceiptView>('requestSubmit', startupArgs());
    expect(
      await h.call('requestPrint', { ticket: r.ticket, document: 'receipt', heightMm: 150 }),
    ).toEqual({
      outcome: 'renderer',
      printer: 'Receipt80',
    });
    // Somebody else's ticket cannot be printed from a visitor session.
    h.k.session.reset();
    expect(
      await h.outcome('requestPrint', { ticket: r.ticket, document: 'receipt' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await h.outcome('requestPrint', { ticket: r.ticket, document: 'receipt', reprint: true }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    h.as({ audience: 'staff', staff: { id: 'G7', role: 'guide' } });
    await h.call('requestPrint', { ticket: r.ticket, document: 'checklist', reprint: true });
    const audit = h.k.db.read((d) =>
      all<{ action: string; detail: string }>(
        d,
        "SELECT action, detail FROM audit_log WHERE action LIKE 'reprint%'",
      ),
    );
    expect(audit).toEqual([{ action: 'reprint-checklist', detail: `${r.ticket}: renderer` }]);
  });

  it('Electron: main renders and spools at the receipt’s size; a failure is a fault until a print works', async () => {
    const cups = createFakeCups({ printers: ['Receipt80'], defaultPrinter: 'Receipt80' });
    process.env.PATH = cups.path();
    h = await startHarness();
    const jobs: unknown[] = [];
    let failNext = true;
    h.k.printing.setDriver({
      mode: 'main',
      print: async (job) => {
        if (failNext) throw new Error('lp failed: printer offline');
        jobs.push(job);
      },
    });
    const r = await h.call<ReceiptView>('requestSubmit', startupArgs());
    expect(
      await h.call('requestPrint', { ticket: r.ticket, document: 'receipt', heightMm: 171 }),
    ).toEqual({
      outcome: 'fault',
      fault: 'print-failed',
    });
    h.as({ audience: 'staff', staff: { id: 'G7', role: 'guide' } });
    let health = await h.call<KioskHealth>('guideHealth', {});
    expect(health.items.find((i) => i.id === 'printer')).toMatchObject({
      ok: false,
      note: 'printFailed',
    });
    failNext = false;
    expect(
      await h.call('requestPrint', {
        ticket: r.ticket,
        document: 'receipt',
        heightMm: 171,
        reprint: true,
      }),
    ).toEqual({
      outcome: 'printed',
      printer: 'Receipt80',
    });
    expect(jobs).toEqual([
      {
        document: 'receipt',
        ticket: r.ticket,
        printer: 'Receipt80',
        pageSize: { widthMm: 80, heightMm: 171 },
      },
    ]);
    health = await h.call<KioskHealth>('guideHealth', {});
    expect(health.items.find((i) => i.id === 'printer')).toMatchObject({ ok: true });
  });
});
