import { LockTimeoutError } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext } from '../context.js';
import { readWriteOver, rwKey } from './helpers.js';

export function readWriteGiveUpBehaviour(ctx: SuiteContext): void {
  describe('read-write lock: giving up', () => {
    it('a writer that gives up leaves the queue and lets the readers behind it in; it holds nothing', async () => {
      const name = ctx.uniqueName('rw-give-up');
      const options = { maxRetryInterval: 100 };
      const here = readWriteOver(ctx.commander(), name, options);
      const reading = await here.read();
      const side = readWriteOver((await ctx.connect()).commander, name, options);
      const writing = side.write({ acquireTimeout: 300 });
      await eventually(async () => (await here.inspect()).waiting === 1, 'the writer queued');
      const behind = side.read({ acquireTimeout: 5000 });
      await expect(writing).rejects.toBeInstanceOf(LockTimeoutError);
      const reader = await behind;
      expect(await here.inspect()).toMatchObject({ writer: false, readers: 2, waiting: 0 });
      await reader.release();
      await reading.release();
      expect(await ctx.inspector().exists(rwKey(name, 'writer'))).toBe(0);
    });
  });
}
