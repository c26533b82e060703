/** The `p`th percentile (nearest rank) of `values`, which it does not reorder; NaN if empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** A critical section on the shared monotonic clock, in nanoseconds. */
export interface Section {
  readonly start: bigint;
  readonly end: bigint;
}

/** How sections followed each other, taken in order of start. */
export interface Succession<S extends Section> {
  /** Sections that began before every earlier section had ended. */
  overlaps: number;
  /** For each section that began after all earlier ones ended: the gap in ms, and the two. */
  handoffs: { gapMs: number; before: S; after: S }[];
  /** The first start and the last end. */
  first: bigint;
  last: bigint;
}

/**
 * Overlaps and handoffs of `sections`. A section overlaps if it starts before the latest end
 * so far, not only before its predecessor's end: a long section that started earlier counts.
 */
export function succession<S extends Section>(sections: readonly S[]): Succession<S> {
  const sorted = [...sections].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const handoffs: Succession<S>['handoffs'] = [];
  let overlaps = 0;
  let latest = sorted[0];
  for (const section of sorted.slice(1)) {
    if (latest === undefined) break;
    if (section.start < latest.end) overlaps++;
    else
      handoffs.push({
        gapMs: Number(section.start - latest.end) / 1e6,
        before: latest,
        after: section,
      });
    if (section.end > latest.end) latest = section;
  }
  return { overlaps, handoffs, first: sorted[0]?.start ?? 0n, last: latest?.end ?? 0n };
}
