// A worker for the history checker: takes one lock (with fencing) over and over while the
// test breaks Redis, and appends every critical section it entered to its own log file.
import { appendFileSync } from 'node:fs';
import { createLockClient } from '@mutex/core';
import { type AdapterName, connect, type Endpoints } from '@mutex/tools/adapters';

export interface HistoryTask extends Endpoints {
  adapter: AdapterName;
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

while (entered < task.sections && Date.now() < stopAt) {
  let lock: Awaited<ReturnType<typeof locks.acquire>>;
  try {
    lock = await locks.acquire(task.lockName, { fencing: true, acquireTimeout: 1000 });
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
    })}\n`,
  );
  entered++;
  await lock.release().catch((error: Error) => {
    errors[`release:${error.name}`] = (errors[`release:${error.name}`] ?? 0) + 1;
  });
}

await close();
process.stdout.write(JSON.stringify({ entered, errors }));
