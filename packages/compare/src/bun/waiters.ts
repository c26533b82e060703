// Bun processes for pnpm bench's @mutex/bun row in the contention and waiter-scaling runs:
// `waiters` waiters in this process, each with its own @mutex/bun client over its own Bun
// RedisClient (own connection), all on one lock with the Node workers' loop (bench-loop.ts),
// timed by the wall clock (Bun's hrtime starts at zero in each process). Prints each waiter's
// sections.
import { type ContentionTask, contend, wallClockNs } from '../bench-loop.js';
import { mutexOverBun } from './subjects.js';

const task = JSON.parse(process.argv[2] as string) as ContentionTask & {
  redisUrl: string;
  waiters: number;
};
const subjects = await Promise.all(
  Array.from({ length: task.waiters }, () => mutexOverBun(task.redisUrl)),
);
const reports = await Promise.all(subjects.map((subject) => contend(subject, task, wallClockNs)));
process.stdout.write(
  JSON.stringify({
    sections: reports.map((r) => r.sections),
    failures: reports.reduce((sum, r) => sum + r.failures, 0),
  }),
);
process.exit(0);
