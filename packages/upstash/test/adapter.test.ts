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

  it('a polling waiter keeps polling at retryInterval while the lock keeps changing hands', async () => {
    const redis = client();
    const name = `churn:${Date.now()}`;
    const key = `mutex:{${name}}`;
    // Someone else takes the lock every 20 ms under a fresh 10 s lease, for 1.2 s, then lets go.
    const churn = (async () => {
      const until = performance.now() + 1200;
      while (performance.now() < until) {
        await redis.set(key, `other-${performance.now()}`, { px: 10_000 });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await redis.del(key);
    })();
    const attempts: number[] = [];
    const locks = createLockClient(upstashCommander(client()), {
      onEvent: (event) => void (event.type === 'acquired' && attempts.push(event.attempts)),
    });
    await new Promise((resolve) => setTimeout(resolve, 10)); // held by then
    const lock = await locks.acquire(name, { retryJitter: 0, acquireTimeout: 10_000 });
    await churn;
    await lock.release();
    // Every poll finds a new lease, so none backs off: about 12 polls in 1.2 s. Backing off
    // (100, 200, 400, 800 ms) it would have polled 5 times, the last long after the release.
    expect(attempts[0]).toBeGreaterThanOrEqual(8);
  });

  it('a polling waiter still backs off while one holder keeps the lock', async () => {
    const redis = client();
    const name = `steady:${Date.now()}`;
    const key = `mutex:{${name}}`;
    await redis.set(key, 'other', { px: 1600 });
    const attempts: number[] = [];
    const locks = createLockClient(upstashCommander(client()), {
      onEvent: (event) => void (event.type === 'acquired' && attempts.push(event.attempts)),
    });
    const lock = await locks.acquire(name, { retryJitter: 0, acquireTimeout: 10_000 });
    await lock.release();
    // Polls at 0, 100, 300, 700, 1500 ms, then when the lease runs out at 1600 ms (a seventh
    // only if the server's clock had not quite got there).
    expect(attempts[0]).toBeLessThanOrEqual(7);
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
