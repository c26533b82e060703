import { createLockClient, LockLostError } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext, sleep } from './context.js';
import { lockKey } from './keys.js';

export function lockLossBehaviour(ctx: SuiteContext): void {
  describe('lock loss', () => {
    it('maxHold: renewal stops, Redis drops the lock by then, and the holder is told', async () => {
      const name = ctx.uniqueName('max-hold');
      const lock = await createLockClient(ctx.commander()).acquire(name, {
        ttl: 300,
        maxHold: 700,
      });
      await sleep(450);
      expect(await ctx.inspector().exists(lockKey(name))).toBe(1); // renewed past its first lease
      await eventually(() => lock.signal.aborted, 'the signal to abort', 3000);
      expect(lock.signal.reason).toMatchObject({ lockName: name, reason: 'max-hold' });
      // Told no later than Redis drops the key, which it does with the hold.
      await eventually(async () => (await ctx.inspector().exists(lockKey(name))) === 0, 'expiry');
      expect(await lock.release()).toBe(false);
    });

    it('a lock deleted behind its back aborts the signal with LockLostError', async () => {
      const name = ctx.uniqueName('deleted');
      const lock = await createLockClient(ctx.commander()).acquire(name, { ttl: 300 });
      await ctx.inspector().del(lockKey(name));
      await eventually(() => lock.signal.aborted, 'the signal to abort');
      expect(lock.signal.reason).toBeInstanceOf(LockLostError);
      expect(lock.signal.reason).toMatchObject({ lockName: name, reason: 'not-held' });
      await expect(lock.extend()).rejects.toBeInstanceOf(LockLostError);
      expect(await lock.release()).toBe(false);
    });

    it("a lock taken over by another token is reported lost, and the new holder's key survives", async () => {
      const name = ctx.uniqueName('taken');
      const lock = await createLockClient(ctx.commander()).acquire(name, { ttl: 300 });
      await ctx.inspector().set(lockKey(name), 'someone-else', 'PX', 60_000);
      await eventually(() => lock.signal.aborted, 'the signal to abort');
      expect(lock.signal.reason).toBeInstanceOf(LockLostError);
      expect(await lock.release()).toBe(false);
      expect(await ctx.inspector().get(lockKey(name))).toBe('someone-else');
      await ctx.inspector().del(lockKey(name));
    });

    it('withLock rejects with LockLostError when the lock is lost while the work runs', async () => {
      const name = ctx.uniqueName('with-lock-lost');
      const locks = createLockClient(ctx.commander());
      const result = locks.withLock(name, { ttl: 300 }, async () => {
        await ctx.inspector().del(lockKey(name));
        // This work ignores its signal; withLock must still report the loss.
        await new Promise((resolve) => setTimeout(resolve, 500));
        return 'done';
      });
      await expect(result).rejects.toBeInstanceOf(LockLostError);
    });
  });
}
