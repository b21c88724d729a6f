// Listens for USB scanner bursts on the whole document while the calling component is mounted
// (the attract and scan screens). Listens in the capture phase so a burst never reaches an input;
// characters that turn out to be ordinary typing are handed back to the field they were typed in.
import { onBeforeUnmount, onMounted } from 'vue';
import { DEFAULT_WEDGE_OPTIONS, WedgeDetector, type WedgeOptions } from '../scanner/wedge';

export interface ScannerWedgeOptions extends Partial<WedgeOptions> {
  /** Clock in ms (tests pass their own). */
  now?: () => number;
}

function isEditable(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  if (el instanceof HTMLInputElement) {
    const textual = ['text', 'search', 'tel', 'url', 'email', 'password', 'number', ''];
    return textual.includes(el.type) && !el.readOnly && !el.disabled;
  }
  return false;
}

/** Inserts typed characters that were held back into the field that had focus. */
function giveBack(target: Element | null, text: string): void {
  if (!isEditable(target) || !target.isConnected) return;
  const start = target.selectionStart ?? target.value.length;
  const end = target.selectionEnd ?? start;
  target.setRangeText(text, start, end, 'end');
  target.dispatchEvent(new Event('input', { bubbles: true }));
}

export function attachScannerWedge(
  doc: Document,
  onScan: (text: string) => void,
  opts: ScannerWedgeOptions = {},
): () => void {
  const now = opts.now ?? (() => performance.now());
  // A key's own timestamp is when the keyboard (scanner) sent it, not when the page got round to
  // it: a busy main thread (a screen opening, the decoder compiling) must not split a burst.
  const keyTime = (e: KeyboardEvent) => (opts.now || !(e.timeStamp > 0) ? now() : e.timeStamp);
  const detector = new WedgeDetector(opts);
  const gap = opts.maxGapMs ?? DEFAULT_WEDGE_OPTIONS.maxGapMs;
  let heldFor: Element | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flushLater = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const text = detector.flush(now());
      if (text) giveBack(heldFor, text);
      if (!detector.pending) heldFor = null;
    }, gap + 5);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = doc.activeElement;
    const d = detector.key(e.key, keyTime(e));
    if (d.release) giveBack(heldFor, d.release);
    if (d.swallow) {
      e.preventDefault();
      e.stopImmediatePropagation();
      if (!heldFor || d.release) heldFor = target;
    }
    if (d.scan !== undefined) {
      heldFor = null;
      clearTimeout(timer);
      onScan(d.scan);
      return;
    }
    // Held characters need handing back only to a field; elsewhere they simply wait for the next
    // key (its timestamp decides) — so no timer can split a burst delayed on its way in.
    if (detector.pending && isEditable(heldFor)) flushLater();
    else if (!detector.pending) heldFor = null;
  };

  doc.addEventListener('keydown', onKeyDown, { capture: true });
  return () => {
    clearTimeout(timer);
    doc.removeEventListener('keydown', onKeyDown, { capture: true });
    detector.reset();
  };
}

export function useScannerWedge(onScan: (text: string) => void, opts: ScannerWedgeOptions = {}) {
  let detach: (() => void) | null = null;
  onMounted(() => {
    detach = attachScannerWedge(document, onScan, opts);
  });
  onBeforeUnmount(() => {
    detach?.();
    detach = null;
  });
}
