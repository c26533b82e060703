import { LockLostError } from '@mutex/core';
import { SEMAPHORE_ACQUIRE_SCRIPT } from '@mutex/core/adapter';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext, sleep } from '../context.js';
import { holdersKey, queueKey, semaphoreOver } from './helpers.js';

/** ARGV of an acquire attempt by `token` that may have been let in earlier (seen). */
export const seenAttempt = (token: string, lease: number) => [
  token,
  String(lease),
  '0',
  '0',
  '0',
  '0',
  '0',
  '',
  '3150',
  '1',
  '0',
];

/** Redis's clock, in ms. */
export async function redisNow(ctx: SuiteContext): Promise<number> {
  const [seconds, micros] = (await ctx.inspector().call('TIME')) as [string, string];
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

export function semaphoreLeaseBehaviour(ctx: SuiteContext): void {
  describe('semaphore: leases', () => {
    it('a poll that finds its permits handed over earlier is told the lease they have left, not a fresh one', async () => {
      const name = ctx.uniqueName('sem-seen');
      const token = 'ab'.repeat(16);
      // Let in 200 ms ago with a 500 ms lease, while it was not listening.
      await ctx.inspector().zadd(holdersKey(name), (await redisNow(ctx)) + 300, `${token}:1`);
      const keys = [holdersKey(name), queueKey(name), `${holdersKey(name)}:fence`];
      const reply = (await ctx
        .commander()
        .eval(SEMAPHORE_ACQUIRE_SCRIPT, keys, [...seenAttempt(token, 500), '1', '2'])) as number[];
      expect(Number(reply[0])).toBe(1);
      expect(Number(reply[2])).toBeGreaterThan(0);
      expect(Number(reply[2])).toBeLessThanOrEqual(300);
      await ctx.inspector().del(holdersKey(name));
    });

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
