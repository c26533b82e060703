// One demo worker process for the semaphore run: `sections` sections, each counting itself in
// a shared Redis counter of how many are inside at once, through a semaphore or not. Prints
// the most it saw inside (itself included), and each section's [start, end] on the monotonic
// clock that every process on this machine shares (for the timeline picture).
import { createLockClient } from '@mutex/core';
import { type AdapterName, connect, type Endpoints } from '@mutex/tools/adapters';
import { Redis } from 'ioredis';
import { startTogether } from './barrier.js';

export interface SemaphoreWorkerTask extends Endpoints {
  adapter: AdapterName;
  name: string;
  insideKey: string;
  limit: number;
  sections: number;
  /** How many workers run at once, and the key they count themselves in to start together. */
  workers: number;
  startKey: string;
  guarded: boolean;
}

const task = JSON.parse(process.argv[2] as string) as SemaphoreWorkerTask;
const counter = new Redis(task.redisUrl);
const { commander, close } = await connect(task.adapter, task);
const semaphore = createLockClient(commander).semaphore(task.name, { limit: task.limit });
let most = 0;
const spans: [string, string][] = [];

async function section(): Promise<void> {
  const start = process.hrtime.bigint();
  most = Math.max(most, await counter.incr(task.insideKey));
  await new Promise((resolve) => setTimeout(resolve, 3)); // the guarded work
  await counter.decr(task.insideKey);
  spans.push([String(start), String(process.hrtime.bigint())]);
}

await startTogether(counter, task.startKey, task.workers);
for (let i = 0; i < task.sections; i++) {
  if (task.guarded) await semaphore.withPermit({ acquireTimeout: 60_000 }, section);
  else await section();
}

await close();
counter.disconnect();
process.stdout.write(JSON.stringify({ most, spans }));
