import { describe, expect, it, vi } from 'vitest';
import {
  createLockClient,
  LockLostError,
  LockRedisError,
  LockReleasedError,
} from '../src/index.js';
import { deferred, fails, never, ScriptedCommander } from './fake-commander.js';
import { useFakeClock } from './setup-timers.js';

useFakeClock();

describe('auto-extension', () => {
  it('renews the lease every ttl / 3 while held', async () => {
    const redis = new ScriptedCommander();
    const lock = await createLockClient(redis).acquire('job', { ttl: 3000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(redis.callsTo('extend')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(redis.callsTo('extend')).toHaveLength(1);
    expect(redis.callsTo('extend')[0]?.args[1]).toBe('3000');
    await vi.advanceTimersByTimeAsync(1000);
    expect(redis.callsTo('extend')).toHaveLength(2);
    await lock.release();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(redis.callsTo('extend')).toHaveLength(2);
  });

  it('renews every renewInterval when one is set', async () => {
    const redis = new ScriptedCommander();
    const lock = await createLockClient(redis).acquire('job', { ttl: 3000, renewInterval: 500 });
    await vi.advanceTimersByTimeAsync(499);
    expect(redis.callsTo('extend')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(redis.callsTo('extend')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(redis.callsTo('extend')).toHaveLength(2);
    await lock.release();
  });

  it('maxHold: the last renewal ends the lease with the hold, then the holder is told', async () => {
    const redis = new ScriptedCommander();
    const lock = await createLockClient(redis).acquire('job', { ttl: 3000, maxHold: 4500 });
    // Renewals at 1000 and 2000; the second would outlast the hold, so it ends at 4500.
    await vi.advanceTimersByTimeAsync(3000);
    expect(redis.callsTo('extend').map((call) => call.args[1])).toEqual(['3000', '2500']);
    expect(lock.signal.aborted).toBe(false);
    // The holder is told a margin before Redis ends that lease (2 ms + 1% of 2500 ms): at 4473.
    await vi.advanceTimersByTimeAsync(1472);
    expect(lock.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(lock.signal.reason).toBeInstanceOf(LockLostError);
    expect(lock.signal.reason).toMatchObject({ reason: 'max-hold', lockName: 'job' });
    expect(redis.callsTo('extend')).toHaveLength(2);
  });

  it('stopRenewal() keeps the lock until its lease runs out, renewing no more', async () => {
    const redis = new ScriptedCommander();
    const lock = await createLockClient(redis).acquire('job', { ttl: 3000 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(redis.callsTo('extend')).toHaveLength(1);
    lock.stopRenewal();
    // Told a margin (2 ms + 1% of 3000 ms) before Redis would end the renewed lease.
    await vi.advanceTimersByTimeAsync(2967);
    expect([redis.callsTo('extend').length, lock.signal.aborted]).toEqual([1, false]);
    await vi.advanceTimersByTimeAsync(1);
    expect(lock.signal.reason).toMatchObject({ reason: 'lease-expired' });
    expect(redis.callsTo('release')).toHaveLength(0);
  });

  it('a renewal that finds the lock gone aborts the signal with LockLostError', async () => {
    const redis = new ScriptedCommander().reply('extend', () => 0);
    const lock = await createLockClient(redis).acquire('job', { ttl: 3000 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(lock.signal.reason).toBeInstanceOf(LockLostError);
    expect(lock.signal.reason).toMatchObject({ reason: 'not-held', lockName: 'job' });
    expect(await lock.release()).toBe(false);
    expect(redis.callsTo('release')).toHaveLength(0);
  });

  it('renewals that fail are retried, and a success in time keeps the lock', async () => {
    const redis = new ScriptedCommander().reply('extend', fails('ECONNRESET'), fails('ECONNRESET'));
    const lock = await createLockClient(redis).acquire('job', { ttl: 3000 });
    await vi.advanceTimersByTimeAsync(1000 + 300 + 300);
    expect(redis.callsTo('extend')).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(3000);
    expect(lock.signal.aborted).toBe(false);
  });

  it('when Redis never answers, the lock counts as lost once the lease runs out', async () => {
    const redis = new ScriptedCommander().reply('extend', never);
    const lock = await createLockClient(redis).acquire('job', { ttl: 3000, replyTimeout: 60_000 });
    // A margin (2 ms + 1% of 3000 ms) before Redis could end it: Redis counts whole ms,
    // timers fire late, clocks run at slightly different rates.
    await vi.advanceTimersByTimeAsync(2967);
    expect(lock.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(lock.signal.reason).toMatchObject({ name: 'LockLostError', reason: 'lease-expired' });
  });

  it('a renewal error is the cause of the loss it led to', async () => {
    const redis = new ScriptedCommander().reply(
      'extend',
      ...Array(20).fill(fails('Connection is closed.')),
    );
    const lock = await createLockClient(redis).acquire('job', { ttl: 3000 });
    await vi.advanceTimersByTimeAsync(3000);
    expect(lock.signal.reason).toBeInstanceOf(LockLostError);
    expect((lock.signal.reason as Error).cause).toMatchObject({ name: 'LockRedisError' });
  });

  it('a slow older renewal reply does not shorten a newer lease', async () => {
    const slow = deferred();
    const redis = new ScriptedCommander().reply('extend', slow.reply);
    const lock = await createLockClient(redis).acquire('job', { ttl: 3000 });
    await vi.advanceTimersByTimeAsync(1000); // renewal #1 sent, unanswered
    await lock.extend(3000); // answered at t=1000: lease to t=4000
    slow.resolve(1);
    await vi.advanceTimersByTimeAsync(2900); // t=3900
    expect(lock.signal.aborted).toBe(false);
  });

  it('without auto-extension the lease runs out and the holder is told', async () => {
    const redis = new ScriptedCommander();
    const lock = await createLockClient(redis).acquire('job', { ttl: 500, autoExtend: false });
    await vi.advanceTimersByTimeAsync(500);
    expect(redis.callsTo('extend')).toHaveLength(0);
    expect(lock.signal.reason).toMatchObject({ reason: 'lease-expired' });
  });
});

describe('extend and release', () => {
  it('extend(ttl) changes the lease that later renewals use', async () => {
    const redis = new ScriptedCommander();
    const lock = await createLockClient(redis).acquire('job', { ttl: 3000 });
    await lock.extend(9000);
    expect(lock.ttl).toBe(9000);
    await vi.advanceTimersByTimeAsync(3000);
    expect(redis.callsTo('extend').map((c) => c.args[1])).toEqual(['9000', '9000']);
  });

  it('extend that finds the lock gone rejects with LockLostError and aborts the signal', async () => {
    const redis = new ScriptedCommander().reply('extend', () => 0);
    const lock = await createLockClient(redis).acquire('job');
    await expect(lock.extend()).rejects.toBeInstanceOf(LockLostError);
    expect(lock.signal.reason).toBeInstanceOf(LockLostError);
  });

  it('release aborts the signal with LockReleasedError', async () => {
    const lock = await createLockClient(new ScriptedCommander()).acquire('job');
    await lock.release();
    expect(lock.signal.reason).toBeInstanceOf(LockReleasedError);
    await expect(lock.extend()).rejects.toBeInstanceOf(LockReleasedError);
  });

  it('a failed release rejects with LockRedisError and can be retried', async () => {
    const redis = new ScriptedCommander().reply('release', fails('ETIMEDOUT'));
    const lock = await createLockClient(redis).acquire('job');
    await expect(lock.release()).rejects.toBeInstanceOf(LockRedisError);
    expect(await lock.release()).toBe(true);
    expect(await lock.release()).toBe(false);
    expect(redis.callsTo('release')).toHaveLength(2);
  });

  it('a release Redis never answers fails after replyTimeout', async () => {
    const redis = new ScriptedCommander().reply('release', never);
    const lock = await createLockClient(redis).acquire('job', { replyTimeout: 2000 });
    const outcome = expect(lock.release()).rejects.toMatchObject({
      name: 'LockRedisError',
      operation: 'release',
    });
    await vi.advanceTimersByTimeAsync(2000);
    await outcome;
  });

  it('a lock lost to an unreachable Redis still tries to delete its key on release', async () => {
    const redis = new ScriptedCommander().reply('extend', never);
    const lock = await createLockClient(redis).acquire('job', { ttl: 300 });
    await vi.advanceTimersByTimeAsync(300);
    expect(lock.signal.reason).toMatchObject({ reason: 'lease-expired' });
    await lock.release();
    expect(redis.callsTo('release')).toHaveLength(1);
  });
});

describe('withLock', () => {
  it('runs the work with the lock signal and releases afterwards', async () => {
    const redis = new ScriptedCommander();
    const result = await createLockClient(redis).withLock('job', async (signal) => {
      expect(signal.aborted).toBe(false);
      return 42;
    });
    expect(result).toBe(42);
    expect(redis.calls.map((c) => c.script)).toEqual(['acquire', 'release']);
  });

  it('releases and rethrows when the work throws', async () => {
    const redis = new ScriptedCommander();
    const failing = createLockClient(redis).withLock('job', () => {
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(redis.callsTo('release')).toHaveLength(1);
  });

  it('rejects with LockLostError when the lock was lost during the work', async () => {
    const redis = new ScriptedCommander().reply('extend', () => 0);
    const running = createLockClient(redis).withLock('job', { ttl: 300 }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      return 'done';
    });
    const outcome = expect(running).rejects.toBeInstanceOf(LockLostError);
    await vi.advanceTimersByTimeAsync(500);
    await outcome;
  });
});
