// Ending a session (timeout, "结束 / Finish", or after a receipt) wipes everything the visitor
// left behind, in this page, without reloading it: every store that holds session data resets
// itself through onSessionReset, the router's history is dropped, the display modes and the
// language go back to the kiosk's defaults, and any storage the renderer could have used is
// cleared. The camera stops because its screen unmounts (and through its own reset hook).

import { abandonCalls } from '../api';

type ResetHook = () => void | Promise<void>;

const hooks = new Set<ResetHook>();

/** Registers a wipe step; returns a function that removes it. Stores call this in their setup. */
export function onSessionReset(hook: ResetHook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

export type ResetReason = 'timeout' | 'finish' | 'receipt' | 'guide';

async function clearBrowserStorage(): Promise<void> {
  try {
    window.localStorage.clear();
    window.sessionStorage.clear();
  } catch {
    // Storage can be unavailable (disabled); then it holds nothing either.
  }
  try {
    const dbs = (await window.indexedDB.databases?.()) ?? [];
    await Promise.all(
      dbs
        .filter((d) => d.name)
        .map(
          (d) =>
            new Promise<void>((resolve) => {
              const req = window.indexedDB.deleteDatabase(d.name as string);
              req.onsuccess = req.onerror = req.onblocked = () => resolve();
            }),
        ),
    );
  } catch {
    // No IndexedDB: nothing to clear.
  }
  try {
    if ('caches' in window) await Promise.all((await caches.keys()).map((k) => caches.delete(k)));
  } catch {
    // No CacheStorage outside secure contexts.
  }
}

/** Runs every wipe step; a failing step is logged by its owner and never stops the others. */
export async function runSessionReset(): Promise<void> {
  // First, so that no pending call keeps the visit's data referenced past its end.
  abandonCalls();
  const steps = [...hooks].map(async (h) => {
    try {
      await h();
    } catch {
      // Each hook is best-effort; the ones after it still run.
    }
  });
  await Promise.all(steps);
  await clearBrowserStorage();
  if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  window.scrollTo(0, 0);
}
