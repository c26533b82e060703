import { describe, expect, it, vi } from 'vitest';
import { GiveUp } from '../src/give-up.js';
import { LEASE_DRIFT, LEASE_MARGIN_MS, leaseEnd } from '../src/lease-end.js';
import { useFakeClock } from './setup-timers.js';

useFakeClock();

describe('leaseEnd', () => {
  it('ends a lease 2 ms plus 1% of it before its full length', () => {
    expect([LEASE_MARGIN_MS, LEASE_DRIFT]).toEqual([2, 0.01]);
    expect(leaseEnd(1000, 10_000)).toBe(1000 + 10_000 - 102);
    expect(leaseEnd(0, 500)).toBe(500 - 7);
    expect(leaseEnd(0, 3_600_000)).toBe(3_600_000 - 36_002);
  });

  it('keeps at least half of a very short lease, and never ends an endless one', () => {
    expect(leaseEnd(0, 4)).toBe(2);
    expect(leaseEnd(0, 1)).toBe(0.5);
    expect(leaseEnd(0, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('GiveUp', () => {
  it('times out at its deadline', async () => {
    const giveUp = new GiveUp('job', 100, undefined);
    await vi.advanceTimersByTimeAsync(99);
    expect(giveUp.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(giveUp.reason).toMatchObject({ name: 'LockTimeoutError', lockName: 'job' });
  });

  it('never before its deadline by the monotonic clock, when its timer fires early', async () => {
    const giveUp = new GiveUp('job', 100, undefined);
    // Timers count whole milliseconds of a clock read once per loop turn: here the timer
    // fires while performance.now() is still 0.6 ms short of the deadline.
    const timersClock = performance.now.bind(performance);
    vi.spyOn(performance, 'now').mockImplementation(() => timersClock() - 0.6);
    await vi.advanceTimersByTimeAsync(100);
    expect(giveUp.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(giveUp.aborted).toBe(true);
    expect(performance.now()).toBeGreaterThanOrEqual(giveUp.deadline);
  });

  it('a caller abort still ends it at once, and dispose stops its timer', async () => {
    const caller = new AbortController();
    const giveUp = new GiveUp('job', 100, caller.signal);
    caller.abort(new Error('cancelled'));
    expect(giveUp.reason).toMatchObject({ message: 'cancelled' });
    const disposed = new GiveUp('job', 100, undefined);
    disposed.dispose();
    await vi.advanceTimersByTimeAsync(200);
    expect(disposed.aborted).toBe(false);
  });
});
