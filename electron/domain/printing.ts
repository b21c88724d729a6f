// What printing a receipt or checklist came to, and what a printed document shows. Node-free
// (the renderer reacts to outcomes and lays the documents out).
import type { Locale } from './app';
import type { ReceiptView } from './request';

export type PrintDocumentKind = 'receipt' | 'checklist';

/**
 * Why nothing (or not all) came out of the printer. Before the job: disabled (switched off in the
 * config), no-print-system (no CUPS / spooler), printer-missing (the configured or default queue is
 * not there), printer-stopped (the queue is paused or stopped, e.g. `cupsdisable`),
 * not-accepting (the queue refuses jobs, `cupsreject`), media-empty / media-jam / printer-error
 * (the printer reports out of paper, a jam, or another error). The job itself: print-failed (the
 * document could not be rendered or the spooler refused it), job-failed (CUPS aborted or
 * cancelled it), job-timeout (not completed in time; cancelled so it cannot come out later, for
 * somebody else).
 */
export type PrintFault =
  | 'disabled'
  | 'no-print-system'
  | 'printer-missing'
  | 'printer-stopped'
  | 'not-accepting'
  | 'media-empty'
  | 'media-jam'
  | 'printer-error'
  | 'print-failed'
  | 'job-failed'
  | 'job-timeout';

export const PRINT_FAULTS: readonly PrintFault[] = [
  'disabled',
  'no-print-system',
  'printer-missing',
  'printer-stopped',
  'not-accepting',
  'media-empty',
  'media-jam',
  'printer-error',
  'print-failed',
  'job-failed',
  'job-timeout',
];

export type PrintOutcome =
  /** The spooler reports the job completed (CUPS job-state `completed`). */
  | { outcome: 'printed'; printer: string | null; job: string | null }
  /** Handed to a spooler that cannot report completion (Windows): not claimed as printed. */
  | { outcome: 'sent'; printer: string | null }
  | { outcome: 'fault'; fault: PrintFault };

/** The receipt's paper width. */
export const RECEIPT_WIDTH_MM = 80;

/**
 * Exactly what the receipt and the checklist print, and nothing more: this is all a print view
 * (the headless page the browser host renders) is ever given. Personal data only masked.
 */
export type PrintableReceipt = Pick<
  ReceiptView,
  | 'ticket'
  | 'trackCode'
  | 'qrText'
  | 'title'
  | 'createdAt'
  | 'centerName'
  | 'locationName'
  | 'services'
  | 'routing'
  | 'promise'
  | 'phoneMasked'
  | 'assisted'
  | 'licenceReminders'
> & { applicant: Pick<ReceiptView['applicant'], 'enterpriseName' | 'uscc' | 'founder'> };

export function printableOf(r: PrintableReceipt): PrintableReceipt {
  return {
    ticket: r.ticket,
    trackCode: r.trackCode,
    qrText: r.qrText,
    title: r.title,
    createdAt: r.createdAt,
    centerName: r.centerName,
    locationName: r.locationName,
    applicant: {
      enterpriseName: r.applicant.enterpriseName,
      uscc: r.applicant.uscc,
      founder: r.applicant.founder,
    },
    services: r.services,
    routing: r.routing,
    promise: r.promise,
    phoneMasked: r.phoneMasked,
    assisted: r.assisted,
    licenceReminders: r.licenceReminders,
  };
}

/** What the print view fetches with its one-time token. */
export interface PrintViewData {
  document: PrintDocumentKind;
  locale: Locale;
  receipt: PrintableReceipt;
}

/** The header that carries a print view's one-time token (browser host). */
export const PRINT_TOKEN_HEADER = 'x-kiosk-print-token';
/** Where the print view fetches its document (browser host). */
export const PRINT_DATA_PATH = '/print/data';
