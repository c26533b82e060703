import type { CommanderFixture } from '@mutex/testkit';
import { describeConformance } from '@mutex/testkit';
import { GlideClient, GlideClusterClient } from '@valkey/valkey-glide';
import { inject } from 'vitest';
import { glideCommander } from '../src/index.js';

const url = new URL(inject('redisUrl'));
const nodes = inject('redisClusterNodes');

function fixture(client: GlideClient | GlideClusterClient): CommanderFixture {
  const commander = glideCommander(client);
  return {
    commander,
    close: async () => {
      await commander.close();
      client.close();
    },
  };
}

describeConformance({
  name: 'valkey-glide on standalone Redis',
  redis: { kind: 'standalone', url: url.href },
  connect: async () =>
    fixture(
      await GlideClient.createClient({
        addresses: [{ host: url.hostname, port: Number(url.port) }],
      }),
    ),
});

describeConformance({
  name: 'valkey-glide on Redis Cluster',
  redis: { kind: 'cluster', nodes },
  connect: async () =>
    fixture(
      await GlideClusterClient.createClient({
        addresses: nodes.map(({ host, port }) => ({ host, port })),
      }),
    ),
});
