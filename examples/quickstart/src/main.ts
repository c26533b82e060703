// Three workers in one process each add 1 to a shared Redis counter 50 times, with a
// deliberately racy read-modify-write inside the lock. Uses REDIS_URL, or starts a throwaway
// Redis (Docker or redis-server) when it is unset.
import { createLockClient } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { startRedis } from '@mutex/testkit';
import { Redis } from 'ioredis';

const WORKERS = 3;
const ROUNDS = 50;

const server = await startRedis().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
console.log(`Redis: ${server.url} (${server.source})`);

async function worker(id: number): Promise<number> {
  const redis = new Redis(server.url);
  const locks = createLockClient(ioredisCommander(redis), { ttl: 5_000 });
  let entered = 0;
  for (let round = 0; round < ROUNDS; round++) {
    await locks.withLock('quickstart:counter', async (signal) => {
      const seen = Number((await redis.get('quickstart:counter')) ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 1)); // invite a race
      signal.throwIfAborted(); // lost the lock? then don't write
      await redis.set('quickstart:counter', seen + 1);
      entered++;
    });
  }
  redis.disconnect();
  console.log(`worker ${id}: ${entered} critical sections`);
  return entered;
}

const admin = new Redis(server.url);
await admin.del('quickstart:counter');
const started = performance.now();
const sections = (await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i)))).reduce(
  (a, b) => a + b,
);
const counter = Number(await admin.get('quickstart:counter'));
const seconds = (performance.now() - started) / 1000;
console.log(
  `counter = ${counter}, expected ${WORKERS * ROUNDS}: ${counter === WORKERS * ROUNDS && sections === counter ? 'no update lost' : 'UPDATES LOST'} (${seconds.toFixed(2)} s)`,
);
admin.disconnect();
await server.stop();
process.exitCode = counter === WORKERS * ROUNDS ? 0 : 1;
