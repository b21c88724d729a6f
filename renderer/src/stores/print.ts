// Printing a receipt (80 mm), a checklist or a policy sheet (A4): the document is laid out off screen
// (components/print/PrintDocuments.vue) and measured, <html data-printing> makes print media show
// only it, and main prints it: renders it to PDF (Electron: this page; the browser host: its own
// headless render of the print view) and waits for the spooler to finish the job. The page itself
// never prints. A fault (no printer, stopped, out of paper) is a result, not an error: the receipt
// stays on screen.
import { defineStore } from 'pinia';
import { nextTick, readonly, ref, shallowRef, shallowReadonly } from 'vue';
import type { Locale } from '../../../electron/domain/app';
import type {
  PrintablePolicySheet,
  PrintableReceipt,
  PrintContent,
  PrintOutcome,
  RequestDocumentKind,
} from '../../../electron/domain/printing';
import { api } from '../api';
import {
  documentReady,
  measuredLengthMm,
  setReceiptPageLength,
} from '../components/print/page-length';
import { i18n } from '../i18n';
import { onSessionReset } from '../session/reset';

export const usePrintStore = defineStore('print', () => {
  const content = shallowRef<PrintContent | null>(null);
  const busy = ref(false);

  onSessionReset(() => {
    content.value = null;
    busy.value = false;
    delete document.documentElement.dataset.printing;
  });

  /**
   * Lays `c` out off screen, marks it as the one print media shows, and has main print it;
   * `request` is the call that does, given the receipt's measured length (mm) when it is one.
   */
  async function printLaidOut(
    c: PrintContent,
    request: (heightMm: number | null) => Promise<PrintOutcome>,
  ): Promise<PrintOutcome> {
    busy.value = true;
    content.value = c;
    const root = document.documentElement;
    try {
      await nextTick();
      const el = document.querySelector(`[data-print-doc="${c.document}"]`);
      await documentReady(el);
      const heightMm = c.document === 'receipt' && el ? measuredLengthMm(el) : null;
      if (heightMm !== null) setReceiptPageLength(heightMm);
      root.dataset.printing = c.document;
      return await request(heightMm);
    } finally {
      delete root.dataset.printing;
      busy.value = false;
    }
  }

  const locale = () => i18n.global.locale.value as Locale;

  /** Prints a request's receipt or checklist; `reprint` is a guide's (audited by main). */
  function print(
    view: PrintableReceipt,
    kind: RequestDocumentKind,
    opts: { reprint?: boolean } = {},
  ): Promise<PrintOutcome> {
    return printLaidOut({ document: kind, receipt: view }, (heightMm) =>
      api.requestPrint({
        ticket: view.ticket,
        document: kind,
        heightMm,
        reprint: opts.reprint === true,
        locale: locale(),
      }),
    );
  }

  /** Prints the policy sheet of the enterprise at the screen (main builds it from the profile). */
  function printPolicySheet(sheet: PrintablePolicySheet): Promise<PrintOutcome> {
    return printLaidOut({ document: 'policy-sheet', sheet }, () =>
      api.policySheetPrint({ locale: locale() }),
    );
  }

  return {
    content: shallowReadonly(content),
    busy: readonly(busy),
    print,
    printPolicySheet,
  };
});
