// Runs settleInvoices over each adapter in turn, then once more under Bun over Bun's own
// client. Uses REDIS_URL, or starts a throwaway Redis (Docker or redis-server), plus a local
// Upstash-REST endpoint that forwards to it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { RedisCommander } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { nodeRedisCommander } from '@mutex/node-redis';
import { startRedis, startUpstashRestServer } from '@mutex/testkit';
import { upstashCommander } from '@mutex/upstash';
import { glideCommander } from '@mutex/valkey-glide';
import { Redis as UpstashRedis } from '@upstash/redis';
import { GlideClient } from '@valkey/valkey-glide';
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
const { hostname: host, port } = new URL(server.url);
const glide = await GlideClient.createClient({ addresses: [{ host, port: Number(port) }] });

const adapters: [string, RedisCommander & { close(): Promise<void> }][] = [
  ['ioredis', ioredisCommander(ioredis)],
  ['node-redis', nodeRedisCommander(nodeRedis)],
  ['upstash', upstashCommander(upstash)],
  ['valkey-glide', glideCommander(glide)],
];

let failed = false;
for (const [name, commander] of adapters) {
  const started = performance.now();
  const { settled, mostAtOnce } = await settleInvoices(commander, 20);
  const ms = (performance.now() - started).toFixed(0);
  console.log(
    `${name.padEnd(12)} settled ${settled}/20 batches in ${ms} ms, at most ${mostAtOnce} at once`,
  );
  failed ||= settled !== 20 || mostAtOnce !== 1;
  await commander.close();
}

// Bun's client exists only in Bun: the same function, run by the Bun binary from the registry.
const bun = createRequire(import.meta.url).resolve('@oven/bun-linux-x64/bin/bun');
const underBun = spawnSync(bun, ['--conditions=@mutex/source', 'src/under-bun.ts'], {
  env: { ...process.env, REDIS_URL: server.url },
  stdio: 'inherit',
});
failed ||= underBun.status !== 0;

ioredis.disconnect();
await nodeRedis.close();
glide.close();
await rest.stop();
await server.stop();
process.exitCode = failed ? 1 : 0;
