// A worker for the history checker: takes one lock (with fencing) over and over while the
// test breaks Redis, and appends every critical section it entered to its own log file, with
// its weight against the limit: a mutex 1, a semaphore its permits, a read-write lock 1 to
// read and the whole limit to write.
import { appendFileSync } from 'node:fs';
import { createLockClient, type Lock } from '@mutex/core';
import { type AdapterName, connect, type Endpoints } from '@mutex/tools/adapters';

export interface HistoryTask extends Endpoints {
  adapter: AdapterName;
  primitive: 'mutex' | 'semaphore' | 'read-write';
  /** The semaphore's limit; for a read-write lock, what a writer weighs (the worker count). */
  limit: number;
  holder: string;
  lockName: string;
  ttl: number;
  /** Keep going until this many sections were entered, or this much time passed. */
  sections: number;
  durationMs: number;
  logFile: string;
}

const task = JSON.parse(process.argv[2] as string) as HistoryTask;
const { commander, close } = await connect(task.adapter, task);
const locks = createLockClient(commander, { ttl: task.ttl, replyTimeout: task.ttl });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const errors: Record<string, number> = {};
const stopAt = Date.now() + task.durationMs;
let entered = 0;

const semaphore = locks.semaphore(task.lockName, { limit: task.limit });
const readWrite = locks.readWrite(task.lockName);
/** One acquisition of the primitive under test, and what it weighs. */
async function acquire(): Promise<[Lock, number]> {
  const options = { fencing: true, acquireTimeout: 1000 };
  if (task.primitive === 'mutex') return [await locks.acquire(task.lockName, options), 1];
  if (task.primitive === 'semaphore') {
    const permits = Math.random() < 0.3 ? 2 : 1;
    return [await semaphore.acquire({ ...options, permits }), permits];
  }
  if (Math.random() < 0.3) return [await readWrite.write(options), task.limit];
  return [await readWrite.read(options), 1];
}

while (entered < task.sections && Date.now() < stopAt) {
  let lock: Lock;
  let weight: number;
  try {
    [lock, weight] = await acquire();
  } catch (error) {
    const name = (error as Error).name;
    errors[name] = (errors[name] ?? 0) + 1;
    await sleep(20);
    continue;
  }
  const start = process.hrtime.bigint();
  let lostAt: bigint | undefined;
  lock.signal.addEventListener('abort', () => {
    lostAt ??= process.hrtime.bigint();
  });
  await sleep(2 + Math.random() * 3); // the guarded work
  const end = process.hrtime.bigint();
  const wasLost = lock.signal.aborted;
  appendFileSync(
    task.logFile,
    `${JSON.stringify({
      holder: task.holder,
      fence: lock.fence,
      start: String(start),
      end: String(end),
      lostAt: wasLost && lostAt !== undefined ? String(lostAt) : undefined,
      weight,
    })}\n`,
  );
  entered++;
  await lock.release().catch((error: Error) => {
    errors[`release:${error.name}`] = (errors[`release:${error.name}`] ?? 0) + 1;
  });
}

await close();
process.stdout.write(JSON.stringify({ entered, errors }));
