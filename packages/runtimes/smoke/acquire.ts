import type { SmokeClients } from './clients.js';
import { describeError } from './errors.js';
import type { AcquireReport } from './report.js';

/** Acquire and release, each seen from the other client through Redis. */
export async function acquireAndRelease(
  { first, second }: SmokeClients,
  name: string,
): Promise<AcquireReport> {
  const lock = await first.acquire(name);
  const heldWhileHeld = (await second.inspect(name)).held;
  const released = await lock.release();
  const heldAfterRelease = (await second.inspect(name)).held;
  return {
    fence: lock.fence,
    heldWhileHeld,
    released,
    heldAfterRelease,
    signal: describeError(lock.signal.reason),
  };
}
