// One contending process for pnpm bench: takes the lock (or, with `limit`, a semaphore
// permit) over and over for `durationMs`, holding it `holdMs` each time, and reports each
// section and how long it waited.
import { type ContentionTask, contend } from './bench-loop.js';
import { SEMAPHORE_SUBJECTS } from './semaphore-subjects.js';
import { SUBJECTS } from './subjects.js';

interface Task extends ContentionTask {
  subject: string;
  /** Set for a semaphore subject: its limit. */
  limit?: number;
  redisUrl: string;
  restUrl: string;
  restToken: string;
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
process.stdout.write(JSON.stringify(await contend(subject, task)));
process.exit(0);
