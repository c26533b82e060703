import { createLockClient, type LockClient, lock, type RedisCommander } from '@mutex/core';
import { ioredisCommander, lock as ioredisLock } from '@mutex/ioredis';
import { nodeRedisCommander, lock as nodeRedisLock } from '@mutex/node-redis';
import { type LocalRedis, startLocalRedis } from '@mutex/testkit';
import { upstashCommander, lock as upstashLock } from '@mutex/upstash';
import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// At least thirty invalid calls. Each must throw a TypeError or RangeError whose message names
// the option and shows the value, before anything reaches Redis (checked with MONITOR).

let redis: LocalRedis;
let ioredis: Redis;
let nodeRedis: ReturnType<typeof createClient>;
let locks: LockClient;
let commander: RedisCommander;
let monitor: Redis;
const seen: string[] = [];

beforeAll(async () => {
  redis = await startLocalRedis();
  ioredis = new Redis(redis.url);
  nodeRedis = createClient({ url: redis.url });
  await nodeRedis.connect();
  commander = ioredisCommander(ioredis);
  locks = createLockClient(commander);
  await (await locks.acquire('warm-up')).release(); // connections up, scripts loaded
  monitor = await new Redis(redis.url).monitor();
  monitor.on('monitor', (_time: string, args: string[]) => seen.push(args.join(' ')));
});
afterAll(async () => {
  monitor.disconnect();
  ioredis.disconnect();
  await nodeRedis.close();
  await redis.stop();
});

const upstash = () => new UpstashRedis({ url: 'http://127.0.0.1:1', token: 'unused' });
type Call = () => unknown;
const T = TypeError;
const R = RangeError;

