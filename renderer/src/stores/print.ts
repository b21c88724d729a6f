// Printing a receipt (80 mm) or checklist (A4): the document is laid out off screen
// (components/print/PrintDocuments.vue), <html data-printing> makes print media show only it,
// then main prints it (Electron: printToPDF + the spooler) or tells the page to print itself
// (browser host: window.print(), silent through Chromium's --kiosk-printing).
// A fault (no printer, spooler refused) is a result, not an error: the receipt stays on screen.
import { defineStore } from 'pinia';
import { nextTick, readonly, ref, shallowRef, shallowReadonly } from 'vue';
import {
  RECEIPT_WIDTH_MM,
  type PrintDocumentKind,
  type PrintOutcome,
} from '../../../electron/domain/printing';
import type { ReceiptView } from '../../../electron/domain/request';
import { api } from '../api';
import { onSessionReset } from '../session/reset';

const MM_PER_PX = 25.4 / 96;

/**
 * Gives the receipt's @page its measured length. `size: 80mm auto` is not valid CSS (Chromium
 * drops it and prints on Letter), so print.css holds a valid default that is set here, through
 * the CSSOM (allowed by the CSP, unlike inline styles), before each print.
 */
function setReceiptPageLength(mm: number): void {
  if (typeof CSSPageRule === 'undefined') return;
  for (const sheet of Array.from(document.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of Array.from(rules))
      if (rule instanceof CSSPageRule && rule.selectorText === 'receipt')
        rule.style.setProperty('size', `${RECEIPT_WIDTH_MM}mm ${mm}mm`);
  }
}

export const usePrintStore = defineStore('print', () => {
  const doc = shallowRef<ReceiptView | null>(null);
  const target = ref<PrintDocumentKind | null>(null);
  const busy = ref(false);

  onSessionReset(() => {
    doc.value = null;
    target.value = null;
    busy.value = false;
    delete document.documentElement.dataset.printing;
  });

  async function imagesReady(el: Element | null): Promise<void> {
    if (!el) return;
    await Promise.all(
      [...el.querySelectorAll('img')].map((img) => img.decode().catch(() => undefined)),
    );
  }

  /** Prints `view` as `kind`; `reprint` is a guide's (audited by main). */
  async function print(
    view: ReceiptView,
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
      await imagesReady(el);
      const heightMm =
        kind === 'receipt' && el
          ? Math.min(3000, Math.max(20, Math.ceil(el.getBoundingClientRect().height * MM_PER_PX)))
          : null;
      if (heightMm !== null) setReceiptPageLength(heightMm);
      root.dataset.printing = kind;
      const out = await api.requestPrint({
        ticket: view.ticket,
        document: kind,
        heightMm,
        reprint: opts.reprint === true,
      });
      // Browser host: the page prints itself (silently with --kiosk-printing).
      if (out.outcome === 'renderer') window.print();
      return out;
    } finally {
      delete root.dataset.printing;
      busy.value = false;
    }
  }

  return { doc: shallowReadonly(doc), target: readonly(target), busy: readonly(busy), print };
});
