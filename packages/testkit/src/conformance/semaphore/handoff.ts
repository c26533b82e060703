import { createLockClient, type LockEvent } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext } from '../context.js';
import { semaphoreOver } from './helpers.js';

export function semaphoreHandoffBehaviour(ctx: SuiteContext): void {
  describe('semaphore: waiting and handoff', () => {
    it('a release lets in as many queued waiters as its permits fit, handed over when they hear releases', async () => {
      const name = ctx.uniqueName('sem-handoff');
      const holder = await semaphoreOver(ctx.commander(), name, 2).acquire({ permits: 2 });
      const events: LockEvent[] = [];
      const waiting = createLockClient((await ctx.connect()).commander, {
        onEvent: (event) => void events.push(event),
        retryInterval: 20,
      }).semaphore(name, { limit: 2 });
      const first = waiting.acquire({ acquireTimeout: 5000 });
      const second = waiting.acquire({ acquireTimeout: 5000 });
      // Waiters that hear releases queue in Redis; the others poll.
      await eventually(
        async () =>
          ctx.canSubscribe()
            ? (await waiting.inspect()).waiting === 2
            : events.filter((event) => event.type === 'queued').length === 2,
        'two waiters',
      );
      await holder.release();
      const permits = await Promise.all([first, second]);
      expect(permits.map((permit) => permit.permits)).toEqual([1, 1]);

      const acquired = events.filter((event) => event.type === 'acquired');
      expect(acquired).toHaveLength(2);
      for (const event of acquired) {
        expect(event).toMatchObject({ primitive: 'semaphore', name });
        expect(event.type === 'acquired' && event.handedOver).toBe(ctx.canSubscribe());
      }
      expect(await waiting.inspect()).toMatchObject({ held: 2, holders: 2, waiting: 0 });
      await Promise.all(permits.map((permit) => permit.release()));
      expect(await waiting.inspect()).toMatchObject({ held: 0, holders: 0 });
    });

    it('fair: a waiter for 3 permits is not passed over by 1-permit callers', async () => {
      const name = ctx.uniqueName('sem-fair');
      const fair = { fair: true, maxRetryInterval: 100 };
      const holder = await semaphoreOver(ctx.commander(), name, 3, fair).acquire({ permits: 2 });
      const big = semaphoreOver((await ctx.connect()).commander, name, 3, fair);
      const small = semaphoreOver((await ctx.connect()).commander, name, 3, fair);
      const waitingForThree = big.acquire({ permits: 3, acquireTimeout: 5000 });
      await eventually(async () => (await small.inspect()).waiting === 1, 'the 3-permit waiter');
      // One permit is free, but taking it would pass over the waiter queued first.
      expect(await small.tryAcquire()).toBeNull();
      const smallWaiting = small.acquire({ acquireTimeout: 5000 });
      await eventually(async () => (await small.inspect()).waiting === 2, 'the 1-permit waiter');
      await holder.release();
      const three = await waitingForThree;
      expect(three.permits).toBe(3);
      expect(await small.inspect()).toMatchObject({ held: 3, waiting: 1 });
      await three.release();
      await (await smallWaiting).release();
    });
  });
}
