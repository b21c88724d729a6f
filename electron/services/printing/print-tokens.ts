// One-time, short-lived tokens for the print view (browser host): main issues one per print with
// exactly the document to print; the headless page redeems it once to fetch that document. The
// page never holds the visitor's session or the launch secret, and a token is worth nothing after
// its first use or after a few seconds.
import crypto from 'node:crypto';
import type { PrintViewData } from '../../domain/printing';

export interface PrintTokens {
  issue(data: PrintViewData): string;
  /** The document for this token, once; null when unknown, used or expired. */
  redeem(token: string): PrintViewData | null;
  /** Forgets a token (its print finished or failed). */
  revoke(token: string): void;
  size(): number;
}

export function createPrintTokens(opts: { ttlMs?: number; now?: () => number } = {}): PrintTokens {
  const ttlMs = opts.ttlMs ?? 30_000;
  const now = opts.now ?? Date.now;
  const live = new Map<string, { data: PrintViewData; expires: number }>();
  const sweep = () => {
    const t = now();
    for (const [k, v] of live) if (v.expires <= t) live.delete(k);
  };
  return {
    issue(data) {
      sweep();
      const token = crypto.randomBytes(32).toString('base64url');
      live.set(token, { data, expires: now() + ttlMs });
      return token;
    },
    redeem(token) {
      sweep();
      const entry = live.get(token);
      if (!entry) return null;
      live.delete(token);
      return entry.data;
    },
    revoke(token) {
      live.delete(token);
    },
    size() {
      sweep();
      return live.size;
    },
  };
}
