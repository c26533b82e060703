import { readFileSync } from 'node:fs';
import { createLockClient } from '@mutex/core';
import { startUpstashRestServer } from '@mutex/testkit';
import { Redis } from '@upstash/redis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { lock, upstashCommander } from '../src/index.js';

const rest = await startUpstashRestServer({ redisUrl: inject('redisUrl') });
afterAll(() => rest.stop());
const client = (options = {}) => new Redis({ url: rest.url, token: rest.token, ...options });

describe('upstashCommander', () => {
  it('refuses anything but an @upstash/redis client', () => {
    expect(() => upstashCommander({} as never)).toThrow(/@upstash\/redis/);
    expect(() =>
      upstashCommander({ eval: async () => 0, evalsha: async () => 0 }, { notifications: true }),
    ).toThrow(/subscribe/);
  });

  it('an uncontended acquire and release cost two HTTP requests', async () => {
    const locks = createLockClient(upstashCommander(client({ enableAutoPipelining: false })));
    await (await locks.acquire('warm-up')).release();
    const before = rest.stats.requests;
    await (await locks.acquire(`cost:${Date.now()}`)).release();
    expect(rest.stats.requests - before).toBe(2);
  });

  it("a polling waiter sleeps until the holder's lease ends when that comes first", async () => {
    const name = `pttl:${Date.now()}`;
    await createLockClient(upstashCommander(client())).acquire(name, {
      ttl: 1000,
      autoExtend: false,
    });
    const before = rest.stats.requests;
    const lock = await createLockClient(upstashCommander(client())).acquire(name, {
      retryInterval: 30_000,
      retryJitter: 0,
      acquireTimeout: 5000,
    });
    // Busy (1 request), sleep the remaining lease, then acquire (1 more); a third only if the
    // lease had not quite run out on the server's clock.
    expect(rest.stats.requests - before).toBeLessThanOrEqual(3);
    await lock.release();
  });

  it('lock() keeps the seed key and contract', async () => {
    const redis = client();
    const name = `seed:${Date.now()}`;
    const unlock = await lock(redis, name);
    expect(await redis.exists(`@simple-redis-mutex:lock-${name}`)).toBe(1);
    await unlock();
    expect(await redis.exists(`@simple-redis-mutex:lock-${name}`)).toBe(0);
  });
});

describe('portability', () => {
  const source = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8');

  it('imports only @mutex/core (and its adapter kit), and no Node-only global: it runs on edge runtimes', () => {
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    expect(new Set(imports)).toEqual(new Set(['@mutex/core', '@mutex/core/adapter']));
    expect(source).not.toMatch(/\b(process\.|Buffer\b|require\(|__dirname|setImmediate\()/);
  });
});
