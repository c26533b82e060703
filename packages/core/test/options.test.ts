import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLockClient, DEFAULTS, lock, MAX_NAME_LENGTH } from '../src/index.js';
import { ScriptedCommander } from './fake-commander.js';

describe('options', () => {
  it('the defaults in force are the ones the README documents', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('### Options'), readme.indexOf('## How it works'));
    for (const [option, value] of Object.entries(DEFAULTS)) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${option}\``));
      const documented = row?.split('|')[2]?.trim().replace(/^`|`$/g, '').replaceAll('_', '');
      expect(documented, option).toBe(typeof value === 'string' ? `'${value}'` : String(value));
    }
  });

  it('client defaults apply, and per-acquire options override them', async () => {
    const redis = new ScriptedCommander();
    const locks = createLockClient(redis, { prefix: 'app:', ttl: 2000 });
    await locks.acquire('a');
    await locks.acquire('b', { ttl: 7000 });
    expect(redis.calls.map((c) => [c.keys[0], c.args[1]])).toEqual([
      ['app:{a}', '2000'],
      ['app:{b}', '7000'],
    ]);
  });

  it.each([
    [{ ttl: 2 ** 31 }, RangeError, /"ttl".*2147483648/],
    [{ ttl: Number.NEGATIVE_INFINITY }, RangeError, /"ttl".*-Infinity/],
    [{ acquireTimeout: Number.NaN }, RangeError, /"acquireTimeout".*NaN/],
    [{ replyTimeout: 0 }, RangeError, /"replyTimeout".*\b0\b/],
    [{ maxRetryInterval: 0.5 }, RangeError, /"maxRetryInterval".*0\.5/],
    [{ autoExtend: 1 }, TypeError, /"autoExtend".*1/],
    [{ fair: 'yes' }, TypeError, /"fair".*"yes"/],
    [{ ttl: null }, TypeError, /"ttl".*null/],
    [{ ttl: 10n }, TypeError, /"ttl".*10n/],
    [[], TypeError, /options.*array/],
  ])('%o is refused before anything is sent', async (options, type, message) => {
    const redis = new ScriptedCommander();
    const error = await createLockClient(redis)
      .acquire('job', options as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(message);
    expect(redis.calls).toEqual([]);
  });

  it('names up to the limit are accepted, longer ones refused', async () => {
    const redis = new ScriptedCommander();
    const locks = createLockClient(redis);
    await expect(locks.tryAcquire('x'.repeat(MAX_NAME_LENGTH))).resolves.not.toBeNull();
    await expect(locks.tryAcquire('x'.repeat(MAX_NAME_LENGTH + 1))).rejects.toBeInstanceOf(
      RangeError,
    );
  });

  it('the seed lock() refuses bad options before anything is sent', async () => {
    const redis = new ScriptedCommander();
    await expect(lock(redis, 'job', { retryTimeMillis: 0 })).rejects.toThrow(
      /"retryTimeMillis".*0/,
    );
    await expect(lock(redis, 'job', { failAfterMillis: -1 })).rejects.toThrow(/"failAfterMillis"/);
    await expect(lock({} as never, 'job')).rejects.toBeInstanceOf(TypeError);
    expect(redis.calls).toEqual([]);
  });
});

describe('seed-compatible lock()', () => {
  it("uses simple-redis-mutex's key, no expiry by default, and the lease when given", async () => {
    const redis = new ScriptedCommander();
    const unlock = await lock(redis, 'job');
    await unlock();
    await lock(redis, 'job', { timeoutMillis: 1500 });
    expect(redis.calls.map((c) => [c.script, c.keys[0], c.args[1]])).toEqual([
      ['acquire', '@simple-redis-mutex:lock-job', '0'],
      ['release', '@simple-redis-mutex:lock-job', '0'],
      ['acquire', '@simple-redis-mutex:lock-job', '1500'],
    ]);
    // The seed's key has no hash tag: the queue key wraps it whole, to share its Cluster slot.
    expect(redis.calls[0]?.keys.slice(1)).toEqual([
      '{@simple-redis-mutex:lock-job}:waiters',
      '{@simple-redis-mutex:lock-job}:fence',
    ]);
  });
});
