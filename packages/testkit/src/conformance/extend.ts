import { createLockClient, LockReleasedError } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { recordingCommander, type SuiteContext, sleep } from './context.js';
import { lockKey } from './keys.js';

export function extendBehaviour(ctx: SuiteContext): void {
  describe('extend and auto-extension', () => {
    it('extend(ttl) renews the lease in Redis', async () => {
      const name = ctx.uniqueName('extend');
      const lock = await createLockClient(ctx.commander()).acquire(name, {
        ttl: 1000,
        autoExtend: false,
      });
      await lock.extend(30_000);
      expect(await ctx.inspector().pttl(lockKey(name))).toBeGreaterThan(1000);
      expect(lock.ttl).toBe(30_000);
      await lock.release();
    });

    it('auto-extension keeps a short lease alive while the holder works', async () => {
      const name = ctx.uniqueName('auto-extend');
      const lock = await createLockClient(ctx.commander()).acquire(name, { ttl: 300 });
      const token = await ctx.inspector().get(lockKey(name));
      await sleep(1000);
      expect(lock.signal.aborted).toBe(false);
      expect(await ctx.inspector().get(lockKey(name))).toBe(token);
      expect(await ctx.inspector().pttl(lockKey(name))).toBeGreaterThan(0);
      expect(await lock.release()).toBe(true);
    });

    it('extend after release rejects with LockReleasedError and sends nothing', async () => {
      const { commander, calls } = recordingCommander(ctx.commander());
      const lock = await createLockClient(commander).acquire(ctx.uniqueName('extend-late'));
      await lock.release();
      const sent = calls.length;
      await expect(lock.extend()).rejects.toBeInstanceOf(LockReleasedError);
      expect(calls.length).toBe(sent);
    });

    it('extend with a bad ttl throws a RangeError naming it, and sends nothing', async () => {
      const { commander, calls } = recordingCommander(ctx.commander());
      const lock = await createLockClient(commander).acquire(ctx.uniqueName('extend-bad'));
      const sent = calls.length;
      await expect(lock.extend(-5)).rejects.toThrow(/"ttl".*-5/);
      await expect(lock.extend(-5)).rejects.toBeInstanceOf(RangeError);
      expect(calls.length).toBe(sent);
      await lock.release();
    });
  });
}
