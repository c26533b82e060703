import type { CommanderFixture } from '@mutex/testkit';
import { describeConformance } from '@mutex/testkit';
import { createClient, createCluster } from 'redis';
import { inject } from 'vitest';
import { type NodeRedisClient, nodeRedisCommander } from '../src/index.js';

const url = inject('redisUrl');
const nodes = inject('redisClusterNodes');

async function fixture(
  client: NodeRedisClient & { close(): Promise<unknown> },
): Promise<CommanderFixture> {
  const commander = nodeRedisCommander(client);
  return {
    commander,
    close: async () => {
      await commander.close();
      await client.close();
    },
  };
}

for (const RESP of [2, 3] as const) {
  describeConformance({
    name: `node-redis (RESP${RESP}) on standalone Redis`,
    redis: { kind: 'standalone', url },
    connect: async () => fixture(await createClient({ url, RESP }).connect()),
  });
}

describeConformance({
  name: 'node-redis on Redis Cluster',
  redis: { kind: 'cluster', nodes },
  connect: async () =>
    fixture(
      await createCluster({
        rootNodes: nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
      }).connect(),
    ),
});
