import {
  createLockClient,
  type LockClient,
  LockTimeoutError,
  type RedisCommander,
} from '@mutex/core';
import { ioredisCommander, lock as ioredisLock } from '@mutex/ioredis';
import { nodeRedisCommander } from '@mutex/node-redis';
import { startUpstashRestServer } from '@mutex/testkit';
import { upstashCommander, lock as upstashLock } from '@mutex/upstash';
import { glideCommander, lock as glideLock } from '@mutex/valkey-glide';
import { Redis as UpstashRedis } from '@upstash/redis';
import { GlideClient } from '@valkey/valkey-glide';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, describe, expect, inject, it } from 'vitest';

const url = inject('redisUrl');
const rest = await startUpstashRestServer({ redisUrl: url });
const ioredis = new Redis(url);
const nodeRedis = await createClient({ url }).connect();
const upstash = new UpstashRedis({ url: rest.url, token: rest.token });
const { hostname, port } = new URL(url);
const glide = await GlideClient.createClient({
  addresses: [{ host: hostname, port: Number(port) }],
});

const commanders: Record<string, RedisCommander & { close(): Promise<void> }> = {
  ioredis: ioredisCommander(ioredis),
  'node-redis': nodeRedisCommander(nodeRedis),
  upstash: upstashCommander(upstash),
  'valkey-glide': glideCommander(glide),
};
afterAll(async () => {
  await Promise.all(Object.values(commanders).map((commander) => commander.close()));
  ioredis.disconnect();
  await nodeRedis.close();
  glide.close();
  await rest.stop();
});

const clients = Object.fromEntries(
  Object.entries(commanders).map(([name, commander]) => [name, createLockClient(commander)]),
) as Record<string, LockClient>;

describe.each(Object.keys(clients))('a lock held through %s', (holderName) => {
  const others = Object.keys(clients).filter((name) => name !== holderName);

  it(`excludes holders using ${others.join(' and ')}, and its release lets them in`, async () => {
    const name = `cross:${holderName}:${Date.now()}`;
    const holder = await clients[holderName]?.acquire(name);
    for (const other of others) {
      await expect(clients[other]?.acquire(name, { acquireTimeout: 300 })).rejects.toBeInstanceOf(
        LockTimeoutError,
      );
    }
    const order: string[] = [];
    const waiters = others.map(async (other) => {
      // Adapters that subscribe can only be woken in time by the release notification.
      const retryInterval = commanders[other]?.subscribe ? 60_000 : 50;
      const lock = await clients[other]?.acquire(name, { acquireTimeout: 5000, retryInterval });
      order.push(other);
      await lock?.release();
    });
    await holder?.release();
    await Promise.all(waiters);
    expect(order.sort()).toEqual([...others].sort());
  });
});

it('the seed-compatible lock() excludes across adapters too', async () => {
  const name = `cross-seed:${Date.now()}`;
  const unlock = await ioredisLock(ioredis, name);
  await expect(upstashLock(upstash, name, { failAfterMillis: 300 })).rejects.toBeInstanceOf(
    LockTimeoutError,
  );
  await unlock();
  const unlockUpstash = await upstashLock(upstash, name, { failAfterMillis: 1000 });
  await expect(glideLock(glide, name, { failAfterMillis: 300 })).rejects.toBeInstanceOf(
    LockTimeoutError,
  );
  await unlockUpstash();
  const unlockGlide = await glideLock(glide, name, { failAfterMillis: 1000 });
  await expect(ioredisLock(ioredis, name, { failAfterMillis: 300 })).rejects.toBeInstanceOf(
    LockTimeoutError,
  );
  await unlockGlide();
});
