import { describe, expect, it } from 'vitest';
import { type SuiteContext, sleep } from '../context.js';
import { holdersKey, semaphoreOver } from './helpers.js';

export function semaphoreLimitBehaviour(ctx: SuiteContext): void {
  describe('semaphore: the limit', () => {
    it('holds up to the limit across connections, one scored member per holder, then refuses', async () => {
      const name = ctx.uniqueName('sem-limit');
      const here = semaphoreOver(ctx.commander(), name, 3);
      const there = semaphoreOver((await ctx.connect()).commander, name, 3);
      const two = await here.acquire({ permits: 2, ttl: 5000 });
      const one = await there.acquire({ ttl: 5000 });
      expect([two.permits, one.permits]).toEqual([2, 1]);
      expect(await there.tryAcquire()).toBeNull();
      expect(await here.tryAcquire()).toBeNull();

      const inspector = ctx.inspector();
      const reply = await inspector.call('ZRANGE', holdersKey(name), '0', '-1', 'WITHSCORES');
      const members = (reply as unknown[]).flat() as string[]; // RESP3 answers in pairs
      const [time] = (await inspector.call('TIME')) as [string, string];
      const nowMs = Number(time) * 1000;
      const holders = new Map<string, number>();
      for (let i = 0; i < members.length; i += 2) {
        holders.set(members[i] as string, Number(members[i + 1]));
      }
      expect([...holders.keys()].sort()).toEqual([`${two.token}:2`, `${one.token}:1`].sort());
      // Scored by when each lease ends, on Redis's clock; the key lives as long as the last.
      for (const ends of holders.values()) {
        expect(ends - nowMs).toBeGreaterThan(3000);
        expect(ends - nowMs).toBeLessThanOrEqual(6000);
      }
      expect(await inspector.pttl(holdersKey(name))).toBeGreaterThan(3000);

      await two.release();
      const again = await there.tryAcquire({ permits: 2 });
      expect(again?.permits).toBe(2);
      expect(await one.release()).toBe(true);
      expect(await again?.release()).toBe(true);
      expect(await two.release()).toBe(false);
      expect(await inspector.exists(holdersKey(name))).toBe(0);
    });

    it('never more than the limit inside, under contention from three connections', async () => {
      const name = ctx.uniqueName('sem-contend');
      const sides = [
        ctx.commander(),
        (await ctx.connect()).commander,
        (await ctx.connect()).commander,
      ];
      const semaphores = sides.map((commander) =>
        semaphoreOver(commander, name, 2, { maxRetryInterval: 50, retryInterval: 10 }),
      );
      let inside = 0;
      let most = 0;
      await Promise.all(
        Array.from({ length: 18 }, (_, i) =>
          semaphores[i % 3]?.withPermit({ acquireTimeout: 15_000 }, async () => {
            inside++;
            most = Math.max(most, inside);
            await sleep(15);
            inside--;
          }),
        ),
      );
      expect(most).toBe(2);
      expect(await ctx.inspector().exists(holdersKey(name))).toBe(0);
    });
  });
}
