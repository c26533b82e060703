import type { CommanderFixture } from '@mutex/testkit';
import { describeConformance } from '@mutex/testkit';
import { Cluster, Redis } from 'iovalkey';
import { describe, expect, inject, it } from 'vitest';
import { ioredisCommander } from '../src/index.js';

// iovalkey, the ioredis fork for Valkey, through @mutex/ioredis unchanged: the same suite.

const url = inject('redisUrl');
const nodes = inject('redisClusterNodes');

function fixture(client: Redis | Cluster): CommanderFixture {
  const commander = ioredisCommander(client);
  return {
    commander,
    close: async () => {
      await commander.close();
      client.disconnect();
    },
  };
}

describeConformance({
  name: 'iovalkey on standalone Redis',
  redis: { kind: 'standalone', url },
  connect: async () => fixture(new Redis(url)),
});

describeConformance({
  name: 'iovalkey on Redis Cluster',
  redis: { kind: 'cluster', nodes },
  connect: async () => fixture(new Cluster([...nodes])),
});

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
