/** Monotonic milliseconds: deadlines and leases must not move when the wall clock does. */
export const now = (): number => performance.now();
