import { createLockClient, LockLostError, LockNotHeldError } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext } from './context.js';
import { lockKey } from './keys.js';

export function resumeBehaviour(ctx: SuiteContext): void {
  describe('resume (hand a lock to another client)', () => {
    it('the new handle extends and releases it; the old one is told at its next renewal', async () => {
      const name = ctx.uniqueName('resume');
      const holder = await createLockClient(ctx.commander()).acquire(name, { ttl: 600 });
      const other = await ctx.connect();
      const resumed = await createLockClient(other.commander).resume(name, holder.token, {
        ttl: 600,
      });
      expect(resumed.token).not.toBe(holder.token);
      expect(await ctx.inspector().get(lockKey(name))).toBe(resumed.token);
      await eventually(() => holder.signal.aborted, 'the old handle to be told', 2000);
      expect(holder.signal.reason).toBeInstanceOf(LockLostError);
      expect(holder.signal.reason).toMatchObject({ reason: 'not-held' });
      await resumed.extend();
      expect(resumed.signal.aborted).toBe(false);
      expect(await holder.release()).toBe(false); // never touches the new holder's lock
      expect(await ctx.inspector().get(lockKey(name))).toBe(resumed.token);
      expect(await resumed.release()).toBe(true);
      expect(await ctx.inspector().exists(lockKey(name))).toBe(0);
    });

    it('a wrong or spent token rejects with LockNotHeldError and changes nothing', async () => {
      const name = ctx.uniqueName('resume-wrong');
      const locks = createLockClient(ctx.commander());
      const holder = await locks.acquire(name);
      await expect(locks.resume(name, 'f'.repeat(32))).rejects.toBeInstanceOf(LockNotHeldError);
      expect(await ctx.inspector().get(lockKey(name))).toBe(holder.token);
      const { token } = holder;
      await holder.release();
      await expect(locks.resume(name, token)).rejects.toMatchObject({ code: 'MUTEX_NOT_HELD' });
      expect(await ctx.inspector().exists(lockKey(name))).toBe(0);
    });
  });
}
