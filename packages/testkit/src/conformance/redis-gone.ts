import { createLockClient, LockLostError, LockRedisError } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext } from './context.js';
import { lockKey } from './keys.js';

export function redisGoneBehaviour(ctx: SuiteContext): void {
  describe('Redis going away', () => {
    it('acquire over a closed connection rejects with LockRedisError, not a hang', async () => {
      const fixture = await ctx.connect();
      await fixture.close();
      const error = await createLockClient(fixture.commander)
        .acquire(ctx.uniqueName('closed'), { acquireTimeout: 5000 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockRedisError);
      expect(error).toMatchObject({ operation: 'acquire' });
      expect((error as Error).cause).toBeInstanceOf(Error);
    });

    it('a holder whose connection closes loses the lock when its lease runs out; Redis expires it', async () => {
      const name = ctx.uniqueName('holder-closed');
      const fixture = await ctx.connect();
      const lock = await createLockClient(fixture.commander).acquire(name, { ttl: 300 });
      await fixture.close();
      await eventually(() => lock.signal.aborted, 'the signal to abort');
      expect(lock.signal.reason).toBeInstanceOf(LockLostError);
      expect(lock.signal.reason).toMatchObject({ reason: 'lease-expired' });
      await expect(lock.release()).rejects.toBeInstanceOf(LockRedisError);
      await eventually(async () => (await ctx.inspector().exists(lockKey(name))) === 0, 'expiry');
    });
  });
}
