// What the Vitest side (test/bun.test.ts) hands the Bun-run tests: the servers it started.
import type { ClusterNode } from '@mutex/testkit';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: these files run under Bun, started by test/bun.test.ts (pnpm vitest run --project bun), which sets it`,
    );
  }
  return value;
}

/** `redis://host:port` of the standalone test Redis. */
export const redisUrl = (): string => required('MUTEX_BUN_REDIS_URL');

/** The masters of the local test Redis Cluster. */
export const clusterNodes = (): ClusterNode[] =>
  required('MUTEX_BUN_CLUSTER_NODES')
    .split(',')
    .map((entry) => {
      const [host = '', port = ''] = entry.split(':');
      return { host, port: Number(port) };
    });
