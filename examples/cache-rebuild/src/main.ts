// A cache that one writer rebuilds in several steps while readers keep reading it. Readers
// take read locks (many at once), the rebuild a write lock (alone), on a read-write lock, so
// no reader ever sees a half-built cache, and readers arriving while the rebuild waits queue
// behind it instead of starving it. Uses REDIS_URL, or starts a throwaway Redis when unset.
import { createLockClient } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { startRedis } from '@mutex/testkit';
import { Redis } from 'ioredis';

const server = await startRedis().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const redis = new Redis(server.url);
const locks = createLockClient(ioredisCommander(redis));
const cache = locks.readWrite('report-cache');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The rebuild: clears the cache, then writes its three parts one by one. */
async function rebuild(version: number): Promise<void> {
  await cache.withWrite(async () => {
    await redis.del('report:header', 'report:body', 'report:footer');
    for (const part of ['header', 'body', 'footer']) {
      await sleep(5); // computing the part
      await redis.set(`report:${part}`, `v${version}`);
    }
  });
}

let reads = 0;
let torn = 0;
let mostReadersAtOnce = 0;
let readersInside = 0;
async function reader(until: number): Promise<void> {
  while (performance.now() < until) {
    await cache.withRead(async () => {
      readersInside++;
      mostReadersAtOnce = Math.max(mostReadersAtOnce, readersInside);
      const parts = await redis.mget('report:header', 'report:body', 'report:footer');
      await sleep(2);
      readersInside--;
      reads++;
      // A whole cache has all three parts, of one version.
      if (new Set(parts).size !== 1 || parts[0] === null) torn++;
    });
  }
}

await rebuild(1);
const until = performance.now() + 1500;
const readers = Array.from({ length: 6 }, () => reader(until));
let rebuilds = 1;
while (performance.now() < until) {
  await sleep(100);
  await rebuild(++rebuilds);
}
await Promise.all(readers);

console.log(
  `${reads} reads by 6 readers (up to ${mostReadersAtOnce} at once) during ${rebuilds} rebuilds: ${torn} saw a half-built cache`,
);
redis.disconnect();
await server.stop();
process.exitCode = torn === 0 && rebuilds > 5 && mostReadersAtOnce > 1 ? 0 : 1;
