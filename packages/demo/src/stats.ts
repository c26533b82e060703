/** A critical section on the shared monotonic clock, in nanoseconds. */
export type Span = readonly [start: bigint, end: bigint];

export interface RunFacts {
  sections: number;
  overlaps: number;
  /** Sections per second, from the first start to the last end. */
  perSecond: number;
  /** Gaps from one section's end to the next one's start, in ms. */
  handoffP50: number;
  handoffP99: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export function analyse(spans: Span[]): RunFacts {
  const sorted = [...spans].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let overlaps = 0;
  let latestEnd = sorted[0]?.[1] ?? 0n;
  const gaps: number[] = [];
  for (const [start, end] of sorted.slice(1)) {
    if (start < latestEnd) overlaps++;
    else gaps.push(Number(start - latestEnd) / 1e6);
    if (end > latestEnd) latestEnd = end;
  }
  gaps.sort((a, b) => a - b);
  const first = sorted[0]?.[0] ?? 0n;
  const seconds = Number(latestEnd - first) / 1e9;
  return {
    sections: sorted.length,
    overlaps,
    perSecond: seconds > 0 ? sorted.length / seconds : Number.NaN,
    handoffP50: percentile(gaps, 50),
    handoffP99: percentile(gaps, 99),
  };
}
