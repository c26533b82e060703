// Runs settleInvoices over each adapter in turn. Uses REDIS_URL, or starts a throwaway Redis
// (Docker or redis-server), plus a local Upstash-REST endpoint that forwards to it.
import type { RedisCommander } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { nodeRedisCommander } from '@mutex/node-redis';
import { startRedis, startUpstashRestServer } from '@mutex/testkit';
import { upstashCommander } from '@mutex/upstash';
import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { settleInvoices } from './settle-invoices.js';

const server = await startRedis().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const rest = await startUpstashRestServer({ redisUrl: server.url });

const ioredis = new Redis(server.url);
const nodeRedis = await createClient({ url: server.url }).connect();
const upstash = new UpstashRedis({ url: rest.url, token: rest.token });

const adapters: [string, RedisCommander & { close(): Promise<void> }][] = [
  ['ioredis', ioredisCommander(ioredis)],
  ['node-redis', nodeRedisCommander(nodeRedis)],
  ['upstash', upstashCommander(upstash)],
];

let failed = false;
for (const [name, commander] of adapters) {
  const started = performance.now();
  const { settled, mostAtOnce } = await settleInvoices(commander, 20);
  const ms = (performance.now() - started).toFixed(0);
  console.log(
    `${name.padEnd(10)} settled ${settled}/20 batches in ${ms} ms, at most ${mostAtOnce} at once`,
  );
  failed ||= settled !== 20 || mostAtOnce !== 1;
  await commander.close();
}

ioredis.disconnect();
await nodeRedis.close();
await rest.stop();
await server.stop();
process.exitCode = failed ? 1 : 0;
