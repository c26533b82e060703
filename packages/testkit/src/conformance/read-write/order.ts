import { createLockClient, type LockEvent } from '@mutex/core';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext } from '../context.js';
import { monitor, scriptRuns } from '../monitor.js';
import { readWriteOver, rwKey } from './helpers.js';

export function readWriteOrderBehaviour(ctx: SuiteContext): void {
  describe('read-write lock: arrival order', () => {
    it('a waiting writer is not starved: readers after it wait, and get in together when it is done', async () => {
      const name = ctx.uniqueName('rw-order');
      const here = readWriteOver(ctx.commander(), name, { maxRetryInterval: 100 });
      const reading = await here.read();
      const writerSide = readWriteOver((await ctx.connect()).commander, name, {
        maxRetryInterval: 100,
      });
      const events: LockEvent[] = [];
      // Polling at the default interval: a handoff message arrives well before the next poll.
      const late = createLockClient((await ctx.connect()).commander, {
        onEvent: (event) => void events.push(event),
      }).readWrite(name);
      const order: string[] = [];
      const writing = writerSide.write({ acquireTimeout: 5000 }).then((lock) => {
        order.push('writer');
        return lock;
      });
      await eventually(async () => (await here.inspect()).waiting === 1, 'the writer queued');
      // A reader now would pass the writer: it may not.
      expect(await late.tryRead()).toBeNull();
      const lateReaders = [
        late.read({ acquireTimeout: 5000 }),
        late.read({ acquireTimeout: 5000 }),
      ];
      await eventually(async () => (await here.inspect()).waiting === 3, 'two readers behind it');
      if (ctx.canSubscribe()) {
        // Queued first as pollers, then again once their subscription is live ('p' or 's').
        const hearing = async () => {
          const queue = await ctx.inspector().lrange(rwKey(name, 'waiters'), 0, -1);
          return queue.filter((element) => /:[ps]:r:/.test(element)).length === 2;
        };
        await eventually(hearing, 'both readers subscribed');
      }
      await reading.release();
      const writer = await writing;
      expect(await here.inspect()).toMatchObject({ writer: true, readers: 0, waiting: 2 });

      const watching = await monitor(ctx);
      await writer.release();
      const readers = await Promise.all(lateReaders);
      const logs = await watching.stop();
      expect(order).toEqual(['writer']);
      expect(await here.inspect()).toMatchObject({ writer: false, readers: 2, waiting: 0 });
      const acquired = events.filter((event) => event.type === 'acquired');
      expect(acquired.map((event) => event.type === 'acquired' && event.handedOver)).toEqual([
        ctx.canSubscribe(),
        ctx.canSubscribe(),
      ]);
      if (ctx.canSubscribe()) {
        // Both readers of that process were let in by the writer's release, told in one message.
        const published = logs
          .flatMap(({ entries }) => scriptRuns(entries))
          .flatMap((run) => run.commands)
          .filter(([command]) => /^s?publish$/i.test(command ?? ''));
        expect(published).toHaveLength(1);
        const told = (published[0]?.[2] ?? '').split(',').map((pair) => pair.split(':')[0]);
        expect(told.sort()).toEqual(readers.map((lock) => lock.token).sort());
      }
      await Promise.all(readers.map((lock) => lock.release()));
    });
  });
}
