/**
 * When a lease of `lease` ms that began in Redis no earlier than `start` (the monotonic clock
 * here) must count as over in this process: early enough that Redis cannot have ended it yet.
 *
 * Three things make Redis's end of a lease earlier than `start + lease` as seen here: Redis
 * keeps expiry times in whole milliseconds (a lease may end up to 1 ms before its full length),
 * timers here fire up to about a millisecond late, and the two clocks may run at slightly
 * different rates (NTP slews a clock by at most 0.05%). A margin of 2 ms plus 0.1% of the
 * lease covers all three; a lease shorter than 4 ms keeps at least half of itself.
 */
export function leaseEnd(start: number, lease: number): number {
  if (!Number.isFinite(lease)) return Number.POSITIVE_INFINITY;
  return start + lease - Math.min(LEASE_MARGIN_MS + lease / 1000, lease / 2);
}

/** The fixed part of the margin `leaseEnd` keeps before Redis's end of a lease. */
export const LEASE_MARGIN_MS = 2;
