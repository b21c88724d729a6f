// The printer's state for the back office's heartbeat: whether printing is on, whether the
// receipt printer is there (CUPS lists it), and whether the last print failed (a fault stays
// until a print succeeds). The same facts guide mode's health view shows.
import type { KioskConfig } from '../config';
import { listPrinters, type PrinterList } from '../printers';
import type { PrintService } from './print-service';

export interface PrinterHealth {
  state: 'ok' | 'fault' | 'unknown';
  detail: string | null;
  /** The receipt printer's queue (configured, else the system default), when known. */
  printer: string | null;
  /** When the standing fault happened (ISO 8601), or null. */
  faultAt: string | null;
}

export async function printerHealth(deps: {
  config: Pick<KioskConfig, 'printer'>;
  printing: Pick<PrintService, 'fault' | 'health'>;
  probe?: () => Promise<PrinterList>;
  platform?: NodeJS.Platform;
}): Promise<PrinterHealth> {
  const { config, printing } = deps;
  const wanted = config.printer.receiptPrinter;
  if (!config.printer.enabled)
    return {
      state: 'fault',
      detail: 'printing is disabled in the config',
      printer: wanted,
      faultAt: null,
    };
  const fault = printing.fault();
  const list = await (deps.probe ?? listPrinters)();
  if (!list.available && (deps.platform ?? process.platform) === 'win32') {
    // CUPS is not there to ask: report what the last print showed.
    const h = printing.health();
    return { ...h, printer: wanted, faultAt: fault?.at ?? null };
  }
  const printer = wanted ?? list.defaultPrinter;
  if (fault)
    return {
      state: 'fault',
      detail: `${fault.document}: ${fault.fault} ${fault.detail}`.trim(),
      printer,
      faultAt: fault.at,
    };
  if (!list.available)
    return { state: 'fault', detail: `no print system: ${list.note}`, printer, faultAt: null };
  if (printer === null || !list.printers.includes(printer))
    return {
      state: 'fault',
      detail: `printer missing: ${printer ?? 'no default printer'}`,
      printer,
      faultAt: null,
    };
  return { state: 'ok', detail: null, printer, faultAt: null };
}
