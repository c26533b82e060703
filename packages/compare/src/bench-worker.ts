// One contending process for pnpm bench: takes the lock (or, with `limit`, a semaphore
// permit) over and over for `durationMs`, holding it `holdMs` each time, and reports each
// section and how long it waited.
import { SEMAPHORE_SUBJECTS } from './semaphore-subjects.js';
import { SUBJECTS } from './subjects.js';

interface Task {
  subject: string;
  /** Set for a semaphore subject: its limit. */
  limit?: number;
  redisUrl: string;
  restUrl: string;
  restToken: string;
  lockName: string;
  durationMs: number;
  holdMs: number;
  startAt: number;
}

const task = JSON.parse(process.argv[2] as string) as Task;
const { limit } = task;
const subject =
  limit === undefined
    ? await (SUBJECTS[task.subject] as (typeof SUBJECTS)[string])(task)
    : await (async () => {
        const semaphore = await (
          SEMAPHORE_SUBJECTS[task.subject] as (typeof SEMAPHORE_SUBJECTS)[string]
        )(task);
        return {
          acquire: (name: string, waitMs: number, leaseMs: number) =>
            semaphore.acquire(name, limit, waitMs, leaseMs),
          close: () => semaphore.close(),
        };
      })();
const sections: [string, string, number][] = []; // start, end (ns), wait (ms)
let failures = 0; // acquisitions the library gave up on
// Every worker starts at the same wall-clock moment, after all have connected.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, task.startAt - Date.now())));
const stopAt = performance.now() + task.durationMs;
while (performance.now() < stopAt) {
  const asked = performance.now();
  let held: Awaited<ReturnType<typeof subject.acquire>>;
  try {
    held = await subject.acquire(task.lockName, 30_000, 10_000);
  } catch {
    failures++;
    continue;
  }
  const start = process.hrtime.bigint();
  const waited = performance.now() - asked;
  const until = performance.now() + task.holdMs;
  while (performance.now() < until) {} // the critical section: exactly holdMs of work
  const end = process.hrtime.bigint();
  await held.release();
  sections.push([String(start), String(end), waited]);
}
await Promise.race([subject.close(), new Promise((resolve) => setTimeout(resolve, 1000))]);
process.stdout.write(JSON.stringify({ sections, failures }));
process.exit(0);
