// Retry timing: exponential backoff with full jitter, capped.
//
//   delay(n) = max(floor, uniform(0, min(cap, base · 2^(n−1))))      n = attempts so far (≥ 1)
//
// With the defaults (base 2 s, cap 5 min, floor 0.5 s) the ceiling doubles 2, 4, 8 … 256 s and
// stays at 300 s from the 9th attempt on, so a queue waits at most 5 minutes after the back
// office is reachable again. Full jitter (uniform over the whole range, after AWS's "Exponential
// Backoff and Jitter") spreads a thousand items that failed together over the whole window
// instead of sending them back in a wave. The floor keeps a zero draw from spinning.
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  floorMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 300_000, floorMs: 500 };

export function backoffCeiling(attempt: number, p: BackoffPolicy): number {
  const n = Math.max(1, Math.min(attempt, 40));
  return Math.min(p.capMs, p.baseMs * 2 ** (n - 1));
}

export function backoffDelay(attempt: number, p: BackoffPolicy, random: () => number): number {
  return Math.max(p.floorMs, Math.floor(random() * backoffCeiling(attempt, p)));
}

/** A small seeded generator (mulberry32) for deterministic tests and benchmarks. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
