import { describe, expect, it } from 'vitest';
import { checkHistory, type Section } from '../src/history.js';

const s = (
  holder: string,
  fence: number,
  start: number,
  end: number,
  lostAt?: number,
): Section => ({
  holder,
  fence,
  start: BigInt(start),
  end: BigInt(end),
  lostAt: lostAt === undefined ? undefined : BigInt(lostAt),
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
});
