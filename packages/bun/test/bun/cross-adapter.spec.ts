// Run by Bun (see conformance.spec.ts): one lock, three clients in one Bun process. A lock
// taken through @mutex/bun excludes holders through @mutex/ioredis and @mutex/node-redis, and
// the other way round, and each one's release wakes the others' waiters.
import { createLockClient, type LockClient, type RedisCommander } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { nodeRedisCommander } from '@mutex/node-redis';
import { RedisClient } from 'bun';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bunRedisCommander } from '../../src/index.ts';
import { redisUrl } from './env.ts';

const url = redisUrl();
let bun: RedisClient;
let ioredis: Redis;
let nodeRedis: ReturnType<typeof createClient>;
const commanders: { name: string; commander: RedisCommander & { close(): Promise<void> } }[] = [];

beforeAll(async () => {
  bun = new RedisClient(url);
  ioredis = new Redis(url);
  nodeRedis = createClient({ url });
  await bun.connect();
  await nodeRedis.connect();
  commanders.push(
    { name: '@mutex/bun', commander: bunRedisCommander(bun) },
    { name: '@mutex/ioredis', commander: ioredisCommander(ioredis) },
    {
      name: '@mutex/node-redis',
      commander: nodeRedisCommander(nodeRedis),
    },
  );
});
afterAll(async () => {
  await Promise.all(commanders.map(({ commander }) => commander.close()));
  bun?.close();
  ioredis?.disconnect();
  await nodeRedis?.close();
});

const locksOf = (name: string): LockClient => {
  const found = commanders.find((each) => each.name === name);
  if (found === undefined) throw new Error(`no ${name}`);
  return createLockClient(found.commander);
};

// Waiters poll a minute apart and holders lease for a minute: only a release notification,
// published by the holder's adapter and heard by the waiter's, lets a waiter in.
const WAIT = { retryInterval: 60_000, maxRetryInterval: 60_000, acquireTimeout: 20_000 };

const PAIRS = [
  ['@mutex/bun', '@mutex/ioredis'],
  ['@mutex/bun', '@mutex/node-redis'],
  ['@mutex/ioredis', '@mutex/bun'],
  ['@mutex/node-redis', '@mutex/bun'],
] as const;

describe('@mutex/bun with @mutex/ioredis and @mutex/node-redis on one Redis, under Bun', () => {
  for (const [holding, waiting] of PAIRS) {
    it(`a lock held through ${holding} excludes ${waiting}, and its release wakes ${waiting}'s waiter`, async () => {
      const name = `cross:${holding}:${waiting}:${Date.now()}`;
      const holder = await locksOf(holding).acquire(name, { ttl: 60_000 });
      expect(await locksOf(waiting).tryAcquire(name)).toBeNull();
      let inside = false;
      const waiter = locksOf(waiting)
        .acquire(name, WAIT)
        .then((lock) => {
          inside = true;
          return lock;
        });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(inside).toBe(false);
      expect(await holder.release()).toBe(true);
      const lock = await waiter;
      expect(await locksOf(holding).tryAcquire(name)).toBeNull();
      expect(await lock.release()).toBe(true);
    }, 30_000);
  }

  it('critical sections through all three adapters never overlap', async () => {
    const name = `cross:contention:${Date.now()}`;
    const all = commanders.map(({ commander }) => createLockClient(commander));
    let inside = 0;
    let overlaps = 0;
    let counter = 0;
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        all[i % all.length]?.withLock(name, { acquireTimeout: 20_000 }, async () => {
          inside++;
          if (inside > 1) overlaps++;
          const seen = counter;
          await new Promise((resolve) => setTimeout(resolve, 1));
          counter = seen + 1;
          inside--;
        }),
      ),
    );
    expect(overlaps).toBe(0);
    expect(counter).toBe(60);
  }, 30_000);
});
