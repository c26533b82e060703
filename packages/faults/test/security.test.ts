import {
  type AcquireOptions,
  createLockClient,
  LockRedisError,
  LockTimeoutError,
} from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { recordingCommander, startLocalRedis, startUpstashRestServer } from '@mutex/testkit';
import { ADAPTERS, connect } from '@mutex/tools/adapters';
import { upstashCommander } from '@mutex/upstash';
import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  vi.restoreAllMocks();
});

async function redisWith(args: string[] = []) {
  const redis = await startLocalRedis(args);
  cleanups.push(() => redis.stop());
  return redis;
}

describe('tokens', () => {
  it('are 128 bits from the platform CSPRNG, and never repeat', async () => {
    const redis = await redisWith();
    const client = new Redis(redis.url);
    cleanups.push(async () => client.disconnect());
    const random = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const locks = createLockClient(ioredisCommander(client));
    const tokens = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const lock = await locks.acquire(`token-${i}`);
      tokens.add((await client.get(`mutex:{token-${i}}`)) as string);
      await lock.release();
    }
    expect(tokens.size).toBe(500);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{32}$/);
    // Drawn in batches from the CSPRNG: 16 bytes per token.
    expect(random).toHaveBeenCalled();
    const drawn = random.mock.calls.reduce(
      (sum, [bytes]) => sum + (bytes as Uint8Array).byteLength,
      0,
    );
    expect(drawn).toBeGreaterThanOrEqual(500 * 16);
  });
});

const HOSTILE_NAMES = [
  `it's "quoted"`,
  ']] .. redis.call("FLUSHALL") --[[',
  "'); redis.call('FLUSHALL'); --",
  'line\nbreak\r\nand\ttab',
  '{braces}{}{',
  'x'.repeat(10_240),
  'ünïcødé ✓ 𝄞',
  'KEYS[1] ARGV[1] nil',
];

describe.each(ADAPTERS)('hostile lock names, %s', (adapter) => {
  it('reach Redis only as data: exact keys, nothing else touched', async () => {
    const redis = await redisWith();
    const rest = await startUpstashRestServer({ redisUrl: redis.url });
    cleanups.push(() => rest.stop());
    const inspector = new Redis(redis.url);
    cleanups.push(async () => inspector.disconnect());
    await inspector.set('sentinel', 'still here');
    const { commander, close } = await connect(adapter, {
      redisUrl: redis.url,
      restUrl: rest.url,
      restToken: rest.token,
    });
    cleanups.push(close);
    const locks = createLockClient(commander);
    for (const name of HOSTILE_NAMES) {
      const lock = await locks.acquire(name, { fencing: true });
      expect(await inspector.exists(`mutex:{${name}}`)).toBe(1);
      expect(await lock.release()).toBe(true);
      expect(await inspector.exists(`mutex:{${name}}`)).toBe(0);
    }
    expect(await inspector.get('sentinel')).toBe('still here');
    // The sentinel plus one fencing counter per name: nothing else was created or removed.
    expect(await inspector.dbsize()).toBe(1 + HOSTILE_NAMES.length);
  });
});

/**
 * Just what locking needs, in every mode: the prefix's keys and channels, the scripts, what
 * they call, and plain or sharded subscriptions. The README prints this same list.
 */
const LOCKER_ACL = [
  'ACL',
  'SETUSER',
  'locker',
  'on',
  '>locker-password',
  'resetkeys',
  '~mutex:*',
  'resetchannels',
  '&mutex:*',
  '-@all',
  '+@connection',
  ...['+evalsha', '+eval', '+time', '+set', '+get', '+del', '+pttl', '+pexpire', '+incr'],
  ...['+rpush', '+lpop', '+lrange', '+lrem', '+lset', '+publish', '+spublish'],
  ...['+subscribe', '+unsubscribe', '+ssubscribe', '+sunsubscribe'],
];

const MODES: [string, AcquireOptions][] = [
  ['default mode', {}],
  ['fair mode', { fair: true }],
  ['fencing', { fencing: true }],
];

describe.each(ADAPTERS)('a Redis ACL user limited to the prefix, %s', (adapter) => {
  it.each(MODES)(
    '%s: can lock, wait, be woken and release, and can touch nothing else',
    async (_, options) => {
      const redis = await redisWith();
      const admin = new Redis(redis.url);
      cleanups.push(async () => admin.disconnect());
      await admin.call(...(LOCKER_ACL as [string, ...string[]]));
      const url = redis.url.replace('redis://', 'redis://locker:locker-password@');
      const rest = await startUpstashRestServer({ redisUrl: url });
      cleanups.push(() => rest.stop());
      const endpoints = { redisUrl: url, restUrl: rest.url, restToken: rest.token };
      const [holder, waiter] = [
        await connect(adapter, endpoints),
        await connect(adapter, endpoints),
      ];
      cleanups.push(holder.close, waiter.close);

      const held = await createLockClient(holder.commander, options).acquire('job');
      const waiting = createLockClient(waiter.commander, options).acquire('job', {
        acquireTimeout: 5000,
      });
      const givingUp = createLockClient(waiter.commander, options)
        .acquire('job', { acquireTimeout: 100 })
        .catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await givingUp).toBeInstanceOf(LockTimeoutError);
      expect(await held.release()).toBe(true);
      expect(await (await waiting).release()).toBe(true);
      expect(await admin.dbsize()).toBe(options.fencing ? 1 : 0); // only the fencing counter

      const limited = new Redis(url);
      cleanups.push(async () => limited.disconnect());
      await expect(limited.get('other:key')).rejects.toThrow(/NOPERM/);
    },
  );
});

describe('secrets stay out of errors and logs', () => {
  it('a wrong Redis password appears in no error message and no console output', async () => {
    const redis = await redisWith(['--requirepass', 'right-password-123']);
    const logged: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
      });
    }
    const good = new Redis(redis.url.replace('redis://', 'redis://:right-password-123@'));
    const bad = new Redis(redis.url.replace('redis://', 'redis://:wrong-password-456@'), {
      maxRetriesPerRequest: 1,
    });
    bad.on('error', () => {});
    cleanups.push(
      async () => good.disconnect(),
      async () => bad.disconnect(),
    );
    await (await createLockClient(ioredisCommander(good)).acquire('job')).release();
    const error = await createLockClient(ioredisCommander(bad))
      .acquire('job', { acquireTimeout: 3000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockRedisError);
    const texts = [
      String(error),
      (error as Error).message,
      String((error as Error).cause),
      ...logged,
    ];
    for (const text of texts) {
      expect(text).not.toContain('right-password-123');
      expect(text).not.toContain('wrong-password-456');
    }
  });

  it('a wrong Upstash token: the error says so, and shows neither token nor command', async () => {
    const redis = await redisWith();
    const rest = await startUpstashRestServer({ redisUrl: redis.url });
    cleanups.push(() => rest.stop());
    const { commander, tokens } = recordingCommander(
      upstashCommander(new UpstashRedis({ url: rest.url, token: 'secret-token-789' })),
    );
    const error = await createLockClient(commander)
      .acquire('job')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockRedisError);
    const texts = [String(error), String((error as Error).cause)];
    expect(texts[0]).toMatch(/Unauthorized.*check the REST token/);
    // @upstash/redis puts the whole command in its message: the lock's token, the script.
    expect(tokens.size).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text).not.toContain('secret-token-789');
      for (const token of tokens) expect(text).not.toContain(token);
      expect(text).not.toMatch(/evalsha|command was/i);
    }
  });
});
