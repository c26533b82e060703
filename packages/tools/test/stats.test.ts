import { describe, expect, it } from 'vitest';
import { commandCalls, totalCalls } from '../src/commandstats.js';
import { median, percentile, succession } from '../src/stats.js';

const at = (start: number, end: number, worker = 0) => ({
  start: BigInt(start * 1e6),
  end: BigInt(end * 1e6),
  worker,
});

describe('percentile', () => {
  it('takes the nearest rank without reordering its input, NaN when empty', () => {
    const values = [5, 1, 4, 2, 3];
    expect([percentile(values, 0), median(values), percentile(values, 99)]).toEqual([1, 3, 5]);
    expect(values).toEqual([5, 1, 4, 2, 3]);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('succession', () => {
  it('counts a section that starts inside any earlier one, not only the one just before', () => {
    // 0-10 is long; 2-3 overlaps it; 5-6 overlaps it too though it starts after 2-3 ended.
    const { overlaps, handoffs } = succession([at(0, 10), at(2, 3), at(5, 6), at(11, 12, 1)]);
    expect(overlaps).toBe(2);
    expect(handoffs.map((h) => [h.gapMs, h.before.worker, h.after.worker])).toEqual([[1, 0, 1]]);
  });

  it('spans from the first start to the last end', () => {
    const { first, last } = succession([at(3, 4), at(1, 2), at(5, 9)]);
    expect([first, last]).toEqual([BigInt(1e6), BigInt(9e6)]);
  });
});

describe('commandCalls', () => {
  it('reads calls per command from INFO commandstats', () => {
    const info =
      '# Commandstats\r\ncmdstat_evalsha:calls=7,usec=70\r\ncmdstat_get:calls=3,usec=1\r\n';
    expect(Object.fromEntries(commandCalls(info))).toEqual({ evalsha: 7, get: 3 });
    expect(totalCalls(info)).toBe(10);
  });
});
