// The smoke over @mutex/node-redis, as a program run by Node, Bun or Deno. `redis` stays out
// of the bundle and is imported from packages/runtimes/node_modules, as an application would.
import { nodeRedisCommander } from '@mutex/node-redis';
import { createClient } from 'redis';
import { smokeClients } from '../clients.js';
import type { SmokeConfig } from '../report.js';
import { runSmoke } from '../smoke.js';
import { printReport } from './print.js';

declare const SMOKE: SmokeConfig; // set when the test bundles this file

const redis = [
  await createClient({ url: SMOKE.redisUrl }).connect(),
  await createClient({ url: SMOKE.redisUrl }).connect(),
] as const;
const commanders = [nodeRedisCommander(redis[0]), nodeRedisCommander(redis[1])] as const;
try {
  printReport(await runSmoke(smokeClients(...commanders), SMOKE.stem));
} finally {
  // Everything opened is closed, so the runtime exits by itself (see ioredis.ts).
  await Promise.all(commanders.map((commander) => commander.close()));
  await Promise.all(redis.map((client) => client.close()));
}
