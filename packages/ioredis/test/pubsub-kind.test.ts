import { Cluster } from 'iovalkey';
import { describe, expect, inject, it } from 'vitest';
import { ioredisCommander } from '../src/index.js';

// iovalkey runs the conformance suite in conformance.test.ts; this is what differs from ioredis.

const nodes = inject('redisClusterNodes');

describe('pub/sub kind on a Cluster', () => {
  it.each([
    [
      'ioredis 6 (sharded subscribers)',
      async () => new (await import('ioredis')).Cluster([...nodes]),
      true,
    ],
    [
      'iovalkey 0.4 (no sharded subscribers: SUBSCRIBE)',
      async () => new Cluster([...nodes]),
      false,
    ],
  ] as const)('%s', async (_, make, sharded) => {
    const client = await make();
    const commander = ioredisCommander(client);
    try {
      const end = await commander.subscribe('probe{kind}', () => {});
      expect(commander.shardedPubSub).toBe(sharded);
      await end();
    } finally {
      await commander.close();
      client.disconnect();
    }
  });
});
