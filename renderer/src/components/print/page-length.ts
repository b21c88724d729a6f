// The receipt's length: measured from its layout, and given to its @page. Shared by the kiosk
// page (Electron prints what it laid out) and the print view (the browser host's headless render).
import { RECEIPT_WIDTH_MM } from '../../../../electron/domain/printing';

const MM_PER_PX = 25.4 / 96;

/** The laid-out document's height in millimetres, bounded as the print call accepts it. */
export function measuredLengthMm(el: Element): number {
  return Math.min(3000, Math.max(20, Math.ceil(el.getBoundingClientRect().height * MM_PER_PX)));
}

/**
 * Gives the receipt's @page its measured length. `size: 80mm auto` is not valid CSS (Chromium
 * drops it and prints on Letter), so print.css holds a valid default that is set here, through
 * the CSSOM (allowed by the CSP, unlike inline styles), before each print.
 */
export function setReceiptPageLength(mm: number): void {
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

/** Waits until the document's images are decoded and the fonts are loaded. */
export async function documentReady(el: Element | null): Promise<void> {
  if (!el) return;
  await Promise.all(
    [...el.querySelectorAll('img')].map((img) => img.decode().catch(() => undefined)),
  );
  await document.fonts?.ready;
}
