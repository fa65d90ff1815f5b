export interface Summary {
  count: number;
  medianMs: number;
  p99Ms: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

export function summarize(samples: number[]): Summary {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return { count: sorted.length, medianMs: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
}

/**
 * Negative values set to 0, and how many there were: an event can be handled before the sender's
 * HTTP response when both are ready in the same turn of the client's event loop.
 */
export function clampNegatives(samples: number[]): { values: number[]; clamped: number } {
  return { values: samples.map((v) => Math.max(0, v)), clamped: samples.filter((v) => v < 0).length };
}

export const ms = (value: number) => value.toFixed(2);

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
