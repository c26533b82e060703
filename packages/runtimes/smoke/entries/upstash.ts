// The smoke over @mutex/upstash, as a program run by Node, Bun or Deno, through the
// Upstash-REST endpoint. `@upstash/redis` stays out of the bundle, as in an application.
import { upstashCommander } from '@mutex/upstash';
import { Redis } from '@upstash/redis';
import { smokeClients } from '../clients.js';
import type { SmokeConfig } from '../report.js';
import { runSmoke } from '../smoke.js';
import { printReport } from './print.js';

declare const SMOKE: SmokeConfig; // set when the test bundles this file

const redis = () => new Redis({ url: SMOKE.upstashUrl, token: SMOKE.upstashToken });
const commanders = [upstashCommander(redis()), upstashCommander(redis())] as const;
try {
  printReport(await runSmoke(smokeClients(...commanders), SMOKE.stem));
} finally {
  await Promise.all(commanders.map((commander) => commander.close()));
}
