import { LockTimeoutError } from '@mutex/core';
import { Redis } from 'ioredis';
import simpleRedisMutex from 'simple-redis-mutex';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { lock } from '../src/index.js';

// The real simple-redis-mutex package, as processes not yet upgraded run it.
const url = inject('redisUrl');
const oldProcess = new Redis(url);
const newProcess = new Redis(url);
afterAll(() => {
  oldProcess.disconnect();
  newProcess.disconnect();
});

describe('rolling upgrade from simple-redis-mutex 1.x', () => {
  it('a lock held by simple-redis-mutex blocks lock() until it is unlocked', async () => {
    const name = `upgrade-a:${Date.now()}`;
    const unlockOld = await simpleRedisMutex.lock(oldProcess, name, {});
    await expect(lock(newProcess, name, { failAfterMillis: 300 })).rejects.toBeInstanceOf(
      LockTimeoutError,
    );
    const waiting = lock(newProcess, name, { retryTimeMillis: 20 });
    await unlockOld();
    const unlockNew = await waiting;
    expect(await newProcess.exists(`@simple-redis-mutex:lock-${name}`)).toBe(1);
    await unlockNew();
  });

  it('a lock held through lock() blocks simple-redis-mutex until it is unlocked', async () => {
    const name = `upgrade-b:${Date.now()}`;
    const unlockNew = await lock(newProcess, name);
    await expect(simpleRedisMutex.lock(oldProcess, name, { failAfterMillis: 300 })).rejects.toThrow(
      `"${name}"`,
    );
    const waiting = simpleRedisMutex.lock(oldProcess, name, { retryTimeMillis: 20 });
    await unlockNew();
    const unlockOld = await waiting;
    expect(await oldProcess.exists(`@simple-redis-mutex:lock-${name}`)).toBe(1);
    await unlockOld();
  });

  it('the one-line migration keeps the call shape: lock(client, name, options) => unlock()', async () => {
    const name = `upgrade-c:${Date.now()}`;
    const unlock = await lock(newProcess, name, { timeoutMillis: 5000, retryTimeMillis: 50 });
    expect(typeof unlock).toBe('function');
    await expect(unlock()).resolves.toBeUndefined();
  });
});
