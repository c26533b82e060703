import type { CommanderFixture } from '@mutex/testkit';
import { describeConformance } from '@mutex/testkit';
import { Cluster, Redis } from 'ioredis';
import { Cluster as ValkeyCluster, Redis as ValkeyRedis } from 'iovalkey';
import { inject } from 'vitest';
import { ioredisCommander } from '../src/index.js';

const url = inject('redisUrl');
const nodes = inject('redisClusterNodes');

function fixture(client: Redis | Cluster | ValkeyRedis | ValkeyCluster): CommanderFixture {
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
  name: 'ioredis on standalone Redis',
  redis: { kind: 'standalone', url },
  connect: async () => fixture(new Redis(url)),
});

describeConformance({
  name: 'ioredis on Redis Cluster',
  redis: { kind: 'cluster', nodes },
  connect: async () => fixture(new Cluster([...nodes])),
});

// iovalkey, the ioredis fork for Valkey, through the same adapter unchanged.
describeConformance({
  name: 'iovalkey on standalone Redis',
  redis: { kind: 'standalone', url },
  connect: async () => fixture(new ValkeyRedis(url)),
});

describeConformance({
  name: 'iovalkey on Redis Cluster',
  redis: { kind: 'cluster', nodes },
  connect: async () => fixture(new ValkeyCluster([...nodes])),
});
