// What printing a receipt or checklist came to. Node-free (the renderer reacts to it).
export type PrintDocumentKind = 'receipt' | 'checklist';

/**
 * disabled: printing is switched off in the config; no-print-system: no CUPS/spooler;
 * printer-missing: the configured (or default) printer is not there; print-failed: it refused.
 */
export type PrintFault = 'disabled' | 'no-print-system' | 'printer-missing' | 'print-failed';

export type PrintOutcome =
  /** Main printed it (spooled). */
  | { outcome: 'printed'; printer: string | null }
  /** The page prints itself now (browser host, Chromium kiosk printing). */
  | { outcome: 'renderer'; printer: string | null }
  | { outcome: 'fault'; fault: PrintFault };

/** The receipt's paper width. */
export const RECEIPT_WIDTH_MM = 80;
