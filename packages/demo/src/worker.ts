// One demo worker process: `sections` critical sections, each a non-atomic read-modify-write
// of a shared Redis counter, inside the lock or not. Prints each section's [start, end] on the
// monotonic clock that every process on this machine shares.
import { createLockClient } from '@mutex/core';
import { type AdapterName, connect, type Endpoints } from '@mutex/tools/adapters';
import { Redis } from 'ioredis';
import { startTogether } from './barrier.js';

export interface WorkerTask extends Endpoints {
  adapter: AdapterName;
  lockName: string;
  counterKey: string;
  sections: number;
  /** How many workers run at once, and the key they count themselves in to start together. */
  workers: number;
  startKey: string;
  locked: boolean;
}

const task = JSON.parse(process.argv[2] as string) as WorkerTask;
const counter = new Redis(task.redisUrl);
const { commander, close } = await connect(task.adapter, task);
const locks = createLockClient(commander);
const spans: [string, string][] = [];

async function readModifyWrite(): Promise<void> {
  const start = process.hrtime.bigint();
  const seen = Number((await counter.get(task.counterKey)) ?? 0);
  await new Promise((resolve) => setImmediate(resolve)); // other processes may write meanwhile
  await counter.set(task.counterKey, seen + 1);
  spans.push([String(start), String(process.hrtime.bigint())]);
}

await startTogether(counter, task.startKey, task.workers);
for (let i = 0; i < task.sections; i++) {
  if (task.locked) await locks.withLock(task.lockName, { acquireTimeout: 60_000 }, readModifyWrite);
  else await readModifyWrite();
}

await close();
counter.disconnect();
process.stdout.write(JSON.stringify(spans));
