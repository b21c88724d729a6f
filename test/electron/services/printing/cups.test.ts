// Reading CUPS: printer and job states as ipptool prints them (captured on this machine's CUPS
// 2.4 with CUPS-PDF and test backends: test/fixtures/cups), `lp`'s job id, `lpstat -d`; then the
// spooler against the machine's real CUPS: a job followed to `completed`, a stopped queue
// refused before and during a job (the job cancelled so it cannot print later). In CI a missing
// CUPS fails; elsewhere those tests are skipped with the reason printed.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDefaultDestination } from '../../../../electron/services/printers';
import {
  conditionFault,
  createCupsIpp,
  cupsPrinterSource,
  parseIpptoolCsv,
  parseJobStatus,
  parsePrinterCondition,
} from '../../../../electron/services/printing/cups';
import {
  createCupsSpooler,
  mediaOf,
  parseLpJobId,
  spoolPdf,
} from '../../../../electron/services/printing/spooler';
import { createFakeCups } from '../../../support/fake-cups';

const fixture = (name: string) =>
  fs.readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/cups', name), 'utf8');

describe('reading CUPS output', () => {
  it('printer conditions, and which are faults', () => {
    const read = (f: string) => parsePrinterCondition(fixture(f));
    expect(read('printer-idle.csv')).toEqual({
      state: 'idle',
      reasons: [],
      accepting: true,
      message: '',
    });
    expect(read('printer-disabled.csv')).toEqual({
      state: 'stopped',
      reasons: ['paused'],
      accepting: true,
      message: 'Paused',
    });
    expect(read('printer-media-empty-paused.csv')).toEqual({
      state: 'stopped',
      reasons: ['media-empty-error', 'paused'],
      accepting: true,
      message: 'out of paper test',
    });
    const faults = Object.fromEntries(
      [
        'printer-idle.csv',
        'printer-disabled.csv',
        'printer-rejecting.csv',
        'printer-media-empty.csv',
        'printer-media-empty-paused.csv',
        'printer-media-jam.csv',
      ].map((f) => [
        f,
        conditionFault(read(f) ?? { state: 'unknown', reasons: [], accepting: true, message: '' }),
      ]),
    );
    expect(faults).toEqual({
      'printer-idle.csv': null,
      'printer-disabled.csv': 'printer-stopped',
      'printer-rejecting.csv': 'not-accepting',
      'printer-media-empty.csv': 'media-empty',
      'printer-media-empty-paused.csv': 'media-empty',
      'printer-media-jam.csv': 'media-jam',
    });
    // Warnings and reports are no fault; an unknown error is.
    const c = { state: 'idle' as const, accepting: true, message: '' };
    expect(conditionFault({ ...c, reasons: ['media-low-report', 'toner-low-warning'] })).toBeNull();
    expect(conditionFault({ ...c, reasons: ['media-empty-warning'] })).toBeNull();
    expect(conditionFault({ ...c, reasons: ['door-open-error'] })).toBe('printer-error');
    // A printer that does not exist: ipptool prints nothing usable.
    expect(parsePrinterCondition('')).toBeNull();
  });

  it('job states: completed, aborted, cancelled, held, pending on a stopped printer', () => {
    expect(parseJobStatus(fixture('job-completed.csv'))).toEqual({
      state: 'completed',
      reasons: ['processing-to-stop-point'],
    });
    expect(parseJobStatus(fixture('job-aborted.csv'))?.state).toBe('aborted');
    expect(parseJobStatus(fixture('job-canceled.csv'))?.state).toBe('canceled');
    expect(parseJobStatus(fixture('job-held.csv'))).toEqual({
      state: 'pending-held',
      reasons: ['resources-are-not-ready'],
    });
    expect(parseJobStatus(fixture('job-pending-printer-stopped.csv'))).toEqual({
      state: 'pending',
      reasons: ['printer-stopped'],
    });
    expect(parseJobStatus('Job #99 does not exist.\n')).toBeNull();
  });

  it('CSV quoting, lp’s job id, lpstat’s default, the media asked for', () => {
    expect(parseIpptoolCsv('a,b,c\n"x,y","say ""hi""",\n')).toEqual([
      { a: 'x,y', b: 'say "hi"', c: '' },
    ]);
    expect(parseLpJobId(fixture('lp.txt'))).toBe('PDF-5');
    expect(parseLpJobId('')).toBeNull();
    expect(parseDefaultDestination(fixture('lpstat-d.txt'))).toBe('PDF');
    expect(parseDefaultDestination('no system default destination\n')).toBeNull();
    expect(mediaOf({ widthMm: 80, heightMm: 171.2 })).toBe('Custom.80x172mm');
    expect(mediaOf('A4')).toBe('A4');
  });
});

