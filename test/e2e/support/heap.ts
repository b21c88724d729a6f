// Looks for strings anywhere in the page's JavaScript heap (after a full garbage collection), via
// the DevTools protocol's heap snapshot: stores, closures, router history, caches — all of it.
import type { Page } from '@playwright/test';

export async function heapContains(page: Page, needles: string[]): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  // The snapshot is JSON; it may keep non-ASCII characters raw or escape them as \uXXXX.
  const snapshot = chunks.join('');
  const escaped = (n: string, upper: boolean) =>
    [...n]
      .map((c) => {
        if (c.charCodeAt(0) <= 127) return c;
        const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
        return `\\u${upper ? hex.toUpperCase() : hex}`;
      })
      .join('');
  return needles.filter(
    (n) =>
      snapshot.includes(n) ||
      snapshot.includes(escaped(n, true)) ||
      snapshot.includes(escaped(n, false)),
  );
}

/** Every string a page keeps in storage it could have used. */
export async function storedStrings(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    for (const s of [window.localStorage, window.sessionStorage]) {
      for (let i = 0; i < s.length; i++) {
        const k = s.key(i) as string;
        parts.push(k, s.getItem(k) ?? '');
      }
    }
    const dbs = (await indexedDB.databases?.()) ?? [];
    parts.push(...dbs.map((d) => d.name ?? ''));
    if ('caches' in window) parts.push(...(await caches.keys()));
    parts.push(document.cookie);
    return parts.join('\n');
  });
}
