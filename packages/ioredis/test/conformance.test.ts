import { describeConformance } from '@mutex/testkit';
import { Cluster, Redis } from 'ioredis';
import { inject } from 'vitest';
import { ioredisCommander } from '../src/index.js';

const url = inject('redisUrl');
const nodes = inject('redisClusterNodes');

describeConformance({
  name: 'ioredis on standalone Redis',
  redis: { kind: 'standalone', url },
  async connect() {
    const client = new Redis(url);
    const commander = ioredisCommander(client);
    return {
      commander,
      close: async () => {
        await commander.close();
        client.disconnect();
      },
    };
  },
});

describeConformance({
  name: 'ioredis on Redis Cluster',
  redis: { kind: 'cluster', nodes },
  async connect() {
    const client = new Cluster([...nodes]);
    const commander = ioredisCommander(client);
    return {
      commander,
      close: async () => {
        await commander.close();
        client.disconnect();
      },
    };
  },
});
