/** The fixed part of the margin `leaseEnd` keeps before Redis's end of a lease. */
export const LEASE_MARGIN_MS = 2;
/** The part of the margin proportional to the lease. */
export const LEASE_DRIFT = 0.01;

/**
 * When a lease of `lease` ms that began in Redis no earlier than `start` (the monotonic clock
 * here) must count as over in this process: early enough that Redis cannot have ended it yet.
 *
 * Redis's end of a lease comes earlier than `start + lease` as seen here because Redis keeps
 * expiry times in whole milliseconds (a lease in a sorted set may end up to 1 ms short of its
 * length), because the timer that tells the holder fires late whenever the process is busy or
 * not scheduled (several milliseconds on a loaded machine), and because two clocks run at
 * slightly different rates. The margin is Redlock's clock-drift allowance: 2 ms plus 1% of
 * the lease (102 ms of the default 10 s); a lease shorter than about 4 ms keeps half of itself.
 */
export function leaseEnd(start: number, lease: number): number {
  if (!Number.isFinite(lease)) return Number.POSITIVE_INFINITY;
  return start + lease - Math.min(LEASE_MARGIN_MS + lease * LEASE_DRIFT, lease / 2);
}
