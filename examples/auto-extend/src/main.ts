// A job that runs longer than its lease: auto-extension renews the lease every ttl/3 while
// the job works. Then an operator deletes the lock by hand: the job learns of it through
// `signal` and stops before doing more unprotected work.
import { createLockClient, LockLostError } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { startRedis } from '@mutex/testkit';
import { Redis } from 'ioredis';

const server = await startRedis().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const redis = new Redis(server.url);
const operator = new Redis(server.url);
const locks = createLockClient(ioredisCommander(redis), { ttl: 600 });
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

// 1. Two seconds of work under a 600 ms lease: renewals keep the lock.
await locks.withLock('report', async (signal) => {
  for (let step = 1; step <= 4; step++) {
    await sleep(500, signal);
    console.log(`step ${step}: still held, lease left ${await operator.pttl('mutex:{report}')} ms`);
  }
});
console.log('report done; lock released:', (await operator.exists('mutex:{report}')) === 0);

// 2. The lock disappears mid-job (say, someone ran DEL): the next renewal notices.
const outcome = await locks
  .withLock('migration', async (signal) => {
    setTimeout(() => void operator.del('mutex:{migration}'), 300);
    for (let batch = 1; batch <= 10; batch++) {
      await sleep(200, signal); // stops here as soon as the lock is lost
      console.log(`batch ${batch} migrated`);
    }
    return 'finished';
  })
  .catch((error: unknown) => error);
if (!(outcome instanceof LockLostError))
  throw new Error(`expected a LockLostError, got ${outcome}`);
console.log(`migration stopped: ${outcome.message}`);

redis.disconnect();
operator.disconnect();
await server.stop();
