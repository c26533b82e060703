import { LockTimeoutError, lock } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext } from './context.js';
import { seedKey } from './keys.js';

export function seedBehaviour(ctx: SuiteContext): void {
  describe('seed-compatible lock()', () => {
    it("takes simple-redis-mutex's key without expiry and unlock() deletes it", async () => {
      const name = ctx.uniqueName('seed');
      const unlock = await lock(ctx.commander(), name);
      expect(await ctx.inspector().pttl(seedKey(name))).toBe(-1);
      await unlock();
      expect(await ctx.inspector().exists(seedKey(name))).toBe(0);
      await expect(unlock()).resolves.toBeUndefined();
    });

    it('timeoutMillis sets the lease; the lock expires after it', async () => {
      const name = ctx.uniqueName('seed-timeout');
      await lock(ctx.commander(), name, { timeoutMillis: 200 });
      const pttl = await ctx.inspector().pttl(seedKey(name));
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(200);
      await eventually(async () => (await ctx.inspector().exists(seedKey(name))) === 0, 'expiry');
    });

    it('failAfterMillis rejects with an error naming the lock, as simple-redis-mutex does', async () => {
      const name = ctx.uniqueName('seed-fail');
      const unlock = await lock(ctx.commander(), name);
      const other = await ctx.connect();
      const error = await lock(other.commander, name, {
        failAfterMillis: 200,
        retryTimeMillis: 20,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect((error as Error).message).toContain(`"${name}"`);
      await unlock();
    });

    it('a waiting lock() takes the lock once the holder unlocks', async () => {
      const name = ctx.uniqueName('seed-wait');
      const unlock = await lock(ctx.commander(), name);
      const other = await ctx.connect();
      const waiting = lock(other.commander, name, { retryTimeMillis: 20 });
      await unlock();
      const unlockNext = await waiting;
      expect(await ctx.inspector().exists(seedKey(name))).toBe(1);
      await unlockNext();
    });
  });
}
