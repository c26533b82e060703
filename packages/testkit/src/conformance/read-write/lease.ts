import { LockLostError } from '@mutex/core';
import { READ_WRITE_ACQUIRE_SCRIPT } from '@mutex/core/adapter';
import { describe, expect, it } from 'vitest';
import { eventually, type SuiteContext, sleep } from '../context.js';
import { redisNow, seenAttempt } from '../semaphore/lease.js';
import { readWriteOver, rwKey } from './helpers.js';

export function readWriteLeaseBehaviour(ctx: SuiteContext): void {
  describe('read-write lock: leases', () => {
    it('a poll that finds it was let in earlier is told the lease left, not a fresh one (reader and writer)', async () => {
      const name = ctx.uniqueName('rw-seen');
      const [reader, writer] = ['cd'.repeat(16), 'ef'.repeat(16)];
      const keys = ['writer', 'waiters', 'fence', 'readers'].map((part) =>
        rwKey(name, part as 'writer'),
      );
      const attempt = (token: string, mode: string) =>
        ctx.commander().eval(READ_WRITE_ACQUIRE_SCRIPT, keys, [...seenAttempt(token, 500), mode]);
      // Let in 200 ms ago with a 500 ms lease, while they were not listening.
      await ctx.inspector().zadd(rwKey(name, 'readers'), (await redisNow(ctx)) + 300, reader);
      const read = (await attempt(reader, 'r')) as number[];
      await ctx.inspector().del(rwKey(name, 'readers'));
      await ctx.inspector().set(rwKey(name, 'writer'), writer, 'PX', 300);
      const written = (await attempt(writer, 'w')) as number[];
      await ctx.inspector().del(rwKey(name, 'writer'));
      for (const reply of [read, written]) {
        expect(Number(reply[0])).toBe(1);
        expect(Number(reply[2])).toBeGreaterThan(0);
        expect(Number(reply[2])).toBeLessThanOrEqual(300);
      }
    });

    it("a writer or reader that stops renewing loses the lock when its lease ends, by Redis's clock", async () => {
      const name = ctx.uniqueName('rw-expiry');
      const crashed = readWriteOver((await ctx.connect()).commander, name);
      const other = readWriteOver(ctx.commander(), name, { maxRetryInterval: 50 });
      const writer = await crashed.write({ ttl: 300, autoExtend: false });
      const reader = await other.read({ acquireTimeout: 3000 });
      expect(writer.signal.aborted).toBe(true);
      expect(writer.signal.reason).toBeInstanceOf(LockLostError);
      const staleReader = await crashed.read({ ttl: 300, autoExtend: false });
      await reader.release();
      const next = await other.write({ acquireTimeout: 3000 });
      await eventually(() => staleReader.signal.aborted, 'the reader told');
      await expect(staleReader.extend()).rejects.toBeInstanceOf(LockLostError);
      expect(await staleReader.release()).toBe(false);
      await next.release();
    });

    it('auto-extension keeps a reader and a writer past their first lease; fences increase across modes', async () => {
      const name = ctx.uniqueName('rw-renew');
      const lock = readWriteOver(ctx.commander(), name);
      const reader = await lock.read({ ttl: 300, fencing: true });
      await sleep(450);
      expect(reader.signal.aborted).toBe(false);
      expect(await lock.inspect()).toMatchObject({ readers: 1 });
      expect(await ctx.inspector().pttl(rwKey(name, 'readers'))).toBeGreaterThan(0);
      await reader.release();
      const writer = await lock.write({ ttl: 300, fencing: true });
      await sleep(450);
      expect(writer.signal.aborted).toBe(false);
      expect(writer.fence).toBeGreaterThan(reader.fence as number);
      expect(await lock.inspect()).toMatchObject({ writer: true, fence: writer.fence });
      await writer.release();
    });
  });
}
