// Printing the receipt (80 mm) and the checklist (A4), whichever shell runs the kiosk:
//   Electron  — main renders the page the renderer prepared (printToPDF at the document's size)
//               and spools it to the configured queue (shell/printing.ts, spooler.ts);
//   browser   — the page prints itself: window.print(), silent through Chromium's
//               --kiosk-printing (the launcher starts it so), to the default printer.
// Either way the printer is checked first (CUPS lists it); a missing or failing printer is a
// fault: the request is already stored, the receipt stays on screen as a QR, guide mode shows the
// fault (and the heartbeat reports it) until a print succeeds.
import {
  RECEIPT_WIDTH_MM,
  type PrintDocumentKind,
  type PrintFault,
  type PrintOutcome,
} from '../../domain/printing';
import type { KioskConfig } from '../config';
import type { Logger } from '../logger';
import { listPrinters, type PrinterList } from '../printers';
import type { KioskDatabase } from '../storage/database';
import { insertKioskEvent } from './kiosk-event-repository';

export type { PrintDocumentKind, PrintFault, PrintOutcome };

export interface PrintJob {
  document: PrintDocumentKind;
  ticket: string;
  printer: string | null;
  /** 80 mm wide and as long as the receipt; or A4. */
  pageSize: { widthMm: number; heightMm: number } | 'A4';
}

export interface PrintDriver {
  /** 'main': `print` renders and spools the page; 'renderer': the page calls window.print(). */
  readonly mode: 'main' | 'renderer';
  print?(job: PrintJob): Promise<void>;
}

export interface PrintFaultRecord {
  at: string;
  document: PrintDocumentKind;
  fault: PrintFault;
  detail: string;
}

export interface PrintService {
  /** The Electron shell plugs in its driver once the window exists. */
  setDriver(driver: PrintDriver): void;
  print(req: {
    document: PrintDocumentKind;
    ticket: string;
    heightMm: number | null;
  }): Promise<PrintOutcome>;
  /** The last fault, until a print succeeds. */
  fault(): PrintFaultRecord | null;
  /** For the back office's heartbeat. */
  health(): { state: 'ok' | 'fault' | 'unknown'; detail: string | null };
}

/** Used when the page did not say how long the receipt is. */
const DEFAULT_RECEIPT_HEIGHT_MM = 200;

export function createPrintService(deps: {
  config: KioskConfig;
  db: KioskDatabase;
  log: Logger;
  now: () => Date;
  /** The printers the system offers (default: CUPS via lpstat). */
  probe?: () => Promise<PrinterList>;
  driver?: PrintDriver;
}): PrintService {
  const { config, db, log, now } = deps;
  const probe = deps.probe ?? listPrinters;
  let driver: PrintDriver = deps.driver ?? { mode: 'renderer' };
  let lastFault: PrintFaultRecord | null = null;
  let lastOk: string | null = null;

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

  return {
    setDriver(d) {
      driver = d;
    },
    async print({ document, ticket, heightMm }) {
      if (!config.printer.enabled) return faulted(document, 'disabled', '');
      const wanted =
        document === 'receipt' ? config.printer.receiptPrinter : config.printer.checklistPrinter;
      const list = await probe();
      if (!list.available) return faulted(document, 'no-print-system', list.note);
      const printer = wanted ?? list.defaultPrinter;
      if (printer === null || !list.printers.includes(printer))
        return faulted(document, 'printer-missing', wanted ?? 'no default printer');
      const pageSize =
        document === 'checklist'
          ? ('A4' as const)
          : { widthMm: RECEIPT_WIDTH_MM, heightMm: heightMm ?? DEFAULT_RECEIPT_HEIGHT_MM };
      if (driver.mode === 'main' && driver.print) {
        try {
          await driver.print({ document, ticket, printer, pageSize });
        } catch (e) {
          return faulted(document, 'print-failed', (e as Error).message.slice(0, 200));
        }
        lastFault = null;
        lastOk = now().toISOString();
        log.info('print.printed', { document, ticket, printer });
        return { outcome: 'printed', printer };
      }
      // The browser host: the page prints itself, to the default printer (kiosk printing).
      lastFault = null;
      lastOk = now().toISOString();
      log.info('print.handed_to_page', { document, ticket, printer });
      return { outcome: 'renderer', printer };
    },
    fault: () => lastFault,
    health: () =>
      lastFault
        ? { state: 'fault', detail: `${lastFault.fault} ${lastFault.detail}`.trim() }
        : { state: lastOk ? 'ok' : 'unknown', detail: null },
  };
}
