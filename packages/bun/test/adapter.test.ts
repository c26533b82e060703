import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { bunRedisCommander, lock } from '../src/index.js';

// On Node: the package loads without Bun (it imports nothing from 'bun'), and refuses a client
// it cannot use before anything is sent. Everything that needs Bun's client runs under Bun
// (bun.test.ts).

describe('bunRedisCommander on Node', () => {
  it('refuses anything but a Bun RedisClient with a TypeError naming what it wants', () => {
    for (const wrong of [{}, null, undefined, 'redis://localhost:6379', { send: () => {} }]) {
      expect(() => bunRedisCommander(wrong as never)).toThrow(TypeError);
      expect(() => bunRedisCommander(wrong as never)).toThrow(/Bun's RedisClient/);
    }
  });

  it('names the adapter for an ioredis, node-redis or Upstash client passed by mistake', async () => {
    const ioredis = new Redis('redis://127.0.0.1:1', { lazyConnect: true });
    const nodeRedis = createClient({ url: 'redis://127.0.0.1:1' });
    const upstash = new UpstashRedis({ url: 'https://example.invalid', token: 'unused' });
    expect(() => bunRedisCommander(ioredis as never)).toThrow(
      /got an ioredis \(or iovalkey\) client: use ioredisCommander from @mutex\/ioredis/,
    );
    expect(() => bunRedisCommander(nodeRedis as never)).toThrow(
      /got a node-redis client: use nodeRedisCommander from @mutex\/node-redis/,
    );
    expect(() => bunRedisCommander(upstash as never)).toThrow(
      /got an @upstash\/redis client: use upstashCommander from @mutex\/upstash/,
    );
    await expect(lock(ioredis as never, 'job')).rejects.toThrow(/@mutex\/ioredis/);
    ioredis.disconnect();
  });
});
