import type { SmokeClients } from './clients.js';
import { describeError } from './errors.js';
import type { DisposeReport } from './report.js';

/**
 * `await using` releases at the end of the scope. The lease is a minute, so a key gone right
 * after the scope was released, not expired. Whether the syntax is native or compiled down to
 * `Symbol.asyncDispose` calls is the bundle's choice, per runtime (see the tests).
 */
export async function disposeAtScopeEnd(
  { first, second }: SmokeClients,
  name: string,
): Promise<DisposeReport> {
  let signal: AbortSignal;
  let heldInScope: boolean;
  {
    await using lock = await first.acquire(name, { ttl: 60_000 });
    signal = lock.signal;
    heldInScope = (await second.inspect(name)).held;
  }
  return {
    heldInScope,
    heldAfterScope: (await second.inspect(name)).held,
    signal: describeError(signal.reason),
  };
}
