// Small shared helpers for benchmarks: percentiles, and the one-line JSON summary.

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

export const median = (values: number[]): number => percentile(values, 50);

export const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

/** Prints the benchmark's summary as its last line: one JSON object. */
export function printSummary(summary: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(summary) + '\n');
}
