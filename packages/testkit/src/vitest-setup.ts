import type { ClusterNode } from './redis-cluster.js';
import { startRedisCluster } from './redis-cluster.js';
import { startRedis } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `redis://host:port` of the standalone test Redis. */
    redisUrl: string;
    /** Masters of the local test Redis Cluster (empty unless asked for). */
    redisClusterNodes: ClusterNode[];
  }
}

/** The part of Vitest's `TestProject` a global setup needs. */
interface Provider {
  provide(key: 'redisUrl', value: string): void;
  provide(key: 'redisClusterNodes', value: ClusterNode[]): void;
}

/**
 * For a Vitest `globalSetup` file: starts the test Redis (and, with `cluster`, a local Redis
 * Cluster), provides their addresses to tests through `inject()`, and returns the teardown.
 *
 * ```ts
 * // global-setup.ts
 * export default (project) => provideRedis(project, { cluster: true });
 * ```
 */
export async function provideRedis(
  project: Provider,
  { cluster = false }: { cluster?: boolean } = {},
): Promise<() => Promise<void>> {
  const server = await startRedis();
  let stopCluster = async () => {};
  try {
    project.provide('redisUrl', server.url);
    if (cluster) {
      const started = await startRedisCluster();
      stopCluster = started.stop;
      project.provide('redisClusterNodes', [...started.nodes]);
    } else {
      project.provide('redisClusterNodes', []);
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  return async () => {
    await Promise.all([server.stop(), stopCluster()]);
  };
}
