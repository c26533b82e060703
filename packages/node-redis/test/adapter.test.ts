import { createLockClient, SUBSCRIPTION_LINGER_MS } from '@mutex/core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { lock, nodeRedisCommander } from '../src/index.js';

const url = inject('redisUrl');
const client = createClient({ url });
const inspector = createClient({ url });
beforeAll(async () => {
  await Promise.all([client.connect(), inspector.connect()]);
});
afterAll(async () => {
  await Promise.all([client.close(), inspector.close()]);
});

/** Connections in pub/sub mode, from CLIENT LIST. */
async function subscribers(): Promise<number> {
  const list = await inspector.clientList();
  return list.filter((entry) => Number(entry.sub) > 0).length;
}

describe('nodeRedisCommander', () => {
  it('a client never connected: the error says to connect it, and nothing hangs', async () => {
    const unopened = createClient({ url });
    const error = await createLockClient(nodeRedisCommander(unopened))
      .acquire(`unopened:${Date.now()}`)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MUTEX_REDIS', operation: 'acquire' });
    expect((error as Error).message).toMatch(/not open: call await client\.connect\(\)/);
    expect((error as Error).message).toMatch(/The client is closed/);
  });

  it('refuses anything but a node-redis client, naming what it expects', () => {
    expect(() => nodeRedisCommander({} as never)).toThrow(TypeError);
    expect(() => nodeRedisCommander({} as never)).toThrow(/createClient/);
  });

  it('setIfAbsent is SET NX, with PX when given a lease: true when set, false when the key exists', async () => {
    const commander = nodeRedisCommander(client);
    const key = `set-if-absent:${Date.now()}`;
    expect(await commander.setIfAbsent?.(key, 'a', 30_000)).toBe(true);
    expect(await commander.setIfAbsent?.(key, 'b', 30_000)).toBe(false);
    expect(await inspector.get(key)).toBe('a');
    expect(await inspector.pTTL(key)).toBeGreaterThan(25_000);
    await inspector.del(key);
    expect(await commander.setIfAbsent?.(key, 'c', undefined)).toBe(true);
    expect(await inspector.pTTL(key)).toBe(-1);
    await inspector.del(key);
  });

  it('opens a subscriber connection while someone waits, and closes it after a linger', async () => {
    const commander = nodeRedisCommander(client);
    const name = `sub:${Date.now()}`;
    const holder = await createLockClient(nodeRedisCommander(inspector)).acquire(name);
    const before = await subscribers();
    const waiting = createLockClient(commander).acquire(name);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await subscribers()).toBe(before + 1);
    await holder.release();
    await (await waiting).release();
    // Kept for the next wait a moment, then closed: nothing left to keep the process alive.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await subscribers()).toBe(before + 1);
    await new Promise((resolve) => setTimeout(resolve, SUBSCRIPTION_LINGER_MS));
    expect(await subscribers()).toBe(before);
    await commander.close();
  });

  it('lock() keeps the seed key and contract', async () => {
    const name = `seed:${Date.now()}`;
    const unlock = await lock(client, name, { timeoutMillis: 5000 });
    expect(await inspector.exists(`@simple-redis-mutex:lock-${name}`)).toBe(1);
    await unlock();
    expect(await inspector.exists(`@simple-redis-mutex:lock-${name}`)).toBe(0);
  });

  it('lock() rejects a wrong client with a TypeError', async () => {
    await expect(lock('redis://localhost' as never, 'job')).rejects.toBeInstanceOf(TypeError);
  });
});
