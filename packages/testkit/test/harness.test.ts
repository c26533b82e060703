import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { keySlot, NO_REDIS_HELP, startRedis, startRedisCluster } from '../src/index.js';

describe('startRedis', () => {
  it('a REDIS_URL that cannot be used is an error, not a reason to start another Redis', async () => {
    await expect(startRedis({ env: { REDIS_URL: 'redis://example.test:6390' } })).rejects.toThrow(
      /^REDIS_URL=redis:\/\/example\.test:6390 cannot be used: /,
    );
  });

  it('otherwise starts a Redis that answers, and stops it', async () => {
    const server = await startRedis();
    expect(['docker', 'binary']).toContain(server.source);
    const client = new Redis(server.url, { retryStrategy: () => null });
    client.on('error', () => {});
    expect(await client.ping()).toBe('PONG');
    await server.stop();
    await expect(client.ping()).rejects.toThrow();
    client.disconnect();
  });

  it('fails loudly, saying what to install, when no Redis can be found', async () => {
    const error = await startRedis({ env: { PATH: '/nonexistent' }, docker: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(NO_REDIS_HELP);
    expect(NO_REDIS_HELP).toMatch(/REDIS_URL.*Docker.*redis-server/s);
  });
});

describe('startRedisCluster', () => {
  it('forms a cluster whose slots agree with keySlot, hash tags included', async () => {
    const cluster = await startRedisCluster();
    expect(cluster.nodes).toHaveLength(3);
    const client = new Cluster([...cluster.nodes]);
    try {
      for (const key of [
        'plain',
        'mutex:{job}',
        'mutex:{job}:fence',
        '{a}b',
        'ünï{}cødé',
        'x{}{y}',
      ]) {
        expect(await client.cluster('KEYSLOT', key)).toBe(keySlot(key));
      }
      await client.set('mutex:{job}', '1');
      expect(await client.get('mutex:{job}')).toBe('1');
    } finally {
      client.disconnect();
      await cluster.stop();
    }
  });
});
