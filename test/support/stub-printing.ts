// Print parts for service tests: a printer list and condition the test sets, a renderer that
// returns a marked PDF, and a spooler that records what it got and ends each job as the test says.
// The real parts (CUPS, headless Chromium) are tested against the machine's own in their tests.
import type { PrinterCondition, PrinterList } from '../../electron/services/printers';
import type { PrintParts, RenderJob } from '../../electron/services/printing/print-service';
import type { JobEnd, PageSize } from '../../electron/services/printing/spooler';

export interface StubPrinting {
  parts: PrintParts;
  setPrinters(printers: string[], defaultPrinter: string | null): void;
  setAvailable(available: boolean, note?: string): void;
  setCondition(printer: string, c: Partial<PrinterCondition>): void;
  /** How the next followed jobs end (default: completed). */
  endJobsWith(end: JobEnd): void;
  failRender(message: string | null): void;
  rendered: RenderJob[];
  submitted: { printer: string | null; title: string; pageSize: PageSize; pdf: string }[];
}

export function createStubPrinting(opts: {
  printers: string[];
  defaultPrinter: string | null;
}): StubPrinting {
  let list: PrinterList = {
    available: true,
    printers: opts.printers,
    defaultPrinter: opts.defaultPrinter,
    note: 'ok',
  };
  const conditions = new Map<string, PrinterCondition>();
  let end: JobEnd = { ended: 'completed' };
  let renderFailure: string | null = null;
  let jobs = 0;
  const stub: StubPrinting = {
    rendered: [],
    submitted: [],
    parts: {
      printers: {
        list: () => Promise.resolve(list),
        condition: (printer) => Promise.resolve(conditions.get(printer) ?? null),
      },
      renderer: (job) => {
        if (renderFailure) return Promise.reject(new Error(renderFailure));
        stub.rendered.push(job);
        return Promise.resolve({
          pdf: Buffer.from(
            `%PDF-1.4 ${job.document} ${job.document === 'policy-sheet' ? job.sheet.uscc : job.receipt.ticket}`,
          ),
          pageSize: job.pageSize,
        });
      },
      spooler: {
        submit(pdf, printer, job) {
          stub.submitted.push({ printer, ...job, pdf: Buffer.from(pdf).toString() });
          jobs += 1;
          return Promise.resolve(`${printer ?? 'default'}-${jobs}`);
        },
        follow: () => Promise.resolve(end),
      },
    },
    setPrinters(printers, defaultPrinter) {
      list = { ...list, printers, defaultPrinter };
    },
    setAvailable(available, note = 'CUPS is not installed (no lpstat)') {
      list = { ...list, available, note: available ? 'ok' : note };
    },
    setCondition(printer, c) {
      conditions.set(printer, {
        state: 'idle',
        reasons: [],
        accepting: true,
        message: '',
        ...c,
      });
    },
    endJobsWith(e) {
      end = e;
    },
    failRender(message) {
      renderFailure = message;
    },
  };
  return stub;
}
