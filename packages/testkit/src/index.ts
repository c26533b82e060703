export * from './conformance/index.js';
export type { ClusterNode, RedisCluster } from './redis-cluster.js';
export { startRedisCluster } from './redis-cluster.js';
export type { RedisServer, StartRedisOptions } from './redis-server.js';
export { NO_REDIS_HELP, startRedis } from './redis-server.js';
export type { UpstashRestServer } from './upstash-rest.js';
export { startUpstashRestServer } from './upstash-rest.js';
export { provideRedis } from './vitest-setup.js';
