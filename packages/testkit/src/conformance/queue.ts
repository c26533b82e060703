import { createLockClient } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { contendFor, eventually, inspectorNodes, type SuiteContext, sleep } from './context.js';
import { lockKey } from './keys.js';

const queueKey = (name: string) => `${lockKey(name)}:waiters`;

/** Keys of `name`'s waiter queue still in Redis (the list, and anything named after it). */
async function queueKeys(ctx: SuiteContext, name: string): Promise<number> {
  let keys = 0;
  for (const node of inspectorNodes(ctx.inspector())) {
    keys += (await node.keys(`${queueKey(name)}*`)).length;
  }
  return keys;
}

export function queueBehaviour(ctx: SuiteContext): void {
  describe('waiter queue and fair mode', () => {
    // Fair mode queues every waiter; the default mode queues those that hear releases.
    const modes = [
      { mode: 'fair mode', fair: true },
      { mode: 'default mode', fair: false },
    ] as const;

    for (const { mode, fair } of modes) {
      it(`${mode}: waiters on different connections get the lock in arrival order`, async () => {
        // Without notifications the default mode polls and does not queue: all are served,
        // in whatever order their polls fall.
        const queued = fair || ctx.canSubscribe();
        const name = ctx.uniqueName(`order-${fair}`);
        const holder = await createLockClient(ctx.commander()).acquire(name);
        const order: number[] = [];
        const waiters: Promise<void>[] = [];
        for (const i of [1, 2, 3]) {
          const other = await ctx.connect();
          const locks = createLockClient(other.commander, { fair, maxRetryInterval: 200 });
          waiters.push(
            locks.acquire(name, { acquireTimeout: 10_000 }).then(async (lock) => {
              order.push(i);
              await lock.release();
            }),
          );
          await sleep(150); // each one queued before the next arrives
        }
        await holder.release();
        await Promise.all(waiters);
        expect(queued ? order : order.sort()).toEqual([1, 2, 3]);
        await eventually(async () => (await queueKeys(ctx, name)) === 0, 'an empty queue');
      });
    }

    it('fair mode: a free lock goes to the first live waiter, not to a newcomer', async () => {
      const name = ctx.uniqueName('fair-free');
      const other = await ctx.connect();
      const holder = await createLockClient(ctx.commander()).acquire(name, { autoExtend: false });
      const waiters = createLockClient(other.commander, { fair: true, maxRetryInterval: 200 });
      /** A fair waiter queued behind the lock, which then frees as if its lease ran out. */
      const queuedWaiter = async () => {
        const waiting = waiters.acquire(name, { acquireTimeout: 10_000 });
        await eventually(async () => (await queueKeys(ctx, name)) > 0, 'the waiter to queue');
        await ctx.inspector().del(lockKey(name));
        return { waiting };
      };

      const first = await queuedWaiter();
      const fairNewcomer = createLockClient(ctx.commander(), { fair: true });
      expect(await fairNewcomer.tryAcquire(name)).toBeNull(); // handed to the waiter instead
      const firstLock = await first.waiting;

      // The default mode lets whoever asks first take a free lock, even past a waiter.
      const second = await queuedWaiter();
      const barged = await createLockClient(ctx.commander()).tryAcquire(name);
      expect(barged).not.toBeNull();
      await barged?.release(); // hands it to the waiter
      expect(await (await second.waiting).release()).toBe(true);
      expect([await firstLock.release(), await holder.release()]).toEqual([false, false]);
    });

    it('a waiter that gives up leaves no queue entry, and the lock is not handed to it', async () => {
      const name = ctx.uniqueName('queue-give-up');
      const holder = await createLockClient(ctx.commander()).acquire(name);
      const other = await ctx.connect();
      const locks = createLockClient(other.commander, { fair: true });
      await expect(locks.acquire(name, { acquireTimeout: 300 })).rejects.toThrow();
      // Gone at once, not when the entry's lease would have run out.
      await eventually(async () => (await queueKeys(ctx, name)) === 0, 'the entry to go', 1000);
      expect(await holder.release()).toBe(true);
      expect(await ctx.inspector().exists(lockKey(name))).toBe(0);
    });

    it('a release skips a queued waiter whose place lapsed (it crashed) and frees the lock', async () => {
      const name = ctx.uniqueName('queue-dead');
      const holder = await createLockClient(ctx.commander()).acquire(name);
      // A waiter that died: still in the list, its deadline (Redis ms) long past.
      const dead = `${'f'.repeat(32)}:10000:0:1:p:${lockKey(name)}:released:gone`;
      await ctx.inspector().rpush(queueKey(name), dead);
      expect(await holder.release()).toBe(true);
      expect(await ctx.inspector().exists(lockKey(name))).toBe(0);
      expect(await queueKeys(ctx, name)).toBe(0);
    });

    it('fair mode: critical sections from two clients never overlap', async () => {
      const name = ctx.uniqueName('fair-exclusion');
      const other = await ctx.connect();
      const clients = [ctx.commander(), other.commander].map((c) =>
        createLockClient(c, { fair: true, maxRetryInterval: 200 }),
      );
      const { overlaps, counter } = await contendFor(clients, name, 20, 20_000);
      expect([overlaps, counter]).toEqual([0, 20]);
      await eventually(async () => (await queueKeys(ctx, name)) === 0, 'an empty queue');
    });
  });
}
