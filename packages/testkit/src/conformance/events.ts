import {
  createLockClient,
  type LockEvent,
  type LockEventType,
  LockLostError,
  LockRedisError,
  LockTimeoutError,
} from '@mutex/core';
import { describe, expect, it, vi } from 'vitest';
import { eventually, type SuiteContext, sleep } from './context.js';
import { lockKey } from './keys.js';

/** A listener that keeps every event, and the types in order, for one lock name. */
function recorder() {
  const events: LockEvent[] = [];
  return {
    events,
    onEvent: (event: LockEvent) => void events.push(event),
    types: (name: string): LockEventType[] =>
      events.filter((event) => event.name === name).map((event) => event.type),
    one<T extends LockEventType>(type: T): Extract<LockEvent, { type: T }> {
      const found = events.filter((event) => event.type === type);
      expect(found, `exactly one "${type}" event`).toHaveLength(1);
      return found[0] as Extract<LockEvent, { type: T }>;
    },
  };
}

export function eventsBehaviour(ctx: SuiteContext): void {
  describe('events', () => {
    it('an acquire and release: started, acquired, released, one id, the adapter named', async () => {
      const name = ctx.uniqueName('events-cycle');
      const seen = recorder();
      const locks = createLockClient(ctx.commander(), { onEvent: seen.onEvent });
      const lock = await locks.acquire(name, { fencing: true });
      await sleep(20);
      await lock.release();

      expect(seen.types(name)).toEqual(['acquire-started', 'acquired', 'released']);
      const [started, acquired, released] = seen.events;
      expect(started).toMatchObject({ name, primitive: 'mutex', wait: true });
      expect(typeof started?.adapter).toBe('string');
      expect(started?.adapter.length).toBeGreaterThan(0);
      expect(acquired).toMatchObject({
        id: started?.id,
        adapter: started?.adapter,
        handedOver: false,
        attempts: 1,
        fence: lock.fence,
      });
      expect(seen.one('acquired').waited).toBeGreaterThanOrEqual(0);
      expect(released).toMatchObject({ id: started?.id });
      expect(seen.one('released').held).toBeGreaterThanOrEqual(15);
      // A second release is no second end.
      await lock.release();
      expect(seen.types(name)).toHaveLength(3);
    });

    it('a waiter: queued, then acquired once released (handed over when it hears releases)', async () => {
      const name = ctx.uniqueName('events-wait');
      const seen = recorder();
      const locks = createLockClient(ctx.commander(), { onEvent: seen.onEvent });
      // Held from another connection, as by another process: the waiter goes to Redis.
      const holder = await createLockClient((await ctx.connect()).commander).acquire(name);
      const waiting = locks.acquire(name, { acquireTimeout: 5000, retryInterval: 50 });
      await eventually(() => seen.types(name).includes('queued'), 'the queued event');
      await sleep(100);
      await holder.release();
      await (await waiting).release();

      expect(seen.types(name)).toEqual(['acquire-started', 'queued', 'acquired', 'released']);
      const acquired = seen.one('acquired');
      expect(acquired.handedOver).toBe(ctx.canSubscribe());
      expect(acquired.attempts).toBeGreaterThanOrEqual(1);
      expect(acquired.waited).toBeGreaterThanOrEqual(90);
    });

    it('tryAcquire on a held lock: busy; acquire past its limit: timed-out; aborted by its signal', async () => {
      const name = ctx.uniqueName('events-give-up');
      const seen = recorder();
      const locks = createLockClient(ctx.commander(), { onEvent: seen.onEvent });
      const holder = await createLockClient((await ctx.connect()).commander).acquire(name);

      expect(await locks.tryAcquire(name)).toBeNull();
      await expect(locks.acquire(name, { acquireTimeout: 150 })).rejects.toBeInstanceOf(
        LockTimeoutError,
      );
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('shutting down')), 100);
      await expect(locks.acquire(name, { signal: controller.signal })).rejects.toThrow(
        'shutting down',
      );
      await holder.release();

      expect(seen.types(name)).toEqual([
        ...['acquire-started', 'busy'],
        ...['acquire-started', 'queued', 'timed-out'],
        ...['acquire-started', 'queued', 'aborted'],
      ]);
      expect(seen.events[0]).toMatchObject({ wait: false });
      expect(seen.one('timed-out').waited).toBeGreaterThanOrEqual(145);
      expect(seen.one('timed-out').attempts).toBeGreaterThanOrEqual(1);
      expect(seen.one('aborted').reason).toBe(controller.signal.reason);
      const ids = new Set(seen.events.map((event) => event.id));
      expect(ids.size).toBe(3);
    });

    it('extensions, explicit and automatic, then a loss: extended twice, lost, no release event', async () => {
      const name = ctx.uniqueName('events-extend');
      const seen = recorder();
      const locks = createLockClient(ctx.commander(), { onEvent: seen.onEvent });
      const lock = await locks.acquire(name, { ttl: 300 });
      await lock.extend(600);
      await eventually(
        () => seen.events.some((event) => event.type === 'extended' && event.auto),
        'an automatic renewal',
      );
      await ctx.inspector().del(lockKey(name));
      await eventually(() => lock.signal.aborted, 'the loss');
      expect(await lock.release()).toBe(false);

      const types = seen.types(name);
      expect(types.slice(0, 3)).toEqual(['acquire-started', 'acquired', 'extended']);
      expect(types.at(-1)).toBe('lost');
      expect(types.filter((type) => type === 'released')).toEqual([]);
      const extended = seen.events.filter((event) => event.type === 'extended');
      expect(extended[0]).toMatchObject({ auto: false, ttl: 600 });
      expect(extended.slice(1).every((event) => event.auto)).toBe(true);
      const lost = seen.one('lost');
      expect(lost).toMatchObject({ reason: 'not-held' });
      expect(lost.error).toBeInstanceOf(LockLostError);
      expect(lost.error).toBe(lock.signal.reason);
    });

    it('resume: a resumed event, then the new handle releases', async () => {
      const name = ctx.uniqueName('events-resume');
      const seen = recorder();
      const held = await createLockClient(ctx.commander()).acquire(name);
      const locks = createLockClient(ctx.commander(), { onEvent: seen.onEvent });
      const resumed = await locks.resume(name, held.token);
      await resumed.release();
      expect(seen.types(name)).toEqual(['resumed', 'released']);
      expect(seen.events[0]?.id).toBe(seen.events[1]?.id);
    });

    it('Redis gone: the acquire ends in redis-error, an extend in extension-failed', async () => {
      const name = ctx.uniqueName('events-gone');
      const seen = recorder();
      const fixture = await ctx.connect();
      const locks = createLockClient(fixture.commander, { onEvent: seen.onEvent });
      const lock = await locks.acquire(name, { ttl: 2000 });
      await fixture.close();
      await expect(lock.extend()).rejects.toBeInstanceOf(LockRedisError);
      await expect(locks.acquire(`${name}:other`)).rejects.toBeInstanceOf(LockRedisError);

      expect(seen.types(name)).toEqual(['acquire-started', 'acquired', 'extension-failed']);
      expect(seen.one('extension-failed')).toMatchObject({ auto: false });
      expect(seen.one('extension-failed').error).toBeInstanceOf(LockRedisError);
      expect(seen.types(`${name}:other`)).toEqual(['acquire-started', 'redis-error']);
      expect(seen.one('redis-error')).toMatchObject({ operation: 'acquire' });
      expect(seen.one('redis-error').waited).toBeGreaterThanOrEqual(0);
      expect(seen.one('redis-error').error).toBeInstanceOf(LockRedisError);
      await ctx.inspector().del(lockKey(name));
    });

    it('a listener that throws is logged, and the lock is taken, renewed and released as usual', async () => {
      const name = ctx.uniqueName('events-throws');
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const locks = createLockClient(ctx.commander(), {
          onEvent: () => {
            throw new Error('listener bug');
          },
        });
        const lock = await locks.acquire(name, { ttl: 300 });
        await sleep(400); // past the first lease: only renewals keep it
        expect(lock.signal.aborted).toBe(false);
        expect(await ctx.inspector().exists(lockKey(name))).toBe(1);
        expect(await lock.release()).toBe(true);
        expect(await ctx.inspector().exists(lockKey(name))).toBe(0);
        expect(logged).toHaveBeenCalledWith(
          expect.stringContaining('"acquire-started"'),
          expect.objectContaining({ message: 'listener bug' }),
        );
      } finally {
        logged.mockRestore();
      }
    });
  });
}
