// The print service: the printer is checked before anything is rendered; "printed" only when the
// spooler reports the job completed; a missing, stopped or empty printer, a refused or failed job
// is a fault (recorded, shown in guide mode, reported to the heartbeat) that never loses the
// request and clears once a print completes. The parts are stubs here (test/support/stub-printing);
// CUPS and the headless renderer are tested for real in their own tests.
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceiptView } from '../../../../electron/domain/request';
import { all } from '../../../../electron/services/storage/sql';
import { createStubPrinting, type StubPrinting } from '../../../support/stub-printing';
import { startHarness, startupArgs, type Harness } from '../../../support/kiosk-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function start(
  config: object = {},
): Promise<{ h: Harness; printing: StubPrinting; r: ReceiptView }> {
  h = await startHarness({ config });
  const printing = createStubPrinting({
    printers: ['Receipt80', 'OfficeA4'],
    defaultPrinter: 'Receipt80',
  });
  h.k.printing.use(printing.parts);
  const r = await h.call('requestSubmit', startupArgs());
  return { h, printing, r };
}

const printerItem = async (hh: Harness) => {
  hh.as({ audience: 'staff', staff: { id: 'G7', role: 'guide' } });
  const health = await hh.call('guideHealth', {});
  return health.items.find((i) => i.id === 'printer');
};

