// Printing a receipt (80 mm) or checklist (A4): the document is laid out off screen
// (components/print/PrintDocuments.vue) and measured, <html data-printing> makes print media show
// only it, and main prints it: renders it to PDF (Electron: this page; the browser host: its own
// headless render of the print view) and waits for the spooler to finish the job. The page itself
// never prints. A fault (no printer, stopped, out of paper) is a result, not an error: the receipt
// stays on screen.
import { defineStore } from 'pinia';
import { nextTick, readonly, ref, shallowRef, shallowReadonly } from 'vue';
import type { Locale } from '../../../electron/domain/app';
import type {
  PrintableReceipt,
  PrintDocumentKind,
  PrintOutcome,
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
  const doc = shallowRef<PrintableReceipt | null>(null);
  const target = ref<PrintDocumentKind | null>(null);
  const busy = ref(false);

  onSessionReset(() => {
    doc.value = null;
    target.value = null;
    busy.value = false;
    delete document.documentElement.dataset.printing;
  });

  /** Prints `view` as `kind`; `reprint` is a guide's (audited by main). */
  async function print(
    view: PrintableReceipt,
    kind: PrintDocumentKind,
    opts: { reprint?: boolean } = {},
  ): Promise<PrintOutcome> {
    busy.value = true;
    doc.value = view;
    target.value = kind;
    const root = document.documentElement;
    try {
      await nextTick();
      const el = document.querySelector(`[data-print-doc="${kind}"]`);
      await documentReady(el);
      const heightMm = kind === 'receipt' && el ? measuredLengthMm(el) : null;
      if (heightMm !== null) setReceiptPageLength(heightMm);
      root.dataset.printing = kind;
      return await api.requestPrint({
        ticket: view.ticket,
        document: kind,
        heightMm,
        reprint: opts.reprint === true,
        locale: i18n.global.locale.value as Locale,
      });
    } finally {
      delete root.dataset.printing;
      busy.value = false;
    }
  }

  return { doc: shallowReadonly(doc), target: readonly(target), busy: readonly(busy), print };
});
