import { createLockClient, LockLostError } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext } from './context.js';
import { lockKey } from './keys.js';

export function expiryBehaviour(ctx: SuiteContext): void {
  describe('expiry', () => {
    it('without auto-extension the key expires after ttl and the holder is told', async () => {
      const name = ctx.uniqueName('expiry');
      const lock = await createLockClient(ctx.commander()).acquire(name, {
        ttl: 200,
        autoExtend: false,
      });
      expect(await ctx.inspector().pttl(lockKey(name))).toBeLessThanOrEqual(200);
      await eventually(() => lock.signal.aborted, 'the signal to abort');
      expect(lock.signal.reason).toBeInstanceOf(LockLostError);
      expect((lock.signal.reason as LockLostError).reason).toBe('lease-expired');
      await eventually(async () => (await ctx.inspector().exists(lockKey(name))) === 0, 'expiry');

      const other = await ctx.connect();
      const next = await createLockClient(other.commander).tryAcquire(name);
      expect(next).not.toBeNull();
      await next?.release();
    });

    it('ttl: Infinity takes a lock that never expires', async () => {
      const name = ctx.uniqueName('forever');
      const lock = await createLockClient(ctx.commander()).acquire(name, {
        ttl: Number.POSITIVE_INFINITY,
      });
      expect(await ctx.inspector().pttl(lockKey(name))).toBe(-1);
      expect(await lock.release()).toBe(true);
    });
  });
}
