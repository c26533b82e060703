import { createLockClient } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { recordingCommander, type SuiteContext, sleep } from './context.js';
import { lockKey } from './keys.js';

export function abortBehaviour(ctx: SuiteContext): void {
  describe('abort', () => {
    it("aborting a waiter rejects with the signal's reason, and it takes nothing later", async () => {
      const name = ctx.uniqueName('abort');
      const holder = await createLockClient(ctx.commander()).acquire(name);
      const other = await ctx.connect();
      const controller = new AbortController();
      const waiting = createLockClient(other.commander).acquire(name, {
        signal: controller.signal,
        acquireTimeout: 5000,
      });
      await sleep(50);
      const reason = new Error('shutting down');
      controller.abort(reason);
      await expect(waiting).rejects.toBe(reason);

      await holder.release();
      await sleep(300);
      expect(await ctx.inspector().exists(lockKey(name))).toBe(0);
    });

    it('an already aborted signal rejects before anything is sent', async () => {
      const { commander, calls } = recordingCommander(ctx.commander());
      const reason = new Error('too late');
      const acquiring = createLockClient(commander).acquire(ctx.uniqueName('pre-aborted'), {
        signal: AbortSignal.abort(reason),
      });
      await expect(acquiring).rejects.toBe(reason);
      expect(calls).toEqual([]);
    });
  });
}
