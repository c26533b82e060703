import { createLockClient, LockReleasedError } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { eventually, recordingCommander, type SuiteContext } from './context.js';
import { lockKey } from './keys.js';

export function releaseBehaviour(ctx: SuiteContext): void {
  describe('ownership-safe release', () => {
    it('holds the key with a 128-bit token under the lease, and deletes it on release', async () => {
      const name = ctx.uniqueName('release');
      const lock = await createLockClient(ctx.commander()).acquire(name, { ttl: 5000 });
      expect(await ctx.inspector().get(lockKey(name))).toMatch(/^[0-9a-f]{32}$/);
      const pttl = await ctx.inspector().pttl(lockKey(name));
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(5000);

      expect(await lock.release()).toBe(true);
      expect(await ctx.inspector().exists(lockKey(name))).toBe(0);
      expect(lock.signal.reason).toBeInstanceOf(LockReleasedError);
    });

    it('a second release resolves to false without sending anything', async () => {
      const { commander, calls } = recordingCommander(ctx.commander());
      const lock = await createLockClient(commander).acquire(ctx.uniqueName('twice'));
      expect(await lock.release()).toBe(true);
      const sent = calls.length;
      expect(await lock.release()).toBe(false);
      expect(calls.length).toBe(sent);
    });

    it("releasing after the lease expired leaves the next holder's lock alone", async () => {
      const name = ctx.uniqueName('stale');
      const first = await createLockClient(ctx.commander()).acquire(name, {
        ttl: 100,
        autoExtend: false,
      });
      await eventually(async () => (await ctx.inspector().exists(lockKey(name))) === 0, 'expiry');
      const other = await ctx.connect();
      const second = await createLockClient(other.commander).acquire(name);
      const secondToken = await ctx.inspector().get(lockKey(name));

      expect(await first.release()).toBe(false);
      expect(await ctx.inspector().get(lockKey(name))).toBe(secondToken);
      expect(await second.release()).toBe(true);
    });

    it('await using releases the lock at the end of the scope', async () => {
      const name = ctx.uniqueName('using');
      {
        await using lock = await createLockClient(ctx.commander()).acquire(name);
        expect(lock.signal.aborted).toBe(false);
        expect(await ctx.inspector().exists(lockKey(name))).toBe(1);
      }
      expect(await ctx.inspector().exists(lockKey(name))).toBe(0);
    });
  });
}
