import { LockTimeoutError } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext, sleep } from '../context.js';
import { queueKey, semaphoreOver } from './helpers.js';

export function semaphoreGiveUpBehaviour(ctx: SuiteContext): void {
  describe('semaphore: giving up', () => {
    it('a waiter that times out or is aborted holds nothing, leaves the queue, and lets the next one in', async () => {
      const name = ctx.uniqueName('sem-give-up');
      const options = { fair: true, maxRetryInterval: 100 };
      const holder = await semaphoreOver(ctx.commander(), name, 2, options).acquire({ permits: 2 });
      const side = semaphoreOver((await ctx.connect()).commander, name, 2, options);
      const controller = new AbortController();
      // Queued first, wanting both permits, then gone: nobody behind may stay stuck.
      const timedOut = side.acquire({ permits: 2, acquireTimeout: 300 });
      await eventually(async () => (await side.inspect()).waiting === 1, 'the first waiter');
      const aborted = side.acquire({ signal: controller.signal, acquireTimeout: 5000 });
      const patient = side.acquire({ acquireTimeout: 5000 });
      await eventually(async () => (await side.inspect()).waiting === 3, 'three waiters');
      await expect(timedOut).rejects.toBeInstanceOf(LockTimeoutError);
      controller.abort(new Error('stop'));
      await expect(aborted).rejects.toThrow('stop');
      await eventually(async () => (await side.inspect()).waiting === 1, 'the two left the queue');
      await holder.release();
      const permit = await patient;
      await sleep(100);
      expect(await side.inspect()).toMatchObject({ held: 1, holders: 1, waiting: 0 });
      await permit.release();
      expect(await ctx.inspector().llen(queueKey(name))).toBe(0);
    });
  });
}
