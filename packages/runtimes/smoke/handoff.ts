import type { SmokeClients } from './clients.js';
import type { HandoffReport } from './report.js';

/**
 * A second caller waits while the lock is held and gets it when the holder releases. Its
 * `queued` event says it is waiting; a short pause after that gives a broken wait the chance
 * to (wrongly) settle before the release, which the report would show.
 */
export async function waiterHandoff(
  { first, second, secondEvents }: SmokeClients,
  name: string,
): Promise<HandoffReport> {
  const holder = await first.acquire(name);
  const queued = secondEvents.next('queued', name);
  const acquired = secondEvents.next('acquired', name);
  let settled = false;
  const waiting = second.acquire(name, { acquireTimeout: 15_000 });
  waiting.then(
    () => (settled = true),
    () => (settled = true),
  );
  await queued;
  await new Promise((resolve) => setTimeout(resolve, 250));
  const waitedUntilRelease = !settled;
  const holderReleased = await holder.release();
  const waiter = await waiting;
  const { handedOver } = await acquired;
  const heldByWaiter = (await first.inspect(name)).held;
  const waiterReleased = await waiter.release();
  return {
    holderFence: holder.fence,
    waiterFence: waiter.fence,
    waitedUntilRelease,
    holderReleased,
    handedOver,
    heldByWaiter,
    waiterReleased,
  };
}
