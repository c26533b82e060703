import { Redis } from 'ioredis';
import { freeClusterPort } from './ports.js';
import { type RedisProcess, startRedisProcess } from './redis-process.js';

export interface ClusterNode {
  readonly host: string;
  readonly port: number;
}

/** A local Redis Cluster for tests. */
export interface RedisCluster {
  /** Its masters, each owning an equal share of the 16384 slots. */
  readonly nodes: readonly ClusterNode[];
  stop(): Promise<void>;
}

const SLOTS = 16_384;

/**
 * Starts `masters` `redis-server` processes in cluster mode on loopback, splits the slots
 * between them, joins them and waits until every node reports `cluster_state:ok`.
 * `REDIS_CLUSTER_NODES=host:port,host:port` uses an existing cluster instead.
 */
export async function startRedisCluster(
  { masters = 3 }: { masters?: number } = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<RedisCluster> {
  if (env.REDIS_CLUSTER_NODES) {
    const nodes = env.REDIS_CLUSTER_NODES.split(',').map((entry) => {
      const [host = '127.0.0.1', port = '6379'] = entry.trim().split(':');
      return { host, port: Number(port) };
    });
    return { nodes, stop: async () => {} };
  }
  const processes: RedisProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((node) => node.stop()));
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freeClusterPort();
      processes.push(
        await startRedisProcess(port, [
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--cluster-node-timeout',
          '2000',
        ]),
      );
    }
    await formCluster(processes.map((node) => node.port));
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: processes.map(({ port }) => ({ host: '127.0.0.1', port })), stop };
}

async function formCluster(ports: number[]): Promise<void> {
  const clients = ports.map((port) => new Redis({ port, host: '127.0.0.1' }));
  try {
    const share = Math.ceil(SLOTS / ports.length);
    await Promise.all(
      clients.map((client, i) =>
        client.call('CLUSTER', 'ADDSLOTSRANGE', i * share, Math.min(SLOTS, (i + 1) * share) - 1),
      ),
    );
    const [first, ...rest] = clients;
    if (first === undefined) throw new Error('a cluster needs at least one node');
    for (const port of ports.slice(1)) await first.call('CLUSTER', 'MEET', '127.0.0.1', port);
    const deadline = Date.now() + 20_000;
    for (const client of [first, ...rest]) {
      while (!String(await client.call('CLUSTER', 'INFO')).includes('cluster_state:ok')) {
        if (Date.now() > deadline)
          throw new Error('the local Redis Cluster never reached cluster_state:ok');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    for (const client of clients) client.disconnect();
  }
}
