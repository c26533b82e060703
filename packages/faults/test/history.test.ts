import { describe, expect, it } from 'vitest';
import { checkHistory, type Section } from '../src/history.js';

const s = (
  holder: string,
  fence: number,
  start: number,
  end: number,
  lostAt?: number,
  weight?: number,
): Section => ({
  holder,
  fence,
  start: BigInt(start),
  end: BigInt(end),
  lostAt: lostAt === undefined ? undefined : BigInt(lostAt),
  weight,
});

describe('the history checker', () => {
  it('accepts back-to-back sections with increasing fences', () => {
    const verdict = checkHistory([s('a', 1, 0, 10), s('b', 2, 10, 20), s('a', 3, 25, 30)]);
    expect(verdict).toEqual({ sections: 3, holders: 2, violations: [] });
  });

  it('flags two holders inside at once', () => {
    const verdict = checkHistory([s('a', 1, 0, 10), s('b', 2, 5, 20)]);
    expect(verdict.violations.map((v) => v.kind)).toEqual(['overlap']);
  });

  it('flags an overlap with a long section that started earlier than the previous one', () => {
    const verdict = checkHistory([s('a', 1, 0, 100), s('b', 2, 10, 20), s('c', 3, 50, 60)]);
    expect(verdict.violations.filter((v) => v.kind === 'overlap')).toHaveLength(2);
  });

  it('allows an overlap once the earlier holder was told its lock was lost', () => {
    const verdict = checkHistory([s('a', 1, 0, 50, 20), s('b', 2, 30, 60)]);
    expect(verdict.violations).toEqual([]);
  });

  it('still flags an overlap that began before the holder was told', () => {
    const verdict = checkHistory([s('a', 1, 0, 50, 40), s('b', 2, 30, 60)]);
    expect(verdict.violations.map((v) => v.kind)).toEqual(['overlap']);
  });

  it('flags fencing tokens that do not increase in lease order', () => {
    const verdict = checkHistory([s('a', 5, 0, 10), s('b', 4, 20, 30)]);
    expect(verdict.violations.map((v) => v.kind)).toEqual(['fence-order']);
  });

  it('a semaphore: permits up to the limit at once pass, one more is flagged', () => {
    const within = [
      s('a', 1, 0, 50, undefined, 2),
      s('b', 2, 10, 60),
      s('c', 3, 55, 70, undefined, 2),
    ];
    expect(checkHistory(within, 3).violations).toEqual([]);
    const over = [s('a', 1, 0, 50, undefined, 2), s('b', 2, 10, 60), s('c', 3, 20, 30)];
    expect(checkHistory(over, 3).violations.map((v) => v.kind)).toEqual(['overlap']);
  });

  it('a read-write lock (writers weigh the limit): readers together pass, a writer with anyone is flagged', () => {
    const readers = [s('a', 1, 0, 50), s('b', 2, 10, 60), s('c', 3, 20, 30)];
    expect(checkHistory(readers, 3).violations).toEqual([]);
    const writerInside = [...readers, s('w', 4, 40, 45, undefined, 3)];
    expect(checkHistory(writerInside, 3).violations.map((v) => v.kind)).toEqual(['overlap']);
  });

  it('fences must grow between sections that exclude each other, in the order they ran', () => {
    // Could be held together (2 of 2): granted 1 then 2, used the other way round.
    const together = [s('a', 2, 0, 10), s('b', 1, 10, 60)];
    expect(checkHistory(together, 2).violations).toEqual([]);
    // 1 + 2 > 2: b's grant came after a's release, so its fence must be larger.
    const exclusive = [s('a', 2, 0, 10), s('b', 1, 10, 60, undefined, 2)];
    expect(checkHistory(exclusive, 2).violations.map((v) => v.kind)).toEqual(['fence-order']);
  });
});
