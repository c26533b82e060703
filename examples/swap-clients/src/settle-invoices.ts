import { createLockClient, type RedisCommander } from '@mutex/core';

/**
 * The application's lock-using code. It knows a RedisCommander and nothing else, so it runs
 * unchanged whichever Redis client the process was given.
 */
export async function settleInvoices(
  commander: RedisCommander,
  batches: number,
): Promise<{ settled: number; mostAtOnce: number }> {
  const locks = createLockClient(commander, { prefix: 'billing:' });
  let settled = 0;
  let inside = 0;
  let mostAtOnce = 0;
  await Promise.all(
    Array.from({ length: batches }, (_, batch) =>
      locks.withLock('settle-invoices', { acquireTimeout: 5_000 }, async (signal) => {
        mostAtOnce = Math.max(mostAtOnce, ++inside);
        await new Promise((resolve) => setTimeout(resolve, 5)); // the guarded work
        signal.throwIfAborted();
        settled += 1;
        inside--;
        return batch;
      }),
    ),
  );
  return { settled, mostAtOnce };
}
