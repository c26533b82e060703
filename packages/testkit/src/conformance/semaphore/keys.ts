import { createLockClient } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../context.js';
import { undeclaredKeys } from '../declared-keys.js';
import { keySlot, lockKey } from '../keys.js';
import { holdersKey, semaphoreOver } from './helpers.js';

export function semaphoreKeysBehaviour(ctx: SuiteContext): void {
  describe('semaphore: keys', () => {
    it("a mutex and a semaphore of the same name are independent, each in the name's slot", async () => {
      const name = ctx.uniqueName('sem-and-mutex');
      const locks = createLockClient(ctx.commander());
      const lock = await locks.acquire(name, { fencing: true });
      const permit = await locks.semaphore(name, { limit: 1 }).acquire({ fencing: true });
      expect(lock.fence).toBe(1);
      expect(permit.fence).toBe(1);
      const keys = [
        lockKey(name),
        `${lockKey(name)}:fence`,
        holdersKey(name),
        `${holdersKey(name)}:fence`,
      ];
      for (const key of keys) expect(await ctx.inspector().exists(key), key).toBe(1);
      expect(new Set(keys.map(keySlot)).size).toBe(1);
      await lock.release();
      expect(await ctx.inspector().exists(holdersKey(name))).toBe(1);
      await permit.release();
    });

    it('every key a semaphore script touches is one of its KEYS (MONITOR)', async () => {
      const name = ctx.uniqueName('sem-declared');
      const { runs, undeclared } = await undeclaredKeys(ctx, async () => {
        const here = semaphoreOver(ctx.commander(), name, 2, { fair: true, maxRetryInterval: 100 });
        const there = semaphoreOver((await ctx.connect()).commander, name, 2, {
          maxRetryInterval: 100,
        });
        const holder = await here.acquire({ permits: 2, fencing: true });
        await holder.extend();
        const waiting = there.acquire({ acquireTimeout: 5000, fencing: true });
        const givingUp = there.acquire({ acquireTimeout: 200 }).catch(() => undefined);
        expect(await there.tryAcquire()).toBeNull();
        await givingUp;
        await here.inspect();
        await holder.release();
        await (await waiting).release();
      });
      expect(runs).toBeGreaterThan(5);
      expect(undeclared).toEqual([]);
    });
  });
}
