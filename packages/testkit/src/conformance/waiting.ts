import { createLockClient } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { contendFor, type SuiteContext, sleep } from './context.js';
import { lockKey } from './keys.js';

/** Resolves to whether `promise` is still pending after `ms`. */
async function stillPending(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const pending = Symbol('pending');
  return (
    (await Promise.race([promise.catch(() => undefined), sleep(ms).then(() => pending)])) ===
    pending
  );
}

export function waitingBehaviour(ctx: SuiteContext): void {
  describe('waiting and wake-up', () => {
    it('a waiter waits while the lock is held and takes it after the release', async () => {
      const name = ctx.uniqueName('wait');
      const holder = await createLockClient(ctx.commander()).acquire(name);
      const other = await ctx.connect();
      const waiting = createLockClient(other.commander).acquire(name, { acquireTimeout: 5000 });
      expect(await stillPending(waiting, 150)).toBe(true);

      await holder.release();
      const lock = await waiting;
      expect(await ctx.inspector().exists(lockKey(name))).toBe(1);
      expect(await lock.release()).toBe(true);
    });

    it('wakes on release: by notification when the adapter subscribes, else by polling', async () => {
      const name = ctx.uniqueName('wake');
      const holder = await createLockClient(ctx.commander()).acquire(name, { ttl: 60_000 });
      const other = await ctx.connect();
      // With a subscription, only the release notification can wake this waiter in time.
      const retryInterval = ctx.canSubscribe() ? 60_000 : 50;
      const waiting = createLockClient(other.commander).acquire(name, {
        acquireTimeout: 5000,
        retryInterval,
        retryJitter: 0,
      });
      await sleep(100);
      await holder.release();
      const lock = await waiting;
      expect(await lock.release()).toBe(true);
    });

    it("a waiter takes the lock when the holder's lease runs out, without a release", async () => {
      const name = ctx.uniqueName('pttl');
      await createLockClient(ctx.commander()).acquire(name, { ttl: 300, autoExtend: false });
      const other = await ctx.connect();
      // The retry interval is far too long: only the PTTL-bounded wait can get it in time.
      const lock = await createLockClient(other.commander).acquire(name, {
        acquireTimeout: 5000,
        retryInterval: 60_000,
        retryJitter: 0,
      });
      expect(lock.signal.aborted).toBe(false);
      await lock.release();
    });

    it('waiters in one process take the lock in arrival order', async () => {
      const name = ctx.uniqueName('fifo');
      const other = await ctx.connect();
      const holder = await createLockClient(other.commander).acquire(name);
      const locks = createLockClient(ctx.commander());
      const order: number[] = [];
      const waiters = [0, 1, 2, 3, 4].map(async (i) => {
        const lock = await locks.acquire(name, { acquireTimeout: 5000 });
        order.push(i);
        await lock.release();
      });
      await sleep(50);
      await holder.release();
      await Promise.all(waiters);
      expect(order).toEqual([0, 1, 2, 3, 4]);
    });

    it('critical sections from two clients never overlap', async () => {
      const name = ctx.uniqueName('exclusion');
      const other = await ctx.connect();
      const clients = [createLockClient(ctx.commander()), createLockClient(other.commander)];
      const { overlaps, counter } = await contendFor(clients, name, 30, 10_000);
      expect(overlaps).toBe(0);
      expect(counter).toBe(30);
    });
  });
}
