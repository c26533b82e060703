import { describe, expect, it } from 'vitest';
import { checkRedisUrl, withoutPassword } from '../src/check-redis-url.js';
import { freePort, startLocalRedis } from '../src/index.js';
import { startRedis } from '../src/redis-server.js';

describe('REDIS_URL is checked before use', () => {
  it('a Redis that answers is used as it is', async () => {
    const redis = await startLocalRedis();
    try {
      await expect(checkRedisUrl(redis.url)).resolves.toBeUndefined();
      const server = await startRedis({ env: { REDIS_URL: redis.url } });
      expect(server).toMatchObject({ url: redis.url, source: 'env' });
    } finally {
      await redis.stop();
    }
  });

  it('nothing listening: one error naming REDIS_URL, the cause and the fix, at once', async () => {
    const port = await freePort(); // nothing listens there now
    const started = performance.now();
    const error = await startRedis({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } }).catch(
      (e: unknown) => e as Error,
    );
    expect((error as Error).message).toBe(
      `REDIS_URL=redis://127.0.0.1:${port} cannot be used: connect ECONNREFUSED 127.0.0.1:${port}: nothing accepts connections at that address: is Redis running there, and are the host and port right? (or unset REDIS_URL to start a throwaway Redis)`,
    );
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    // No retrying for minutes, as a client left to its defaults would.
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('a wrong password is named as such, and never shown', async () => {
    const redis = await startLocalRedis(['--requirepass', 'right-password-123']);
    try {
      const url = redis.url.replace('redis://', 'redis://:wrong-password-456@');
      const error = (await checkRedisUrl(url).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(
        /^REDIS_URL=redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ cannot be used: /,
      );
      expect(error.message).toMatch(/WRONGPASS.*check the user and password in REDIS_URL/);
      expect(error.message).not.toContain('wrong-password-456');
    } finally {
      await redis.stop();
    }
  });

  it('masks only the password of a URL', () => {
    expect(withoutPassword('redis://user:pw@host:1/2')).toBe('redis://user:***@host:1/2');
    expect(withoutPassword('redis://host:6379')).toBe('redis://host:6379');
    expect(withoutPassword('not a url')).toBe('(not a URL)');
  });
});
