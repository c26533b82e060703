import { createLockClient, SUBSCRIPTION_LINGER_MS } from '@mutex/core';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ioredisCommander, lock } from '../src/index.js';

const url = inject('redisUrl');
const client = new Redis(url);
const inspector = new Redis(url);
afterAll(() => {
  client.disconnect();
  inspector.disconnect();
});

/** Connections in pub/sub mode, from CLIENT LIST. */
async function subscribers(): Promise<number> {
  const list = String(await inspector.client('LIST'));
  return list.split('\n').filter((line) => /\bsub=[1-9]/.test(line)).length;
}

describe('ioredisCommander', () => {
  it('a wrong address: the reply timeout says the client is not connected, not only that Redis was slow', async () => {
    const nowhere = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: null });
    nowhere.on('error', () => {}); // the refused connections are what this test is about
    try {
      const error = await createLockClient(ioredisCommander(nowhere))
        .acquire('nowhere', { replyTimeout: 300 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MUTEX_REDIS', operation: 'acquire' });
      expect((error as Error).message).toMatch(
        /within 300 ms \(replyTimeout\); the ioredis client is (connecting|reconnecting) to 127\.0\.0\.1:1, not connected/,
      );
    } finally {
      nowhere.disconnect();
    }
  });

  it('refuses anything but an ioredis client, naming what it got', () => {
    expect(() => ioredisCommander({} as never)).toThrow(TypeError);
    expect(() => ioredisCommander({} as never)).toThrow(/ioredis/);
  });

  it('setIfAbsent is SET NX, with PX when given a lease: true when set, false when the key exists', async () => {
    const commander = ioredisCommander(client);
    const key = `set-if-absent:${Date.now()}`;
    expect(await commander.setIfAbsent?.(key, 'a', 30_000)).toBe(true);
    expect(await commander.setIfAbsent?.(key, 'b', 30_000)).toBe(false);
    expect(await inspector.get(key)).toBe('a');
    expect(await inspector.pttl(key)).toBeGreaterThan(25_000);
    await inspector.del(key);
    expect(await commander.setIfAbsent?.(key, 'c', undefined)).toBe(true);
    expect(await inspector.pttl(key)).toBe(-1);
    await inspector.del(key);
  });

  it('opens a subscriber connection while someone waits, and closes it after a linger', async () => {
    const commander = ioredisCommander(client);
    const locks = createLockClient(commander);
    const name = `sub:${Date.now()}`;
    const holder = await createLockClient(ioredisCommander(new Redis(url))).acquire(name);
    const before = await subscribers();
    const waiting = locks.acquire(name);
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

  it('lock() rejects a wrong client with a TypeError', async () => {
    await expect(lock('redis://localhost' as never, 'job')).rejects.toBeInstanceOf(TypeError);
  });
});
