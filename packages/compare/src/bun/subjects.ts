// What the bench measures under Bun, over Bun's own client: @mutex/bun, and the least a lock
// can do with the same client (SET NX PX, then a compare-and-delete script), the baseline.
import { bunRedisCommander } from '@mutex/bun';
import { createLockClient } from '@mutex/core';
import { RedisClient } from 'bun';
import type { Contender } from '../bench-loop.js';

export async function mutexOverBun(redisUrl: string): Promise<Contender> {
  const client = new RedisClient(redisUrl);
  await client.connect();
  const commander = bunRedisCommander(client);
  const locks = createLockClient(commander);
  return {
    async acquire(name, waitMs, leaseMs) {
      return locks.acquire(name, { acquireTimeout: waitMs, ttl: leaseMs });
    },
    async close() {
      await commander.close();
      client.close();
    },
  };
}

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** The raw baseline: polls every 10 ms when the lock is busy (uncontended, it never is). */
export async function rawOverBun(redisUrl: string): Promise<Contender> {
  const client = new RedisClient(redisUrl);
  await client.connect();
  const sha = String(await client.send('SCRIPT', ['LOAD', RELEASE]));
  return {
    async acquire(name, waitMs, leaseMs) {
      const key = `raw-bun:${name}`;
      const token = crypto.randomUUID();
      const deadline = performance.now() + waitMs;
      while ((await client.send('SET', [key, token, 'PX', String(leaseMs), 'NX'])) !== 'OK') {
        if (performance.now() > deadline) throw new Error('raw baseline: timed out');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return { release: () => client.send('EVALSHA', [sha, '1', key, token]) };
    },
    async close() {
      client.close();
    },
  };
}