const BAD: [string, Call, typeof TypeError | typeof RangeError, RegExp][] = [
  // names
  ['empty name', () => locks.acquire(''), R, /name.*0 characters/],
  ['numeric name', () => locks.acquire(7 as never), T, /name.*7/],
  ['object name', () => locks.acquire({} as never), T, /name.*object/],
  ['undefined name', () => locks.acquire(undefined as never), T, /name.*undefined/],
  ['name over 16384 characters', () => locks.acquire('x'.repeat(16_385)), R, /name.*16385/],
  ['name starting with "}"', () => locks.acquire('}job'), R, /name.*"}job"/],
  // 'x\uD800' would reach Redis as 'x\uFFFD' and share that name's key
  ['inspect with an empty name', () => locks.inspect(''), R, /name.*0 characters/],
  [
    'resume with a token that is no token',
    () => locks.resume('n', 'nope'),
    T,
    /token.*4 characters/,
  ],
  ['resume without a token', () => locks.resume('n', undefined as never), T, /token.*undefined/],
  ['maxHold: 0', () => locks.acquire('n', { maxHold: 0 }), R, /"maxHold".*\b0\b/],
  ['maxHold: "1h"', () => locks.acquire('n', { maxHold: '1h' as never }), T, /"maxHold".*"1h"/],
  [
    'renewInterval as long as ttl',
    () => locks.acquire('n', { ttl: 3000, renewInterval: 3000 }),
    R,
    /"renewInterval".*shorter than "ttl".*3000/,
  ],
  ['renewInterval: -5', () => locks.acquire('n', { renewInterval: -5 }), R, /"renewInterval".*-5/],
  ['name with a lone surrogate', () => locks.acquire('x\uD800'), R, /name.*surrogate.*"x\\ud800"/],
  // ttl
  ['ttl: 0', () => locks.acquire('n', { ttl: 0 }), R, /"ttl".*\b0\b/],
  ['ttl: -1', () => locks.acquire('n', { ttl: -1 }), R, /"ttl".*-1/],
  ['ttl: NaN', () => locks.acquire('n', { ttl: Number.NaN }), R, /"ttl".*NaN/],
  [
    'ttl: -Infinity',
    () => locks.acquire('n', { ttl: Number.NEGATIVE_INFINITY }),
    R,
    /"ttl".*-Infinity/,
  ],
  ['ttl: 1.5', () => locks.acquire('n', { ttl: 1.5 }), R, /"ttl".*1\.5/],
  ['ttl: 2^31, beyond a timer', () => locks.acquire('n', { ttl: 2 ** 31 }), R, /"ttl".*2147483648/],
  ['ttl: "1000"', () => locks.acquire('n', { ttl: '1000' as never }), T, /"ttl".*"1000"/],
  ['ttl: null', () => locks.acquire('n', { ttl: null as never }), T, /"ttl".*null/],
  // timeouts and intervals
  [
    'acquireTimeout: -1',
    () => locks.acquire('n', { acquireTimeout: -1 }),
    R,
    /"acquireTimeout".*-1/,
  ],
  [
    'acquireTimeout: NaN',
    () => locks.acquire('n', { acquireTimeout: Number.NaN }),
    R,
    /"acquireTimeout".*NaN/,
  ],
  [
    'acquireTimeout: 0.5',
    () => locks.acquire('n', { acquireTimeout: 0.5 }),
    R,
    /"acquireTimeout".*0\.5/,
  ],
  ['retryInterval: 0', () => locks.acquire('n', { retryInterval: 0 }), R, /"retryInterval".*\b0\b/],
  [
    'retryInterval: Infinity',
    () => locks.acquire('n', { retryInterval: Number.POSITIVE_INFINITY }),
    R,
    /"retryInterval".*Infinity/,
  ],
  [
    'maxRetryInterval: NaN',
    () => locks.acquire('n', { maxRetryInterval: Number.NaN }),
    R,
    /"maxRetryInterval".*NaN/,
  ],
  ['retryJitter: -1', () => locks.acquire('n', { retryJitter: -1 }), R, /"retryJitter".*-1/],
  ['replyTimeout: 0', () => locks.acquire('n', { replyTimeout: 0 }), R, /"replyTimeout".*\b0\b/],
  [
    'replyTimeout: Infinity',
    () => locks.acquire('n', { replyTimeout: Number.POSITIVE_INFINITY }),
    R,
    /"replyTimeout".*Infinity/,
  ],
  // other options
  ['signal: {}', () => locks.acquire('n', { signal: {} as never }), T, /"signal".*object/],
  [
    'signal: an AbortController',
    () => locks.acquire('n', { signal: new AbortController() as never }),
    T,
    /"signal".*AbortController/,
  ],
  ['fencing: "yes"', () => locks.acquire('n', { fencing: 'yes' as never }), T, /"fencing".*"yes"/],
  ['autoExtend: 1', () => locks.acquire('n', { autoExtend: 1 as never }), T, /"autoExtend".*1/],
  [
    'unknown option "timeout"',
    () => locks.acquire('n', { timeout: 5000 } as never),
    T,
    /"timeout"/,
  ],
  ['options as a string', () => locks.acquire('n', 'fast' as never), T, /options.*"fast"/],
  ['tryAcquire with ttl: -5', () => locks.tryAcquire('n', { ttl: -5 }), R, /"ttl".*-5/],
  [
    'withLock without a function',
    () => locks.withLock('n', 'work' as never),
    T,
    /function.*"work"/,
  ],
  // clients and commanders
  ['createLockClient({})', () => createLockClient({} as never), T, /RedisCommander.*object/],
  ['createLockClient(null)', () => createLockClient(null as never), T, /RedisCommander.*null/],
  [
    'createLockClient(a raw ioredis client)',
    () => createLockClient(ioredis as never),
    T,
    /raw ioredis client.*ioredisCommander\(client\) from @mutex\/ioredis/,
  ],
  [
    'createLockClient(a raw node-redis client)',
    () => createLockClient(nodeRedis as never),
    T,
    /raw node-redis client.*nodeRedisCommander\(client\) from @mutex\/node-redis/,
  ],
  [
    'createLockClient(a raw Upstash client)',
    () => createLockClient(upstash() as never),
    T,
    /raw Upstash client.*upstashCommander\(client\) from @mutex\/upstash/,
  ],
  [
    'lock(a raw ioredis client, ...) from core',
    () => lock(ioredis as never, 'n'),
    T,
    /ioredisCommander/,
  ],
  [
    'createLockClient with a prefix holding braces',
    () => createLockClient(commander, { prefix: '{app}' }),
    R,
    /"prefix".*"\{app\}"/,
  ],
  [
    'createLockClient with an onEvent that is not a function',
    () => createLockClient(commander, { onEvent: 'log' as never }),
    T,
    /"onEvent".*"log"/,
  ],
  [
    'createLockClient defaults: ttl -1',
    () => createLockClient(commander, { ttl: -1 }),
    R,
    /"ttl".*-1/,
  ],
  [
    'ioredisCommander(a node-redis client)',
    () => ioredisCommander(nodeRedis as never),
    T,
    /ioredis/,
  ],
  [
    'nodeRedisCommander(an ioredis client)',
    () => nodeRedisCommander(ioredis as never),
    T,
    /node-redis/,
  ],
  [
    'upstashCommander(an ioredis client)',
    () => upstashCommander(ioredis as never),
    T,
    /@upstash\/redis/,
  ],
  [
    'upstashCommander(a node-redis client)',
    () => upstashCommander(nodeRedis as never),
    T,
    /@upstash\/redis/,
  ],
  [
    'ioredis lock() with an Upstash client',
    () => ioredisLock(upstash() as never, 'n'),
    T,
    /ioredis/,
  ],
  [
    'node-redis lock() with an ioredis client',
    () => nodeRedisLock(ioredis as never, 'n'),
    T,
    /node-redis/,
  ],
  [
    'upstash lock() with a node-redis client',
    () => upstashLock(nodeRedis as never, 'n'),
    T,
    /@upstash\/redis/,
  ],
  // the simple-redis-mutex API
  [
    'lock() with timeoutMillis: -5',
    () => lock(commander, 'n', { timeoutMillis: -5 }),
    R,
    /"timeoutMillis".*-5/,
  ],
  [
    'lock() with retryTimeMillis: 0',
    () => lock(commander, 'n', { retryTimeMillis: 0 }),
    R,
    /"retryTimeMillis".*\b0\b/,
  ],
  ['lock() with the fifo option', () => lock(commander, 'n', { fifo: true } as never), T, /"fifo"/],
];

