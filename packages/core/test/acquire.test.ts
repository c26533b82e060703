import { describe, expect, it, vi } from 'vitest';
import { createLockClient, LockRedisError, LockTimeoutError } from '../src/index.js';
import {
  acquired,
  busy,
  deferred,
  fails,
  never,
  ScriptedCommander,
  SubscribingCommander,
} from './fake-commander.js';
import { useFakeClock } from './setup-timers.js';

useFakeClock();

describe('acquire', () => {
  it('takes a free lock in one script call and releases it in one more', async () => {
    const redis = new ScriptedCommander();
    const lock = await createLockClient(redis).acquire('job');
    expect(redis.calls.map((c) => c.script)).toEqual(['acquire']);
    expect(redis.calls[0]?.keys).toEqual(['mutex:{job}']);
    expect(redis.calls[0]?.args[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(redis.calls[0]?.args[1]).toBe('10000');
    expect(await lock.release()).toBe(true);
    expect(redis.calls.map((c) => c.script)).toEqual(['acquire', 'release']);
    expect(redis.calls[1]?.args).toEqual([redis.calls[0]?.args[0], 'mutex:{job}:released']);
  });

  it('asks for the fencing counter key only when fencing is on', async () => {
    const redis = new ScriptedCommander().reply('acquire', acquired(7));
    const lock = await createLockClient(redis).acquire('job', { fencing: true });
    expect(lock.fence).toBe(7);
    expect(redis.calls[0]?.keys).toEqual(['mutex:{job}', 'mutex:{job}:fence']);
  });

  it('polls with pauses doubling from retryInterval up to maxRetryInterval', async () => {
    const redis = new ScriptedCommander().reply('acquire', ...Array(6).fill(busy(-1)));
    createLockClient(redis)
      .acquire('job', { acquireTimeout: 60_000 })
      .catch(() => {});
    const attemptTimes: number[] = [];
    for (let t = 0; t <= 5000; t++) {
      const before = redis.callsTo('acquire').length;
      await vi.advanceTimersByTimeAsync(t === 0 ? 0 : 1);
      if (redis.callsTo('acquire').length > before) attemptTimes.push(t);
    }
    expect(attemptTimes).toEqual([0, 100, 300, 700, 1500, 2500, 3500]);
  });

  it('a subscribed waiter polls only at maxRetryInterval, as a safety net', async () => {
    const redis = new SubscribingCommander().reply('acquire', busy(-1), busy(-1), busy(-1));
    const acquiring = createLockClient(redis).acquire('job', { maxRetryInterval: 2000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(redis.callsTo('acquire')).toHaveLength(2); // try, subscribe, try again
    await vi.advanceTimersByTimeAsync(1999);
    expect(redis.callsTo('acquire')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(redis.callsTo('acquire')).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(2000);
    await acquiring;
  });

  it("retries as soon as the holder's lease runs out when that comes before the interval", async () => {
    const redis = new ScriptedCommander().reply('acquire', busy(30));
    const acquiring = createLockClient(redis).acquire('job', { retryInterval: 1000 });
    await vi.advanceTimersByTimeAsync(29);
    expect(redis.callsTo('acquire')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await acquiring;
    expect(redis.callsTo('acquire')).toHaveLength(2);
  });

  it('adds up to retryJitter of random time to each pause', async () => {
    vi.mocked(Math.random).mockReturnValue(0.999);
    const redis = new ScriptedCommander().reply('acquire', busy(-1));
    const acquiring = createLockClient(redis).acquire('job', {
      retryInterval: 100,
      retryJitter: 50,
    });
    await vi.advanceTimersByTimeAsync(149);
    expect(redis.callsTo('acquire')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await acquiring;
  });

  it('subscribes, retries at once, then wakes on the release message', async () => {
    const redis = new SubscribingCommander().reply('acquire', busy(-1), busy(-1));
    const acquiring = createLockClient(redis).acquire('job', { retryInterval: 60_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(redis.calls.map((c) => c.script)).toEqual(['acquire', 'subscribe', 'acquire']);
    expect(redis.calls[1]?.args).toEqual(['mutex:{job}:released']);
    redis.publish('mutex:{job}:released');
    await vi.advanceTimersByTimeAsync(0);
    await acquiring;
    expect(redis.callsTo('acquire')).toHaveLength(3);
    expect(redis.subscriptions).toBe(0);
  });

  it('does not lose a release message that arrives while an attempt is in flight', async () => {
    const slow = deferred();
    const redis = new SubscribingCommander().reply('acquire', busy(-1), slow.reply);
    const acquiring = createLockClient(redis).acquire('job', { retryInterval: 60_000 });
    await vi.advanceTimersByTimeAsync(0);
    redis.publish('mutex:{job}:released'); // during the second attempt
    slow.resolve([0, -1]);
    await vi.advanceTimersByTimeAsync(0);
    await acquiring;
    expect(redis.callsTo('acquire')).toHaveLength(3);
  });

  it('rejects with LockTimeoutError after acquireTimeout', async () => {
    const redis = new ScriptedCommander().reply('acquire', ...Array(100).fill(busy(-1)));
    const acquiring = createLockClient(redis).acquire('job', { acquireTimeout: 250 });
    const outcome = expect(acquiring).rejects.toBeInstanceOf(LockTimeoutError);
    await vi.advanceTimersByTimeAsync(250);
    await outcome;
    const sent = redis.calls.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(redis.calls.length).toBe(sent);
  });

  it('a Redis error rejects with LockRedisError carrying the cause, and takes back the lock', async () => {
    const redis = new ScriptedCommander().reply('acquire', fails('READONLY replica'));
    const error = await createLockClient(redis)
      .acquire('job')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockRedisError);
    expect(error).toMatchObject({ operation: 'acquire', lockName: 'job' });
    expect((error as Error).cause).toMatchObject({ message: 'READONLY replica' });
    expect(redis.callsTo('release')).toHaveLength(1);
    expect(redis.callsTo('release')[0]?.args[0]).toBe(redis.callsTo('acquire')[0]?.args[0]);
  });

  it('a success that arrives after the timeout is released with the same token', async () => {
    const late = deferred();
    const redis = new ScriptedCommander().reply('acquire', late.reply);
    const acquiring = createLockClient(redis).acquire('job', { acquireTimeout: 100 });
    const outcome = expect(acquiring).rejects.toBeInstanceOf(LockTimeoutError);
    await vi.advanceTimersByTimeAsync(100);
    await outcome;
    expect(redis.callsTo('release')).toHaveLength(0);
    late.resolve([1, 0]);
    await vi.advanceTimersByTimeAsync(0);
    expect(redis.callsTo('release')).toHaveLength(1);
    expect(redis.callsTo('release')[0]?.args[0]).toBe(redis.callsTo('acquire')[0]?.args[0]);
  });

  it('a hung Redis fails the acquire after replyTimeout even when waiting for ever', async () => {
    const redis = new ScriptedCommander().reply('acquire', never);
    const acquiring = createLockClient(redis).acquire('job', {
      acquireTimeout: Number.POSITIVE_INFINITY,
      replyTimeout: 1000,
    });
    const outcome = expect(acquiring).rejects.toMatchObject({
      name: 'LockRedisError',
      cause: { name: 'ReplyTimeoutError' },
    });
    await vi.advanceTimersByTimeAsync(1000);
    await outcome;
  });

  it('a subscription Redis never confirms: the waiter falls back to polling', async () => {
    const redis = new SubscribingCommander().reply('acquire', busy(-1), busy(-1));
    redis.subscribe = never;
    const acquiring = createLockClient(redis).acquire('job', { replyTimeout: 1000 });
    await vi.advanceTimersByTimeAsync(1000); // the subscription times out
    expect(redis.callsTo('acquire')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100); // then polling, from retryInterval
    expect(redis.callsTo('acquire')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(200);
    await acquiring;
    expect(redis.callsTo('acquire')).toHaveLength(3);
  });

  it('a subscription that fails does not fail the acquire', async () => {
    const redis = new SubscribingCommander().reply('acquire', busy(-1));
    redis.subscribe = () =>
      Promise.reject(
        new Error('NOPERM this user has no permissions to access one of the channels'),
      );
    const acquiring = createLockClient(redis).acquire('job');
    await vi.advanceTimersByTimeAsync(100);
    await expect(acquiring).resolves.toBeDefined();
  });

  it('tryAcquire makes one attempt and answers null when busy', async () => {
    const redis = new SubscribingCommander().reply('acquire', busy(5000));
    expect(await createLockClient(redis).tryAcquire('job')).toBeNull();
    expect(redis.calls.map((c) => c.script)).toEqual(['acquire']);
  });
});

describe('waiters in one process', () => {
  it('take turns: only the first talks to Redis until its lock ends', async () => {
    const redis = new ScriptedCommander();
    const locks = createLockClient(redis);
    const first = await locks.acquire('job');
    const second = locks.acquire('job');
    const third = locks.acquire('job');
    await vi.advanceTimersByTimeAsync(1000);
    expect(redis.callsTo('acquire')).toHaveLength(1);
    await first.release();
    const secondLock = await second;
    expect(redis.callsTo('acquire')).toHaveLength(2);
    await secondLock.release();
    await (await third).release();
    expect(redis.callsTo('acquire')).toHaveLength(3);
  });

  it('a queued waiter that gives up leaves the queue without touching Redis', async () => {
    const redis = new ScriptedCommander();
    const locks = createLockClient(redis);
    const first = await locks.acquire('job');
    const controller = new AbortController();
    const second = locks.acquire('job', { signal: controller.signal });
    const third = locks.acquire('job');
    controller.abort(new Error('bye'));
    await expect(second).rejects.toThrow('bye');
    await first.release();
    await (await third).release();
    expect(redis.callsTo('acquire')).toHaveLength(2);
  });

  it('the turn passes on when a held lock is lost, not only when released', async () => {
    const redis = new ScriptedCommander();
    const locks = createLockClient(redis);
    await locks.acquire('job', { ttl: 300, autoExtend: false });
    const second = locks.acquire('job', { acquireTimeout: 10_000 });
    await vi.advanceTimersByTimeAsync(300);
    await second;
    expect(redis.callsTo('acquire')).toHaveLength(2);
  });
});
