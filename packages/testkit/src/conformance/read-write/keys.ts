import { createLockClient } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';
import { undeclaredKeys } from '../declared-keys.js';
import { keySlot, lockKey } from '../keys.js';
import { holdersKey } from '../semaphore/helpers.js';
import { readWriteOver, rwKey } from './helpers.js';

export function readWriteKeysBehaviour(ctx: SuiteContext): void {
  describe('read-write lock: keys', () => {
    it('a mutex, a semaphore and a read-write lock of one name are independent, in one slot', async () => {
      const name = ctx.uniqueName('rw-and-others');
      const locks = createLockClient(ctx.commander());
      const held = [
        await locks.acquire(name),
        await locks.semaphore(name, { limit: 1 }).acquire(),
        await locks.readWrite(name).write(),
      ];
      const keys = [lockKey(name), holdersKey(name), rwKey(name, 'writer')];
      for (const key of keys) expect(await ctx.inspector().exists(key), key).toBe(1);
      const all = [...keys, rwKey(name, 'readers'), rwKey(name, 'waiters'), rwKey(name, 'fence')];
      expect(new Set(all.map(keySlot)).size).toBe(1);
      await Promise.all(held.map((lock) => lock.release()));
    });

    it('every key a read-write script touches is one of its KEYS (MONITOR)', async () => {
      const name = ctx.uniqueName('rw-declared');
      const { runs, undeclared } = await undeclaredKeys(ctx, async () => {
        const here = readWriteOver(ctx.commander(), name, { maxRetryInterval: 100 });
        const there = readWriteOver((await ctx.connect()).commander, name, {
          maxRetryInterval: 100,
        });
        const reader = await here.read({ fencing: true });
        await reader.extend();
        const writing = there.write({ acquireTimeout: 5000, fencing: true });
        const givingUp = there.read({ acquireTimeout: 200 }).catch(() => undefined);
        expect(await there.tryWrite()).toBeNull();
        await givingUp;
        await here.inspect();
        await reader.release();
        const writer = await writing;
        await writer.extend();
        await writer.release();
      });
      expect(runs).toBeGreaterThan(5);
      expect(undeclared).toEqual([]);
    });
  });
}
