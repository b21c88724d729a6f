// Printing the receipt (80 mm), the checklist and the policy sheet (A4), one path in either shell: main renders the
// document to PDF and hands the PDF to the spooler, which is followed until the job completes.
//   renderer — Electron: printToPDF of the page the renderer laid out (shell/printing.ts);
//              browser host: a headless Chromium renders the print view (hosts/headless-pdf.ts);
//   spooler  — CUPS (`lp`, then the job's IPP state) on Linux; pdf-to-printer on Windows;
//   printers — CUPS on Linux; Electron's list on Windows. The shell plugs in what it has.
// The printer is checked before anything is rendered (missing, stopped, out of paper: a fault at
// once). A fault never loses the request: it is stored already, the receipt stays on screen as a
// QR, guide mode and the heartbeat show the fault until a print completes.
import type { Locale } from '../../domain/app';
import {
  RECEIPT_WIDTH_MM,
  type PrintContent,
  type PrintDocumentKind,
  type PrintFault,
  type PrintOutcome,
} from '../../domain/printing';
import type { KioskConfig } from '../config';
import type { Logger } from '../logger';
import type { PrinterCondition, PrinterList, PrinterSource } from '../printers';
import type { KioskDatabase } from '../storage/database';
import { conditionFault, cupsPrinterSource } from './cups';
import { insertKioskEvent } from './kiosk-event-repository';
import { createCupsSpooler, type PageSize, type Spooler } from './spooler';

export type { PrintDocumentKind, PrintFault, PrintOutcome };

export type RenderJob = PrintContent & {
  locale: Locale;
  /** 80 mm wide and as long as the kiosk page measured the receipt; or A4. */
  pageSize: PageSize;
};

/** The spooler's job title (CUPS-PDF names its files after it): no personal data. */
function jobTitle(c: PrintContent): string {
  return c.document === 'policy-sheet'
    ? `policy-sheet ${c.sheet.today}`
    : `${c.document} ${c.receipt.ticket}`;
}

/**
 * Renders a document to PDF (the shell's: Electron's window, or a headless Chromium), with the
 * page size it came out at (the headless view measures the receipt itself).
 */
export type PdfRenderer = (job: RenderJob) => Promise<{ pdf: Uint8Array; pageSize: PageSize }>;

export interface PrintFaultRecord {
  at: string;
  document: PrintDocumentKind;
  fault: PrintFault;
  detail: string;
}

export interface PrintParts {
  printers: PrinterSource;
  spooler: Spooler;
  renderer: PdfRenderer;
}

export interface PrintService {
  /** The shell plugs in its parts (Electron: once its window exists; Windows: all three). */
  use(parts: Partial<PrintParts>): void;
  print(req: PrintContent & { locale: Locale; heightMm: number | null }): Promise<PrintOutcome>;
  /** The printers of the system this shell runs on. */
  listPrinters(): Promise<PrinterList>;
  /** A printer's condition where the system can tell. */
  condition(printer: string): Promise<PrinterCondition | null>;
  /** The last fault, until a print completes. */
  fault(): PrintFaultRecord | null;
  /** For the back office's heartbeat. */
  health(): { state: 'ok' | 'fault' | 'unknown'; detail: string | null };
}

const cupsParts = () => ({ printers: cupsPrinterSource(), spooler: createCupsSpooler() });

/** Windows has no CUPS: nothing to list or spool with until the Electron shell plugs in its own. */
function windowsUntilShell(): Pick<PrintParts, 'printers' | 'spooler'> {
  const note = 'the Electron shell lists the printers on Windows';
  return {
    printers: {
      list: () => Promise.resolve({ available: false, printers: [], defaultPrinter: null, note }),
    },
    spooler: { submit: () => Promise.reject(new Error(note)) },
  };
}

/** Used when the page did not say how long the receipt is. */
const DEFAULT_RECEIPT_HEIGHT_MM = 200;
/** How long a job may take to complete before it counts as failed (a cold thermal printer ~5 s). */
const JOB_TIMEOUT_MS = 45_000;

