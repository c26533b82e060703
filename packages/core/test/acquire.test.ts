import { describe, expect, it, vi } from 'vitest';
import { lockContextFor } from '../src/context.js';
import {
  createLockClient,
  LockRedisError,
  LockTimeoutError,
  SUBSCRIPTION_LINGER_MS,
} from '../src/index.js';
import { lockTarget } from '../src/keys.js';
import { DEFAULTS, resolveAcquireOptions } from '../src/options.js';
import { MUTEX } from '../src/primitive.js';
import { changedHands, Waiter } from '../src/waiter.js';
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
    const keys = ['mutex:{job}', 'mutex:{job}:waiters', 'mutex:{job}:fence'];
    expect(redis.calls[0]?.keys).toEqual(keys);
    const token = redis.calls[0]?.args[0];
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    // lease, no fencing, not fair, not queued (nothing to wait for yet) so no deadline, polls,
    // no channel, the queue's life if it queued, a first attempt, the lock not known busy
    expect(redis.calls[0]?.args.slice(1)).toEqual([
      '10000',
      '0',
      '0',
      '0',
      '0',
      '0',
      '',
      '3150',
      '0',
      '0',
    ]);
    expect(await lock.release()).toBe(true);
    expect(redis.calls.map((c) => c.script)).toEqual(['acquire', 'release']);
    expect(redis.calls[1]?.keys).toEqual(keys);
    expect(redis.calls[1]?.args).toEqual([token, '0']); // a held lock has no queue entry
  });

  it('asks for a fencing token only when fencing is on', async () => {
    const redis = new ScriptedCommander().reply('acquire', acquired(7));
    const lock = await createLockClient(redis).acquire('job', { fencing: true });
    expect(lock.fence).toBe(7);
    expect(redis.calls[0]?.args[2]).toBe('1');
    const plain = await createLockClient(redis).acquire('other');
    expect(plain.fence).toBeUndefined();
    expect(redis.calls[1]?.args[2]).toBe('0');
  });

  it('polls with pauses doubling from retryInterval up to maxRetryInterval', async () => {
    const redis = new ScriptedCommander().reply('acquire', ...Array(6).fill(busy(-1)));
    createLockClient(redis)
      .acquire('job', { acquireTimeout: 60_000 })
      .catch(() => {});
    // The first attempt goes out within the call itself.
    const attemptTimes: number[] = redis.callsTo('acquire').length === 1 ? [0] : [];
    for (let t = 0; t <= 5000; t++) {
      const before = redis.callsTo('acquire').length;
      await vi.advanceTimersByTimeAsync(t === 0 ? 0 : 1);
      if (redis.callsTo('acquire').length > before) attemptTimes.push(t);
    }
    expect(attemptTimes).toEqual([0, 100, 300, 700, 1500, 2500, 3500]);
  });

  it('polls at retryInterval while the lock keeps changing hands, and backs off again when one lease runs on', async () => {
    // Each poll finds a fresh 10 s lease (the lock was released and taken again meanwhile),
    // then one lease, taken at 450 ms, that runs on.
    const fresh = Array(5).fill(busy(10_000));
    const same = Array(4).fill(() => [0, Math.round(10_450 - performance.now())]);
    const redis = new ScriptedCommander().reply('acquire', ...fresh, ...same);
    const acquiring = createLockClient(redis).acquire('job', { acquireTimeout: 60_000 });
    const attemptTimes: number[] = redis.callsTo('acquire').length === 1 ? [0] : [];
    for (let t = 0; t <= 3000; t++) {
      const before = redis.callsTo('acquire').length;
      await vi.advanceTimersByTimeAsync(t === 0 ? 0 : 1);
      if (redis.callsTo('acquire').length > before) attemptTimes.push(t);
    }
    await acquiring;
    // Fresh leases: 100 ms apart, never backing off (the poll at 500 finds the lease taken at
    // 450: fresh too). Each poll that finds the same lease doubles the pause: 200, 400, 800.
    expect(attemptTimes).toEqual([0, 100, 200, 300, 400, 500, 600, 800, 1200, 2000]);
  });

  it('a waiter that backed off comes back down by halves once the lock changes hands', async () => {
    const redis = new ScriptedCommander().reply(
      'acquire',
      ...Array(5).fill(busy(-1)), // no expiry: one holder, backing off to 1000
      ...Array(3).fill(busy(10_000)), // then fresh leases
    );
    const acquiring = createLockClient(redis).acquire('job', { acquireTimeout: 60_000 });
    const attemptTimes: number[] = redis.callsTo('acquire').length === 1 ? [0] : [];
    for (let t = 0; t <= 4000; t++) {
      const before = redis.callsTo('acquire').length;
      await vi.advanceTimersByTimeAsync(t === 0 ? 0 : 1);
      if (redis.callsTo('acquire').length > before) attemptTimes.push(t);
    }
    await acquiring;
    // 100, 200, 400, 800, 1000; each fresh lease halves the next pause: 500, 250, 125.
    expect(attemptTimes).toEqual([0, 100, 300, 700, 1500, 2500, 3000, 3250, 3375]);
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

  it('subscribes to its own handoff channel, queues, then takes the lock it is handed', async () => {
    const redis = new SubscribingCommander().reply('acquire', busy(-1), busy(-1));
    const acquiring = createLockClient(redis).acquire('job', { retryInterval: 60_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(redis.calls.map((c) => c.script)).toEqual(['acquire', 'subscribe', 'acquire']);
    const channel = redis.calls[1]?.args[0];
    expect(channel).toMatch(/^mutex:\{job\}:released:[0-9a-f]{32}$/);
    // where and how the release will tell it, until when (its 10 s limit, less a round trip
    // and 2 ms for Redis's millisecond clock)
    expect(redis.calls[2]?.args.slice(4, 8)).toEqual(['1', '9998', 'p', channel]);
    // nothing of it in Redis yet (the first try neither queued nor took); found busy
    expect(redis.calls[2]?.args.slice(9)).toEqual(['0', '1']);
    redis.handOver(redis.calls[0]?.args[0] as string);
    await vi.advanceTimersByTimeAsync(0);
    await acquiring;
    expect(redis.callsTo('acquire')).toHaveLength(2);
    // Kept a moment for the next wait, then ended.
    expect(redis.subscriptions).toBe(1);
    await vi.advanceTimersByTimeAsync(SUBSCRIPTION_LINGER_MS);
    expect(redis.subscriptions).toBe(0);
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
    // Once at the give-up (the attempt may have run already), once after it settles.
    expect(redis.callsTo('release')).toHaveLength(1);
    late.resolve([1, 0, 10_000]);
    await vi.advanceTimersByTimeAsync(0);
    expect(redis.callsTo('release')).toHaveLength(2);
    const token = redis.callsTo('acquire')[0]?.args[0];
    expect(redis.callsTo('release').map((call) => call.args[0])).toEqual([token, token]);
  });

  it('an attempt past its reply timeout is cleaned up again once it settles', async () => {
    // The clean-up sent at the reply timeout can reach Redis before the attempt does (an EVAL
    // sent only after NOSCRIPT, a slow request): only one sent after it settles is sure to
    // come later.
    const late = deferred();
    const redis = new ScriptedCommander().reply('acquire', late.reply);
    const acquiring = createLockClient(redis).acquire('job', { replyTimeout: 100 });
    const outcome = expect(acquiring).rejects.toMatchObject({
      name: 'LockRedisError',
      cause: { name: 'ReplyTimeoutError', code: 'MUTEX_REPLY_TIMEOUT' },
    });
    await vi.advanceTimersByTimeAsync(100);
    await outcome;
    expect(redis.callsTo('release')).toHaveLength(1);
    late.reject(new Error('Connection is closed.'));
    await vi.advanceTimersByTimeAsync(0);
    expect(redis.callsTo('release')).toHaveLength(2);
  });

  it('sends no attempt that could reach Redis only after its limit', async () => {
    const redis = new ScriptedCommander().reply('acquire', ...Array(10).fill(busy(-1)));
    const acquiring = createLockClient(redis).acquire('job', {
      acquireTimeout: 101,
      retryInterval: 100,
      retryJitter: 0,
    });
    const outcome = expect(acquiring).rejects.toBeInstanceOf(LockTimeoutError);
    // The retry falls due 1 ms before the limit: too late to be sure it lands in time.
    await vi.advanceTimersByTimeAsync(101);
    await outcome;
    expect(redis.callsTo('acquire')).toHaveLength(1);
  });

  it('a hung Redis fails the acquire after replyTimeout even when waiting for ever', async () => {
    const redis = new ScriptedCommander().reply('acquire', never);
    const acquiring = createLockClient(redis).acquire('job', {
      acquireTimeout: Number.POSITIVE_INFINITY,
      replyTimeout: 1000,
    });
    const outcome = expect(acquiring).rejects.toMatchObject({
      name: 'LockRedisError',
      cause: { name: 'ReplyTimeoutError', code: 'MUTEX_REPLY_TIMEOUT' },
    });
    await vi.advanceTimersByTimeAsync(1000);
    await outcome;
  });

  it('a reply timeout names what the commander says is wrong with its connection', async () => {
    const redis = Object.assign(new ScriptedCommander().reply('acquire', never), {
      connectionProblem: () => 'the client is reconnecting',
    });
    const acquiring = createLockClient(redis).acquire('job', { replyTimeout: 500 });
    const outcome = expect(acquiring).rejects.toMatchObject({
      message: expect.stringMatching(/within 500 ms \(replyTimeout\); the client is reconnecting/),
      cause: { code: 'MUTEX_REPLY_TIMEOUT' },
    });
    await vi.advanceTimersByTimeAsync(500);
    await outcome;
  });

  it("a reply timeout's cause is the transport's error for the connection, when it has one", async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6379'), {
      code: 'ECONNREFUSED',
    });
    const redis = Object.assign(new ScriptedCommander().reply('acquire', never), {
      connectionProblem: () => ({ message: 'the client is reconnecting', cause: refused }),
    });
    const acquiring = createLockClient(redis).acquire('job', { replyTimeout: 500 });
    const outcome = expect(acquiring).rejects.toMatchObject({
      message: expect.stringMatching(/within 500 ms \(replyTimeout\); the client is reconnecting$/),
      cause: { code: 'MUTEX_REPLY_TIMEOUT', cause: refused },
    });
    await vi.advanceTimersByTimeAsync(500);
    await outcome;
  });

  it('a transport error that does not say why is completed by the connection problem', async () => {
    // node-redis rejects queued commands with a bare TimeoutError (no message) while it
    // cannot connect.
    class TimeoutError extends Error {}
    const redis = Object.assign(
      new ScriptedCommander().reply('acquire', () => Promise.reject(new TimeoutError())),
      { connectionProblem: () => 'the client is not ready (reconnecting to 10.0.0.1:6379)' },
    );
    await expect(createLockClient(redis).acquire('job')).rejects.toMatchObject({
      name: 'LockRedisError',
      message:
        'Lock "job": Redis failed during acquire: TimeoutError; the client is not ready (reconnecting to 10.0.0.1:6379)',
      cause: expect.any(TimeoutError),
    });
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

describe('the waiter queue', () => {
  /** A waiter that subscribed and queued: try, subscribe, try again (queued). */
  async function queuedWaiter(options = {}) {
    const redis = new SubscribingCommander().reply('acquire', busy(-1), busy(-1));
    const acquiring = createLockClient(redis).acquire('job', {
      maxRetryInterval: 1000,
      retryJitter: 0,
      ...options,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(redis.calls.map((c) => c.script)).toEqual(['acquire', 'subscribe', 'acquire']);
    const token = redis.calls[0]?.args[0] as string;
    return { redis, acquiring, token };
  }

  it('queues only once it hears releases, the queue outliving three polls', async () => {
    const { redis, acquiring, token } = await queuedWaiter({ retryJitter: 0 });
    expect(redis.callsTo('acquire')[0]?.args[4]).toBe('0');
    expect(redis.callsTo('acquire')[1]?.args[4]).toBe('1');
    expect(redis.callsTo('acquire')[1]?.args[8]).toBe(String(3 * 1000));
    redis.handOver(token);
    await acquiring;
  });

  it('a release that hands it the lock ends the wait without another command', async () => {
    const { redis, acquiring, token } = await queuedWaiter({ fencing: true });
    redis.handOver(token, 42);
    const lock = await acquiring;
    expect(lock.fence).toBe(42);
    expect(redis.callsTo('acquire')).toHaveLength(2);
    expect(lock.signal.aborted).toBe(false);
  });

  it('a handoff to another waiter does not wake this one', async () => {
    const { redis, acquiring, token } = await queuedWaiter();
    redis.handOver('0'.repeat(32));
    await vi.advanceTimersByTimeAsync(500);
    expect(redis.callsTo('acquire')).toHaveLength(2);
    redis.handOver(token);
    await acquiring;
  });

  it('a handoff during an attempt is taken once that attempt answers', async () => {
    const slow = deferred();
    const redis = new SubscribingCommander().reply('acquire', busy(-1), slow.reply);
    const acquiring = createLockClient(redis).acquire('job', { retryInterval: 60_000 });
    await vi.advanceTimersByTimeAsync(0);
    const token = redis.calls[0]?.args[0] as string;
    redis.handOver(token);
    slow.resolve([0, -1]); // the attempt ran before the handoff
    const lock = await acquiring;
    expect(lock.signal.aborted).toBe(false);
    expect(redis.callsTo('acquire')).toHaveLength(2);
  });

  it('a lost handoff message is found by the next poll, with the lease left', async () => {
    const { redis, acquiring } = await queuedWaiter({ maxRetryInterval: 2000, retryJitter: 0 });
    redis.reply('acquire', () => [1, 0, 4000]); // handed over 6 s ago; 4 s of lease left
    await vi.advanceTimersByTimeAsync(2000);
    const lock = await acquiring;
    const aborted = vi.fn();
    lock.signal.addEventListener('abort', aborted);
    redis.reply('extend', () => new Promise(() => {}));
    // Lease end from the poll's send time + 4 s, less the margin before Redis's end (2 ms +
    // 1% of the 10 s lease).
    await vi.advanceTimersByTimeAsync(3897);
    expect(aborted).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(aborted).toHaveBeenCalled();
  });

  it('a handoff heard after the lease could have run out is checked with Redis first', async () => {
    const { redis, acquiring, token } = await queuedWaiter({ ttl: 500, maxRetryInterval: 5000 });
    await vi.advanceTimersByTimeAsync(600); // the queued attempt was sent 600 ms ago
    redis.reply('acquire', busy(200)); // meanwhile the lock expired and went to someone else
    redis.handOver(token); // a message that took too long to arrive
    await vi.advanceTimersByTimeAsync(0);
    expect(redis.callsTo('acquire')).toHaveLength(3); // asked again instead of entering
    redis.handOver(token);
    const lock = await acquiring; // a fresh handoff: taken
    expect(lock.signal.aborted).toBe(false);
  });

  it('a success whose reply comes later than the lease is not handed out', async () => {
    const slow = deferred();
    const redis = new ScriptedCommander().reply('acquire', slow.reply);
    const acquiring = createLockClient(redis).acquire('job', { ttl: 100 });
    await vi.advanceTimersByTimeAsync(150);
    slow.resolve([1, 0, 100]);
    const lock = await acquiring; // the second attempt's answer, in time
    expect(redis.callsTo('acquire')).toHaveLength(2);
    expect(lock.signal.aborted).toBe(false);
  });

  it('a lock Redis holds for it with too little lease left is given back, not asked for again and again', async () => {
    // Held for this waiter with 50 ms left of 10 s: inside the margin kept before Redis's end
    // (2 ms + 1%), so it may not be used; asking again would get the same answer until then.
    const redis = new ScriptedCommander().reply(
      'acquire',
      () => [1, 0, 50],
      () => [1, 0, 40],
    );
    const acquiring = createLockClient(redis).acquire('job', { retryInterval: 1000 });
    await vi.advanceTimersByTimeAsync(0);
    const token = redis.calls[0]?.args[0];
    expect(redis.calls.map((c) => [c.script, c.args[0]])).toEqual([
      ['acquire', token],
      ['release', token],
      ['acquire', token],
      ['release', token],
      ['acquire', token],
    ]);
    expect(redis.callsTo('release')[0]?.args[1]).toBe('1'); // and leaves any place in the queue
    const lock = await acquiring; // the third answer (a fresh lease) is used
    expect(lock.signal.aborted).toBe(false);
  });

  it('giving up while queued leaves the queue (and any lock handed over meanwhile)', async () => {
    const { redis, acquiring, token } = await queuedWaiter({ acquireTimeout: 500 });
    const outcome = expect(acquiring).rejects.toBeInstanceOf(LockTimeoutError);
    await vi.advanceTimersByTimeAsync(500);
    await outcome;
    expect(redis.callsTo('release').map((c) => c.args[0])).toEqual([token]);
  });

  it('a later wait reuses the lingering subscription and queues in its first attempt', async () => {
    const { redis, acquiring, token } = await queuedWaiter();
    redis.handOver(token);
    await (await acquiring).release();
    redis.reply('acquire', busy(-1));
    const again = createLockClient(redis).acquire('job', { retryInterval: 60_000 });
    await vi.advanceTimersByTimeAsync(0);
    const calls = redis.calls.map((c) => c.script);
    expect(calls.slice(4)).toEqual(['acquire']); // no SUBSCRIBE, no second try
    expect(redis.callsTo('acquire')[2]?.args[4]).toBe('1');
    expect(redis.callsTo('acquire')[2]?.args[10]).toBe('1'); // busy: read its PTTL first
    redis.handOver(redis.callsTo('acquire')[2]?.args[0] as string);
    await (await again).release();
  });

  it('fair mode: every call queues, without subscription too, and skips the local turn', async () => {
    const redis = new ScriptedCommander().reply('acquire', busy(-1), busy(-1));
    const locks = createLockClient(redis, { fair: true, retryInterval: 1000, retryJitter: 0 });
    const first = locks.acquire('job');
    const second = locks.acquire('job');
    await vi.advanceTimersByTimeAsync(0);
    const attempts = redis.callsTo('acquire');
    expect(attempts).toHaveLength(2);
    // fair, queued, polling (no channel), so in line only until shortly after its next poll
    for (const call of attempts) expect(call.args.slice(3, 8)).toEqual(['1', '1', '3000', '0', '']);
    await vi.advanceTimersByTimeAsync(1000);
    await (await first).release();
    await (await second).release();
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

describe('Waiter', () => {
  const waiterFor = (redis: ScriptedCommander) =>
    new Waiter(
      lockContextFor(redis),
      lockTarget('mutex:', 'job'),
      resolveAcquireOptions({ retryInterval: 60_000 }, DEFAULTS),
      MUTEX,
    );

  it('names its state on the way to the lock', async () => {
    const redis = new SubscribingCommander().reply('acquire', busy(-1), busy(-1));
    const waiter = waiterFor(redis);
    expect(waiter.state).toBe('new');
    const acquiring = waiter.acquire();
    expect(waiter.state).toBe('asking');
    await vi.advanceTimersByTimeAsync(0);
    expect(waiter.state).toBe('waiting'); // subscribed, queued, paused
    redis.handOver(redis.callsTo('acquire')[0]?.args[0] as string);
    await (await acquiring).release();
    expect(waiter.state).toBe('holding');
  });

  it('a try that finds the lock busy ends as given up, holding nothing', async () => {
    const redis = new ScriptedCommander().reply('acquire', busy(5000));
    const waiter = waiterFor(redis);
    expect(await waiter.tryAcquire()).toBeNull();
    expect(waiter.state).toBe('gave-up');
    expect(redis.callsTo('release')).toHaveLength(0); // it neither queued nor took anything
  });
});

describe('changedHands', () => {
  it('tells a new lease from the same one running on, from two PTTLs and the time between', () => {
    // The same lease, 300 ms later at least: at most 700 left (a millisecond of rounding).
    expect(changedHands(1000, 700, 300)).toBe(false);
    expect(changedHands(1000, 701, 300)).toBe(false);
    expect(changedHands(1000, 650, 300)).toBe(false); // more time passed in Redis than seen here
    // More left than the same lease could have: released and taken again (or renewed).
    expect(changedHands(1000, 702, 300)).toBe(true);
    expect(changedHands(1000, 10_000, 300)).toBe(true);
    // Without expiry (-1) the lease cannot be told apart from another without expiry.
    expect(changedHands(-1, -1, 300)).toBe(false);
    expect(changedHands(-1, 5000, 300)).toBe(true);
    expect(changedHands(5000, -1, 300)).toBe(true);
    // Found free (-2) in between: it changed hands.
    expect(changedHands(-2, 5000, 300)).toBe(true);
    expect(changedHands(5000, -2, 300)).toBe(true);
  });
});