describe('printing a receipt', () => {
  it('renders what is printed only, in the visitor’s language, spools it at its size, and says printed once the job completed', async () => {
    const { h, printing, r } = await start();
    const out = await h.call('requestPrint', {
      ticket: r.ticket,
      document: 'receipt',
      heightMm: 171,
      locale: 'en',
    });
    expect(out).toEqual({ outcome: 'printed', printer: 'Receipt80', job: 'Receipt80-1' });
    const [job] = printing.rendered;
    expect(job?.locale).toBe('en');
    expect(job?.pageSize).toEqual({ widthMm: 80, heightMm: 171 });
    const receipt = job?.document === 'receipt' ? job.receipt : null;
    // No more than the paper shows: no request id, no status, no 诉求 text, no unmasked contact
    // (`guides`: the catalog's 办事指南 of its services, and `licenceReminders`: the enterprise's
    // licences about to expire, for the checklist; no personal data).
    expect(Object.keys(receipt ?? {}).sort()).toEqual(
      [
        'applicant',
        'assisted',
        'centerName',
        'createdAt',
        'guides',
        'licenceReminders',
        'locationName',
        'phoneMasked',
        'promise',
        'qrText',
        'routing',
        'services',
        'ticket',
        'title',
        'trackCode',
      ].sort(),
    );
    expect(Object.keys(receipt?.applicant ?? {}).sort()).toEqual([
      'enterpriseName',
      'founder',
      'uscc',
    ]);
    expect(JSON.stringify(receipt)).not.toContain('13812345678');
    expect(printing.submitted).toEqual([
      {
        printer: 'Receipt80',
        title: `receipt ${r.ticket}`,
        pageSize: { widthMm: 80, heightMm: 171 },
        pdf: `%PDF-1.4 receipt ${r.ticket}`,
      },
    ]);
    expect(await printerItem(h)).toMatchObject({ ok: true });
  });

  it('the checklist goes to its own printer on A4', async () => {
    const { h, printing, r } = await start({ printer: { checklistPrinter: 'OfficeA4' } });
    await h.call('requestPrint', { ticket: r.ticket, document: 'checklist' });
    expect(printing.submitted[0]).toMatchObject({ printer: 'OfficeA4', pageSize: 'A4' });
  });

  it('without its printer: a fault before anything is rendered, recorded and shown in guide mode; the request is stored', async () => {
    const { h, printing, r } = await start({ printer: { receiptPrinter: 'Receipt80B' } });
    const out = await h.call('requestPrint', {
      ticket: r.ticket,
      document: 'receipt',
      heightMm: 160,
    });
    expect(out).toEqual({ outcome: 'fault', fault: 'printer-missing' });
    expect(printing.rendered).toEqual([]);
    const hk = h.k;
    expect(hk.db.read((d) => all(d, 'SELECT ticket FROM requests'))).toHaveLength(1);
    expect(
      hk.db.read((d) =>
        all<{ kind: string; detail: string }>(d, 'SELECT kind, detail FROM events'),
      ),
    ).toEqual([{ kind: 'printer-fault', detail: 'receipt: printer-missing Receipt80B' }]);
    expect(await printerItem(h)).toMatchObject({ ok: false, note: 'printerMissing' });
    expect(hk.printing.health()).toMatchObject({ state: 'fault' });
  });

  it('a stopped queue, no paper, a jam, a queue refusing jobs: faults at once, nothing spooled', async () => {
    const { h, printing, r } = await start();
    const cases: [Parameters<StubPrinting['setCondition']>[1], string][] = [
      [{ state: 'stopped', reasons: ['paused'] }, 'printer-stopped'],
      [{ reasons: ['media-empty-error'] }, 'media-empty'],
      [{ state: 'processing', reasons: ['media-jam-error'] }, 'media-jam'],
      [{ accepting: false }, 'not-accepting'],
      [{ reasons: ['cover-open-error'] }, 'printer-error'],
    ];
    for (const [condition, fault] of cases) {
      printing.setCondition('Receipt80', condition);
      expect(
        await h.call('requestPrint', { ticket: r.ticket, document: 'receipt', heightMm: 150 }),
      ).toEqual({ outcome: 'fault', fault });
      expect(await printerItem(h)).toMatchObject({ ok: false, note: `printFaults.${fault}` });
      h.as({ audience: 'anonymous', staff: null });
    }
    expect(printing.submitted).toEqual([]);
    // Informational reasons are no fault.
    printing.setCondition('Receipt80', { reasons: ['cups-waiting-for-job-completed'] });
    expect(
      await h.call('requestPrint', { ticket: r.ticket, document: 'receipt', heightMm: 150 }),
    ).toMatchObject({ outcome: 'printed' });
  });

  it('a job that fails or does not complete is a fault until a print completes; reprints are audited', async () => {
    const { h, printing, r } = await start();
    printing.endJobsWith({ ended: 'fault', fault: 'job-failed', detail: 'Receipt80-1 aborted' });
    expect(
      await h.call('requestPrint', { ticket: r.ticket, document: 'receipt', heightMm: 150 }),
    ).toEqual({ outcome: 'fault', fault: 'job-failed' });
    expect(await printerItem(h)).toMatchObject({
      ok: false,
      note: 'printFaults.job-failed',
      value: expect.stringContaining('receipt: job-failed') as string,
    });
    printing.endJobsWith({ ended: 'fault', fault: 'job-timeout', detail: 'still processing' });
    expect(
      await h.call('requestPrint', {
        ticket: r.ticket,
        document: 'receipt',
        heightMm: 150,
        reprint: true,
      }),
    ).toEqual({ outcome: 'fault', fault: 'job-timeout' });
    printing.endJobsWith({ ended: 'completed' });
    expect(
      await h.call('requestPrint', {
        ticket: r.ticket,
        document: 'checklist',
        reprint: true,
      }),
    ).toMatchObject({ outcome: 'printed' });
    expect(await printerItem(h)).toMatchObject({ ok: true });
    expect(
      h.k.db.read((d) =>
        all<{ action: string; detail: string }>(
          d,
          "SELECT action, detail FROM audit_log WHERE action LIKE 'reprint%' ORDER BY rowid",
        ),
      ),
    ).toEqual([
      { action: 'reprint-receipt', detail: `${r.ticket}: fault job-timeout` },
      { action: 'reprint-checklist', detail: `${r.ticket}: printed` },
    ]);
  });

  it('a renderer or spooler that fails is a fault; a spooler that cannot follow jobs says sent, not printed', async () => {
    const { h, printing, r } = await start();
    printing.failRender('no Chromium to render with');
    expect(
      await h.call('requestPrint', { ticket: r.ticket, document: 'receipt', heightMm: 150 }),
    ).toEqual({ outcome: 'fault', fault: 'print-failed' });
    expect(h.k.printing.fault()?.detail).toBe('render: no Chromium to render with');
    printing.failRender(null);
    h.k.printing.use({
      spooler: { submit: () => Promise.reject(new Error('lp failed: printer offline')) },
    });
    expect(
      await h.call('requestPrint', { ticket: r.ticket, document: 'receipt', heightMm: 150 }),
    ).toEqual({ outcome: 'fault', fault: 'print-failed' });
    // Windows: handed to the spooler, which is not followed.
    h.k.printing.use({ spooler: { submit: () => Promise.resolve(null) } });
    expect(
      await h.call('requestPrint', { ticket: r.ticket, document: 'receipt', heightMm: 150 }),
    ).toEqual({ outcome: 'sent', printer: 'Receipt80' });
    expect(h.k.printing.fault()).toBeNull();
  });

  it('only the submitting session or a guide can print a ticket', async () => {
    const { h, r } = await start();
    h.k.session.reset();
    expect(
      await h.outcome('requestPrint', { ticket: r.ticket, document: 'receipt' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(
      await h.outcome('requestPrint', { ticket: r.ticket, document: 'receipt', reprint: true }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('printing switched off, or no print system: faults', async () => {
    const { h, printing, r } = await start({ printer: { enabled: false } });
    expect(
      await h.call('requestPrint', { ticket: r.ticket, document: 'receipt', heightMm: 150 }),
    ).toEqual({ outcome: 'fault', fault: 'disabled' });
    expect(await printerItem(h)).toMatchObject({ ok: false, note: 'printerDisabled' });
    h.k.config.printer.enabled = true;
    printing.setAvailable(false);
    h.as({ audience: 'anonymous', staff: null });
    expect(
      await h.call('requestPrint', { ticket: r.ticket, document: 'receipt', heightMm: 150 }),
    ).toEqual({ outcome: 'fault', fault: 'no-print-system' });
    expect(await printerItem(h)).toMatchObject({ ok: false, note: 'noPrintSystem' });
  });
});