describe(`bad input: ${BAD.length} invalid calls`, () => {
  it.each(BAD)('%s', async (_, call, type, pattern) => {
    await new Promise((resolve) => setTimeout(resolve, 20)); // MONITOR reports earlier traffic
    seen.length = 0;
    let error: unknown;
    try {
      await call();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(pattern);
    await new Promise((resolve) => setTimeout(resolve, 20)); // let MONITOR report anything sent
    expect(seen).toEqual([]);
  });

  it('MONITOR does see a valid call, so the checks above could fail', async () => {
    seen.length = 0;
    await (await locks.acquire('valid')).release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The first try is ioredis's plain SET NX PX, the release a script.
    const sent = seen.filter((line) => /^(set|evalsha) /.test(line));
    expect(sent.map((line) => line.split(' ')[0])).toEqual(['set', 'evalsha']);
  });

  it('extend with a bad ttl throws before anything is sent', async () => {
    const held = await locks.acquire('extend-bad');
    await new Promise((resolve) => setTimeout(resolve, 20)); // MONITOR reports the acquire
    seen.length = 0;
    await expect(held.extend(Number.NaN)).rejects.toThrow(/"ttl".*NaN/);
    await expect(held.extend(0)).rejects.toBeInstanceOf(RangeError);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([]);
    await held.release();
  });
});
