import { LockLostError } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext, sleep } from '../context.js';
import { holdersKey, semaphoreOver } from './helpers.js';

export function semaphoreLeaseBehaviour(ctx: SuiteContext): void {
  describe('semaphore: leases', () => {
    it("a holder that stops renewing loses its permits when its lease ends, by Redis's clock", async () => {
      const name = ctx.uniqueName('sem-expiry');
      const crashed = await semaphoreOver((await ctx.connect()).commander, name, 1).acquire({
        ttl: 300,
        autoExtend: false,
      });
      const other = semaphoreOver(ctx.commander(), name, 1, { retryInterval: 20 });
      expect(await other.tryAcquire()).toBeNull();
      const started = Date.now();
      const taken = await other.acquire({ acquireTimeout: 3000 });
      expect(Date.now() - started).toBeLessThan(1500);
      await eventually(() => crashed.signal.aborted, 'the old holder told');
      expect(crashed.signal.reason).toBeInstanceOf(LockLostError);
      await expect(crashed.extend()).rejects.toBeInstanceOf(LockLostError);
      expect(await crashed.release()).toBe(false);
      expect(await taken.release()).toBe(true);
    });

    it('auto-extension keeps permits past their first lease; extend renews; the key expires with the last lease', async () => {
      const name = ctx.uniqueName('sem-renew');
      const semaphore = semaphoreOver(ctx.commander(), name, 2);
      const renewed = await semaphore.acquire({ ttl: 300 });
      const manual = await semaphore.acquire({ ttl: 300, autoExtend: false });
      await manual.extend(2000);
      await sleep(500);
      expect(renewed.signal.aborted).toBe(false);
      expect(manual.signal.aborted).toBe(false);
      expect(await semaphore.inspect()).toMatchObject({ held: 2, holders: 2 });
      await renewed.release();
      const pttl = await ctx.inspector().pttl(holdersKey(name));
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(1600);
      await manual.release();
    });

    it('a permit without expiry keeps the key; fencing tokens increase across holders', async () => {
      const name = ctx.uniqueName('sem-forever');
      const semaphore = semaphoreOver(ctx.commander(), name, 2);
      const forever = await semaphore.acquire({ ttl: Number.POSITIVE_INFINITY, fencing: true });
      const leased = await semaphore.acquire({ ttl: 2000, fencing: true });
      expect(await ctx.inspector().pttl(holdersKey(name))).toBe(-1);
      expect(leased.fence).toBeGreaterThan(forever.fence as number);
      await forever.release();
      expect(await ctx.inspector().pttl(holdersKey(name))).toBeGreaterThan(0);
      await leased.release();
      expect((await semaphore.inspect()).fence).toBe(leased.fence);
    });
  });
}
