import { createLockClient, LockTimeoutError } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context.js';
import { lockKey } from './keys.js';

export function timeoutBehaviour(ctx: SuiteContext): void {
  describe('acquire timeout', () => {
    it('rejects with a LockTimeoutError naming the lock and the limit, not before it', async () => {
      const name = ctx.uniqueName('timeout');
      const holder = await createLockClient(ctx.commander()).acquire(name);
      const token = await ctx.inspector().get(lockKey(name));
      const other = await ctx.connect();
      const started = performance.now();
      const error = await createLockClient(other.commander)
        .acquire(name, { acquireTimeout: 200 })
        .catch((e: unknown) => e);
      expect(performance.now() - started).toBeGreaterThanOrEqual(195);
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect(error).toMatchObject({ lockName: name, acquireTimeout: 200 });
      expect((error as Error).message).toContain(`"${name}"`);
      expect((error as Error).message).toContain('200 ms');
      expect(await ctx.inspector().get(lockKey(name))).toBe(token);
      await holder.release();
    });

    it('tryAcquire answers null at once when the lock is busy', async () => {
      const name = ctx.uniqueName('try');
      const locks = createLockClient(ctx.commander());
      const holder = await locks.tryAcquire(name);
      expect(holder).not.toBeNull();
      const other = await ctx.connect();
      expect(await createLockClient(other.commander).tryAcquire(name)).toBeNull();
      await holder?.release();
    });
  });
}
