// What printing a receipt or checklist came to, and what a printed document shows. Node-free
// (the renderer reacts to outcomes and lays the documents out).
import type { Locale, LocalizedText } from './app';
import type { DeliveryId } from './facets';
import type { MatchReason, MeasureMatch } from './policy-match';
import type { ReceiptView } from './request';

/** The 80 mm receipt, the request's A4 checklist, and the enterprise's A4 policy sheet. */
export type PrintDocumentKind = 'receipt' | 'checklist' | 'policy-sheet';
/** The documents printed for a request. */
export type RequestDocumentKind = Exclude<PrintDocumentKind, 'policy-sheet'>;

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
  | 'guides'
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
    guides: r.guides ?? [],
  };
}

/** How many measures fit on the policy sheet's one A4 page at its type size. */
export const POLICY_SHEET_ROWS = 10;

/**
 * Exactly what the policy sheet prints: the enterprise's name and credit code (public registry
 * facts), the first measures with one reason each, 应享未享, the bundles and stations that fit.
 */
export interface PrintablePolicySheet {
  centerName: LocalizedText;
  uscc: string;
  name: string;
  today: string;
  unclaimed: { no: number; text: string }[];
  measures: {
    no: number;
    text: string;
    reason: MatchReason | null;
    delivery: DeliveryId;
    boardName: string | null;
  }[];
  /** All matched measures, of which `measures` are the first. */
  total: number;
  bundles: string[];
  stations: { id: string; name: string; services: number }[];
  catalog: { version: string; shortHash: string } | null;
}

/** What the sheet is made from: a match result (as the services return it, or read-only). */
interface SheetSource {
  uscc: string;
  name: string;
  today: string;
  measures: readonly Readonly<
    Pick<MeasureMatch, 'no' | 'text' | 'unclaimed' | 'delivery' | 'boardName'> & {
      reasons: readonly MatchReason[];
    }
  >[];
  bundles: readonly { name: string }[];
  stations: readonly { id: string; name: string; services: readonly unknown[] }[];
}

export function policySheetOf(
  result: SheetSource,
  place: { centerName: LocalizedText; catalog: PrintablePolicySheet['catalog'] },
): PrintablePolicySheet {
  return {
    centerName: place.centerName,
    uscc: result.uscc,
    name: result.name,
    today: result.today,
    unclaimed: result.measures.filter((m) => m.unclaimed).map((m) => ({ no: m.no, text: m.text })),
    measures: result.measures.slice(0, POLICY_SHEET_ROWS).map((m) => ({
      no: m.no,
      text: m.text,
      reason: m.reasons[0] ?? null,
      delivery: m.delivery,
      boardName: m.boardName,
    })),
    total: result.measures.length,
    bundles: result.bundles.map((b) => b.name),
    stations: result.stations.map((st) => ({
      id: st.id,
      name: st.name,
      services: st.services.length,
    })),
    catalog: place.catalog,
  };
}

/** One document to print, with exactly what it shows. */
export type PrintContent =
  | { document: RequestDocumentKind; receipt: PrintableReceipt }
  | { document: 'policy-sheet'; sheet: PrintablePolicySheet };

/** What the print view fetches with its one-time token. */
export type PrintViewData = PrintContent & { locale: Locale };

/** The header that carries a print view's one-time token (browser host). */
export const PRINT_TOKEN_HEADER = 'x-kiosk-print-token';
/** Where the print view fetches its document (browser host). */
export const PRINT_DATA_PATH = '/print/data';
