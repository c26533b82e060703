import { createLockClient, LockTimeoutError, type RedisCommander } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext, sleep } from './context.js';
import { lockKey } from './keys.js';

/** Replies arrive `delayMs` late: Redis runs each script at once, the client hears late. */
function slowReplies(inner: RedisCommander, delayMs: number): RedisCommander {
  return {
    eval: async (script, keys, args) => {
      const reply = await inner.eval(script, keys, args);
      await sleep(delayMs);
      return reply;
    },
  };
}

export function giveUpBehaviour(ctx: SuiteContext): void {
  describe('give-up safety', () => {
    it('an attempt that succeeds after its waiter timed out is released at once', async () => {
      const name = ctx.uniqueName('give-up-timeout');
      const locks = createLockClient(slowReplies(ctx.commander(), 400));
      const acquiring = locks.acquire(name, { acquireTimeout: 100 });
      await expect(acquiring).rejects.toBeInstanceOf(LockTimeoutError);
      // The script ran: the lock exists now, taken by nobody who will ever release it...
      expect(await ctx.inspector().exists(lockKey(name))).toBe(1);
      // ...until its late reply arrives and the core gives it back.
      await eventually(async () => (await ctx.inspector().exists(lockKey(name))) === 0, 'release');
    });

    it('an attempt that succeeds after its waiter was aborted is released at once', async () => {
      const name = ctx.uniqueName('give-up-abort');
      const locks = createLockClient(slowReplies(ctx.commander(), 400));
      const controller = new AbortController();
      const acquiring = locks.acquire(name, { signal: controller.signal });
      await sleep(50);
      controller.abort(new Error('cancelled'));
      await expect(acquiring).rejects.toThrow('cancelled');
      expect(await ctx.inspector().exists(lockKey(name))).toBe(1);
      await eventually(async () => (await ctx.inspector().exists(lockKey(name))) === 0, 'release');
    });
  });
}