describe('lp', () => {
  it('gets the queue, the title and the paper size, and reports its refusal', async () => {
    const cups = createFakeCups({ printers: ['Receipt80'], defaultPrinter: 'Receipt80' });
    const pdf = Buffer.from('%PDF-1.4 fake');
    const lp = path.join(cups.binDir, 'lp');
    expect(
      await spoolPdf(pdf, 'Receipt80', {
        title: 'receipt T1',
        pageSize: { widthMm: 80, heightMm: 150 },
        lp,
      }),
    ).toBe('fake-0');
    const [job] = cups.spooled();
    expect(job?.args).toMatch(
      /^-d Receipt80 -t receipt T1 -o media=Custom\.80x150mm -- \S+document\.pdf$/,
    );
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
      'is not installed',
    );
  });
});

function cupsMissing(): string | null {
  try {
    if (!/scheduler is running/.test(execFileSync('lpstat', ['-r'], { encoding: 'utf8' })))
      return 'cupsd is not running';
    execFileSync('ipptool', ['--version']);
  } catch {
    return 'CUPS (lpstat, ipptool) is not installed';
  }
  return fs.existsSync('/usr/lib/cups/backend/cups-pdf') ? null : 'CUPS-PDF is not installed';
}
const missing = cupsMissing();
if (missing && process.env.CI) throw new Error(`real CUPS needed in CI: ${missing}`);
if (missing) process.stdout.write(`skipped real-CUPS spooler tests: ${missing}\n`);

describe.skipIf(missing !== null)('the spooler on the machine’s CUPS', () => {
  const queue = `KioskUnit_${crypto.randomBytes(4).toString('hex')}`;
  const pdf = fs.readFileSync('/usr/share/cups/data/default.pdf');
  const ipp = createCupsIpp();
  beforeAll(() => {
    execFileSync(
      'lpadmin',
      ['-p', queue, '-v', 'cups-pdf:/', '-E', '-m', 'lsb/usr/cups-pdf/CUPS-PDF_opt.ppd'],
      { stdio: 'ignore' },
    );
  });
  afterAll(() => {
    execFileSync('lpadmin', ['-x', queue]);
  });

  it('lists the queue, follows a job to completed', async () => {
    const list = await cupsPrinterSource().list();
    expect(list.available).toBe(true);
    expect(list.printers).toContain(queue);
    expect(conditionFault((await ipp.condition(queue))!)).toBeNull();
    const spooler = createCupsSpooler();
    const job = await spooler.submit(pdf, queue, { title: 'unit test', pageSize: 'A4' });
    expect(job).toMatch(new RegExp(`^${queue}-\\d+$`));
    expect(await spooler.follow?.(job as string, queue, 30_000)).toEqual({ ended: 'completed' });
  });

  it('a stopped queue: a fault before printing, and a job waiting on it is cancelled', async () => {
    execFileSync('cupsdisable', [queue]);
    try {
      const condition = await ipp.condition(queue);
      expect(condition).toMatchObject({ state: 'stopped', reasons: ['paused'] });
      expect(conditionFault(condition!)).toBe('printer-stopped');
      const spooler = createCupsSpooler();
      const job = (await spooler.submit(pdf, queue, { title: 'unit test', pageSize: 'A4' }))!;
      expect(await spooler.follow?.(job, queue, 30_000)).toMatchObject({
        ended: 'fault',
        fault: 'printer-stopped',
      });
      const id = Number(job.split('-').at(-1));
      expect((await ipp.job(queue, id))?.state).toBe('canceled');
    } finally {
      execFileSync('cupsenable', [queue]);
    }
  });
});
