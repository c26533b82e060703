// One contending Bun process for pnpm bench's @mutex/bun row: the same loop as the Node
// workers (bench-loop.ts), over Bun's own client, timed by the wall clock (Bun's hrtime
// starts at zero in each process).
import { type ContentionTask, contend, wallClockNs } from '../bench-loop.js';
import { mutexOverBun } from './subjects.js';

const task = JSON.parse(process.argv[2] as string) as ContentionTask & { redisUrl: string };
const subject = await mutexOverBun(task.redisUrl);
process.stdout.write(JSON.stringify(await contend(subject, task, wallClockNs)));
process.exit(0);
