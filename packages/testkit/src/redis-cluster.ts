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
  /** Replicas, when asked for: `replicas[i]` follows `nodes[i]`. */
  readonly replicas: readonly ClusterNode[];
  stop(): Promise<void>;
}

const SLOTS = 16_384;

/**
 * Starts `masters` `redis-server` processes in cluster mode on loopback, splits the slots
 * between them, joins them and waits until every node reports `cluster_state:ok`. With
 * `replicas`, also one synced replica per master (for failover tests).
 * `REDIS_CLUSTER_NODES=host:port,host:port` uses an existing cluster instead.
 */
export async function startRedisCluster(
  { masters = 3, replicas = false }: { masters?: number; replicas?: boolean } = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<RedisCluster> {
  if (env.REDIS_CLUSTER_NODES) {
    const nodes = env.REDIS_CLUSTER_NODES.split(',').map((entry) => {
      const [host = '127.0.0.1', port = '6379'] = entry.trim().split(':');
      return { host, port: Number(port) };
    });
    return { nodes, replicas: [], stop: async () => {} };
  }
  const processes: RedisProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((node) => node.stop()));
  };
  const startNode = async () => {
    const port = await freeClusterPort();
    const cluster = ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`];
    processes.push(await startRedisProcess(port, [...cluster, '--cluster-node-timeout', '2000']));
    return port;
  };
  const masterPorts: number[] = [];
  const replicaPorts: number[] = [];
  try {
    for (let i = 0; i < masters; i++) masterPorts.push(await startNode());
    await formCluster(masterPorts);
    if (replicas) {
      for (let i = 0; i < masters; i++) replicaPorts.push(await startNode());
      await addReplicas(masterPorts, replicaPorts);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const toNode = (port: number) => ({ host: '127.0.0.1', port });
  return { nodes: masterPorts.map(toNode), replicas: replicaPorts.map(toNode), stop };
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

/** Joins one replica per master and waits until each has synced with its master. */
async function addReplicas(masterPorts: number[], replicaPorts: number[]): Promise<void> {
  const clients = [...masterPorts, ...replicaPorts].map(
    (port) => new Redis({ port, host: '127.0.0.1' }),
  );
  try {
    const masters = clients.slice(0, masterPorts.length);
    const replicas = clients.slice(masterPorts.length);
    const ids = await Promise.all(masters.map((m) => m.call('CLUSTER', 'MYID') as Promise<string>));
    for (const port of replicaPorts) await masters[0]?.call('CLUSTER', 'MEET', '127.0.0.1', port);
    const deadline = Date.now() + 20_000;
    for (const [i, replica] of replicas.entries()) {
      // The replica must know its master before it can follow it.
      for (;;) {
        const known = await replica.call('CLUSTER', 'NODES');
        if (String(known).includes(ids[i] as string)) break;
        if (Date.now() > deadline) throw new Error('a replica never learned of its master');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await replica.call('CLUSTER', 'REPLICATE', ids[i] as string);
    }
    for (const replica of replicas) {
      while (!String(await replica.info('replication')).includes('master_link_status:up')) {
        if (Date.now() > deadline) throw new Error('a replica never synced with its master');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    for (const client of clients) {
      while (!String(await client.call('CLUSTER', 'INFO')).includes('cluster_state:ok')) {
        if (Date.now() > deadline)
          throw new Error('the Redis Cluster never reached cluster_state:ok');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    for (const client of clients) client.disconnect();
  }
}