export function createPrintService(deps: {
  config: KioskConfig;
  db: KioskDatabase;
  log: Logger;
  now: () => Date;
  parts?: Partial<PrintParts>;
  jobTimeoutMs?: number;
}): PrintService {
  const { config, db, log, now } = deps;
  const parts: PrintParts = {
    ...(process.platform === 'win32' ? windowsUntilShell() : cupsParts()),
    renderer: () => Promise.reject(new Error('no PDF renderer in this shell')),
    ...deps.parts,
  };
  let lastFault: PrintFaultRecord | null = null;
  let lastOk: string | null = null;
  // One print at a time: the renderer and the printer are single resources.
  let queue: Promise<unknown> = Promise.resolve();

  async function faulted(
    document: PrintDocumentKind,
    fault: PrintFault,
    detail: string,
  ): Promise<PrintOutcome> {
    const at = now().toISOString();
    lastFault = { at, document, fault, detail };
    log.warn('print.fault', { document, fault, detail });
    await db
      .write((tx) =>
        insertKioskEvent(tx, {
          at,
          kind: 'printer-fault',
          detail: `${document}: ${fault} ${detail}`.trim(),
        }),
      )
      .catch((e: unknown) => log.warn('print.fault_not_recorded', { error: (e as Error).message }));
    return { outcome: 'fault', fault };
  }

  async function printNow(req: Parameters<PrintService['print']>[0]): Promise<PrintOutcome> {
    const { locale, heightMm, ...content } = req;
    const { document } = content;
    if (!config.printer.enabled) return faulted(document, 'disabled', '');
    const wanted =
      document === 'receipt' ? config.printer.receiptPrinter : config.printer.checklistPrinter;
    const list = await parts.printers.list();
    if (!list.available) return faulted(document, 'no-print-system', list.note);
    const printer = wanted ?? list.defaultPrinter;
    if (printer === null || !list.printers.includes(printer))
      return faulted(document, 'printer-missing', wanted ?? 'no default printer');
    const condition = (await parts.printers.condition?.(printer).catch(() => null)) ?? null;
    const before = condition ? conditionFault(condition) : null;
    if (before)
      return faulted(document, before, `${printer}: ${condition?.reasons.join(',') ?? ''}`);

    const started = Date.now();
    let rendered: Awaited<ReturnType<PdfRenderer>>;
    try {
      rendered = await parts.renderer({
        ...content,
        locale,
        pageSize:
          document !== 'receipt'
            ? 'A4'
            : { widthMm: RECEIPT_WIDTH_MM, heightMm: heightMm ?? DEFAULT_RECEIPT_HEIGHT_MM },
      });
    } catch (e) {
      return faulted(document, 'print-failed', `render: ${(e as Error).message.slice(0, 200)}`);
    }
    const renderMs = Date.now() - started;
    let job: string | null;
    try {
      job = await parts.spooler.submit(rendered.pdf, printer, {
        title: jobTitle(content),
        pageSize: rendered.pageSize,
      });
    } catch (e) {
      return faulted(document, 'print-failed', (e as Error).message.slice(0, 200));
    }
    const timing = { renderMs, bytes: rendered.pdf.byteLength };
    if (!parts.spooler.follow || job === null) {
      log.info('print.sent', { document, title: jobTitle(content), printer, ...timing });
      lastFault = null;
      lastOk = now().toISOString();
      return { outcome: 'sent', printer };
    }
    const end = await parts.spooler.follow(job, printer, deps.jobTimeoutMs ?? JOB_TIMEOUT_MS);
    if (end.ended === 'fault') return faulted(document, end.fault, end.detail.slice(0, 200));
    lastFault = null;
    lastOk = now().toISOString();
    if (end.ended === 'unknown') {
      log.warn('print.not_followed', { document, job, printer, detail: end.detail });
      return { outcome: 'sent', printer };
    }
    log.info('print.printed', {
      document,
      title: jobTitle(content),
      printer,
      job,
      ...timing,
      totalMs: Date.now() - started,
    });
    return { outcome: 'printed', printer, job };
  }

  return {
    use(p) {
      Object.assign(parts, p);
    },
    print(req) {
      const run = queue.then(() => printNow(req));
      queue = run.catch(() => undefined);
      return run;
    },
    listPrinters: () => parts.printers.list(),
    condition: async (printer) =>
      (await parts.printers.condition?.(printer).catch(() => null)) ?? null,
    fault: () => lastFault,
    health: () =>
      lastFault
        ? { state: 'fault', detail: `${lastFault.fault} ${lastFault.detail}`.trim() }
        : { state: lastOk ? 'ok' : 'unknown', detail: null },
  };
}
