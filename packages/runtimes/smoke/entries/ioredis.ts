// The smoke over @mutex/ioredis, as a program run by Node, Bun or Deno. `ioredis` stays out of
// the bundle and is imported from packages/runtimes/node_modules, as an application would.
import { ioredisCommander } from '@mutex/ioredis';
import { Redis } from 'ioredis';
import { smokeClients } from '../clients.js';
import type { SmokeConfig } from '../report.js';
import { runSmoke } from '../smoke.js';
import { printReport } from './print.js';

declare const SMOKE: SmokeConfig; // set when the test bundles this file

const redis = [new Redis(SMOKE.redisUrl), new Redis(SMOKE.redisUrl)] as const;
const commanders = [ioredisCommander(redis[0]), ioredisCommander(redis[1])] as const;
try {
  printReport(await runSmoke(smokeClients(...commanders), SMOKE.stem));
} finally {
  // Everything opened is closed, so the runtime exits by itself: a leaked timer or
  // connection would keep it alive and time the test out.
  await Promise.all(commanders.map((commander) => commander.close()));
  await Promise.all(redis.map((client) => client.quit()));
}
