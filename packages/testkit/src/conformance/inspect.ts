import { createLockClient } from '@mutex/core';
import { INSPECT_SCRIPT } from '@mutex/core/adapter';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext } from './context.js';
import { monitor, scriptRuns } from './monitor.js';

/** What the inspect script may run: reads and the clock, nothing that writes. */
const READS = new Set(['pttl', 'get', 'lrange', 'time']);

export function inspectBehaviour(ctx: SuiteContext): void {
  describe('inspect', () => {
    it('reports a free lock as free, with no fence and nobody waiting', async () => {
      const locks = createLockClient(ctx.commander());
      expect(await locks.inspect(ctx.uniqueName('inspect-free'))).toEqual({
        held: false,
        ttl: 0,
        fence: undefined,
        waiting: 0,
      });
    });

    it('reports the lease left, the last fence and the queued waiters, in one read-only script', async () => {
      const name = ctx.uniqueName('inspect-held');
      // Fair mode queues every waiter, whether or not the adapter hears releases.
      const locks = createLockClient(ctx.commander(), { fair: true });
      const holder = await locks.acquire(name, { ttl: 5000, fencing: true, autoExtend: false });
      const other = await ctx.connect();
      const waiting = createLockClient(other.commander, { fair: true, maxRetryInterval: 200 })
        .acquire(name, { acquireTimeout: 5000 })
        .then((lock) => lock.release());
      await eventually(async () => (await locks.inspect(name)).waiting === 1, 'a queued waiter');

      const watching = await monitor(ctx);
      const info = await locks.inspect(name);
      const runs = (await watching.stop())
        .flatMap(({ entries }) => scriptRuns(entries))
        .filter(({ script }) => script === INSPECT_SCRIPT.sha1 || script === INSPECT_SCRIPT.source);
      expect(info).toMatchObject({ held: true, fence: holder.fence, waiting: 1 });
      expect(info.ttl).toBeGreaterThan(0);
      expect(info.ttl).toBeLessThanOrEqual(5000);
      expect(runs).toHaveLength(1);
      const commands = runs.flatMap(({ commands }) =>
        commands.map(([name]) => name?.toLowerCase()),
      );
      expect(commands.filter((command) => !READS.has(command ?? ''))).toEqual([]);

      await holder.release();
      await waiting;
      expect(await locks.inspect(name)).toEqual({
        held: false,
        ttl: 0,
        fence: holder.fence,
        waiting: 0,
      });
    });

    it('reports a lock without expiry as held with an infinite lease', async () => {
      const name = ctx.uniqueName('inspect-forever');
      const locks = createLockClient(ctx.commander());
      const lock = await locks.acquire(name, { ttl: Number.POSITIVE_INFINITY });
      expect(await locks.inspect(name)).toMatchObject({
        held: true,
        ttl: Number.POSITIVE_INFINITY,
      });
      await lock.release();
    });
  });
}
