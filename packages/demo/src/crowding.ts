import type { Span } from './stats.js';

/** How crowded a run's critical sections were, against how many may be inside at once. */
export interface Crowding {
  /**
   * Sections that began while `limit` others were still inside. With `limit` 1 this is the
   * demo table's overlap count: a section that began before an earlier one had ended.
   */
  overlaps: number;
  /** The most sections inside at one instant. */
  most: number;
  /** The stretches of time, in order, when more than `limit` sections were inside. */
  excess: Span[];
}

const byTime = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sections are half-open, `[start, end)`: one that ends at the instant the next begins does
 * not overlap it, so a clean handoff is never counted.
 */
export function crowding(spans: readonly Span[], limit: number): Crowding {
  const sorted = [...spans].sort((a, b) => byTime(a[0], b[0]));
  let overlaps = 0;
  let most = 0;
  let inside: bigint[] = []; // the ends of the sections inside
  for (const [start, end] of sorted) {
    inside = inside.filter((otherEnd) => otherEnd > start);
    if (inside.length >= limit) overlaps++;
    inside.push(end);
    most = Math.max(most, inside.length);
  }

  // Sweep the starts and ends in time order; at one instant ends go first (half-open).
  // A section of no duration occupies no time, so it cannot make an excess stretch.
  const events = sorted
    .filter(([start, end]) => end > start)
    .flatMap(([start, end]) => [
      { at: start, step: 1 },
      { at: end, step: -1 },
    ])
    .sort((a, b) => byTime(a.at, b.at) || a.step - b.step);
  const excess: Span[] = [];
  let count = 0;
  let since: bigint | undefined;
  for (const { at, step } of events) {
    count += step;
    if (count > limit && since === undefined) since = at;
    else if (count <= limit && since !== undefined) {
      if (at > since) excess.push([since, at]);
      since = undefined;
    }
  }
  return { overlaps, most, excess };
}
