// USB keyboard-wedge scanners type what they read as a burst of key presses: characters ~30 ms
// apart or less, ending with Enter (or Tab). A person types far slower. This pure state machine
// tells the two apart from key names and timestamps alone; useScannerWedge wires it to the page.
//
// Every printable key is held back (`swallow`) until it is clear what it belongs to: the next key
// comes within `maxGapMs` (a burst continues), or the gap passes (`flush`: the held characters
// were typed by a person and are released to the field they were meant for), or Enter/Tab ends a
// burst of at least `minLength` characters (a scan: it never reaches any field).

export interface WedgeOptions {
  /** Longest gap between two keys of one burst. */
  maxGapMs: number;
  /** Fewest characters a scan has (a credit code is 18). */
  minLength: number;
  /** Characters kept at most; a longer burst is still one scan, cut here (the parser refuses it). */
  maxLength: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { maxGapMs: 35, minLength: 18, maxLength: 4100 };

export interface WedgeDecision {
  /** Keep this key from reaching the page (it may be part of a scan). */
  swallow: boolean;
  /** A complete scan. */
  scan?: string;
  /** Held characters that turned out to be typing: hand them to the focused field. */
  release?: string;
}

/** Keys that never break a burst (a scanner presses Shift for capitals). */
const NEUTRAL_KEYS = new Set(['Shift', 'CapsLock']);

export class WedgeDetector {
  private buffer = '';
  private last = -Infinity;
  private readonly opts: WedgeOptions;

  constructor(opts: Partial<WedgeOptions> = {}) {
    this.opts = { ...DEFAULT_WEDGE_OPTIONS, ...opts };
  }

  /** True while characters are held back. */
  get pending(): boolean {
    return this.buffer.length > 0;
  }

  key(key: string, time: number): WedgeDecision {
    if (NEUTRAL_KEYS.has(key)) return { swallow: false };
    const inBurst = this.buffer.length > 0 && time - this.last <= this.opts.maxGapMs;
    if (key === 'Enter' || key === 'Tab') {
      const text = this.buffer;
      this.buffer = '';
      if (inBurst && text.length >= this.opts.minLength) return { swallow: true, scan: text };
      return text ? { swallow: false, release: text } : { swallow: false };
    }
    if ([...key].length !== 1) {
      // Any other named key (Backspace, arrows …) ends whatever was held: it was typing.
      const text = this.buffer;
      this.buffer = '';
      return text ? { swallow: false, release: text } : { swallow: false };
    }
    let release: string | undefined;
    if (this.buffer.length > 0 && !inBurst) {
      release = this.buffer;
      this.buffer = '';
    }
    if (this.buffer.length < this.opts.maxLength) this.buffer += key;
    this.last = time;
    return release ? { swallow: true, release } : { swallow: true };
  }

  /** Called when time passes without keys: held characters older than the gap were typing. */
  flush(time: number): string | null {
    if (this.buffer.length === 0 || time - this.last <= this.opts.maxGapMs) return null;
    const text = this.buffer;
    this.buffer = '';
    return text;
  }

  reset(): void {
    this.buffer = '';
    this.last = -Infinity;
  }
}
