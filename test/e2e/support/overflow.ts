// Buttons whose text spills out of their box (clipped labels on a touch screen are unreadable).
import type { Page } from '@playwright/test';

/** Each visible button on screen whose text runs outside its border box, with the overflow. */
export function overflowingButtons(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const b of document.querySelectorAll('button')) {
      const box = b.getBoundingClientRect();
      if (!box.width || !box.height || getComputedStyle(b).visibility === 'hidden') continue;
      const walker = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent?.trim()) continue;
        const parent = n.parentElement;
        // Text kept for screen readers only is clipped to a pixel on purpose.
        if (parent?.closest('.visually-hidden')) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) {
          const out = Math.max(
            box.left - r.left,
            r.right - box.right,
            box.top - r.top,
            r.bottom - box.bottom,
          );
          if (out > 1) {
            bad.push(`"${(b.textContent ?? '').trim()}" by ${Math.round(out)} px`);
            break;
          }
        }
      }
    }
    return [...new Set(bad)];
  });
}
