import { createLockClient, LockLostError, type RedisCommander } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { nodeRedisCommander } from '@mutex/node-redis';
import { type RedisCluster, startRedisCluster } from '@mutex/testkit';
import { Cluster, Redis } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, sleep } from '../src/world.js';

let cluster: RedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster({ replicas: true });
});
afterAll(() => cluster.stop());

const ADAPTERS: Record<
  string,
  () => Promise<{ commander: RedisCommander; close(): Promise<void> }>
> = {
  ioredis: async () => {
    const client = new Cluster([...cluster.nodes]);
    client.on('error', () => {});
    const commander = ioredisCommander(client);
    const close = async () => {
      await commander.close();
      client.disconnect();
    };
    return { commander, close };
  },
  'node-redis': async () => {
    const client = createCluster({
      rootNodes: cluster.nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
    });
    client.on('error', () => {});
    await client.connect();
    const commander = nodeRedisCommander(client);
    const close = async () => {
      await commander.close();
      await client.close();
    };
    return { commander, close };
  },
};

/** The replica that follows the master owning `key`'s slot. */
async function replicaOf(key: string): Promise<Redis> {
  const probe = new Cluster([...cluster.nodes]);
  const slot = Number(await probe.cluster('KEYSLOT', key));
  const slots = (await probe.cluster('SLOTS')) as unknown as [number, number, [string, number]][];
  probe.disconnect();
  const master = slots.find(([from, to]) => slot >= from && slot <= to)?.[2];
  const index = cluster.nodes.findIndex(({ port }) => port === master?.[1]);
  const replica = cluster.replicas[index];
  if (!replica) throw new Error(`no replica follows the master of slot ${slot}`);
  return new Redis(replica);
}

describe.each(Object.keys(ADAPTERS))('Redis Cluster manual failover, %s', (adapter) => {
  it('a holder keeps its lock through CLUSTER FAILOVER on the replica, and locking goes on', async () => {
    const name = `failover-${adapter}`;
    const key = `mutex:{${name}}`;
    const [holderSide, waiterSide] = [await ADAPTERS[adapter]?.(), await ADAPTERS[adapter]?.()];
    if (!holderSide || !waiterSide) throw new Error('no adapter');
    try {
      const holder = await createLockClient(holderSide.commander).acquire(name, {
        ttl: 1000,
        fencing: true,
      });
      const replica = await replicaOf(key);
      await replica.call('READONLY'); // a replica answers reads only when asked to
      await eventually(async () => (await replica.get(key)) !== null, 'the lock to replicate');
      const before = await replica.get(key);
      await replica.cluster('FAILOVER'); // coordinated: the replica catches up, then takes over
      await eventually(
        async () => (await replica.info('replication')).includes('role:master'),
        'the replica to take over',
        10_000,
      );
      await sleep(1500); // longer than the lease: only renewals on the new master keep it
      expect(holder.signal.aborted, String(holder.signal.reason)).toBe(false);
      expect(await replica.get(key)).toBe(before);

      const waiting = createLockClient(waiterSide.commander).acquire(name, {
        acquireTimeout: 5000,
        fencing: true,
      });
      await sleep(50);
      expect(await holder.release()).toBe(true);
      const next = await waiting;
      expect(next.fence).toBeGreaterThan(holder.fence as number);
      expect(await next.release()).toBe(true);
      replica.disconnect();
    } catch (error) {
      if (error instanceof LockLostError)
        throw new Error(`the holder lost its lock in a coordinated failover: ${error.message}`);
      throw error;
    } finally {
      await Promise.all([holderSide.close(), waiterSide.close()]);
    }
  });
});
