import type { Redis } from 'ioredis';

/**
 * Waits until `parties` worker processes have called this with the same `key`, so that they
 * start their sections together rather than as each one's start-up (a second or so) allows:
 * otherwise the first worker can be done before the last one begins, and the run shows no
 * contention at all.
 */
export async function startTogether(redis: Redis, key: string, parties: number): Promise<void> {
  await redis.incr(key);
  while (Number(await redis.get(key)) < parties) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
