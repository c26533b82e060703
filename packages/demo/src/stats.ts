import { percentile, succession } from '@mutex/tools/stats';

/** A critical section on the shared monotonic clock, in nanoseconds. */
export type Span = readonly [start: bigint, end: bigint];

/** Spans as a worker prints them (decimal strings, since JSON has no bigint). */
export function parseSpans(printed: readonly (readonly [string, string])[]): Span[] {
  return printed.map(([start, end]) => [BigInt(start), BigInt(end)] as const);
}

export interface RunFacts {
  sections: number;
  overlaps: number;
  /** Sections per second, from the first start to the last end. */
  perSecond: number;
  /** Gaps from one section's end to the next one's start, in ms. */
  handoffP50: number;
  handoffP99: number;
}

export function analyse(spans: Span[]): RunFacts {
  const { overlaps, handoffs, first, last } = succession(
    spans.map(([start, end]) => ({ start, end })),
  );
  const gaps = handoffs.map((handoff) => handoff.gapMs);
  const seconds = Number(last - first) / 1e9;
  return {
    sections: spans.length,
    overlaps,
    perSecond: seconds > 0 ? spans.length / seconds : Number.NaN,
    handoffP50: percentile(gaps, 50),
    handoffP99: percentile(gaps, 99),
  };
}
