// pnpm bench's uncontended cycle under Bun: @mutex/bun and the raw baseline over Bun's own
// client, one after the other in this process, 1 s each after a 300 ms warm-up.
import { cycles } from '../bench-loop.js';
import { mutexOverBun, rawOverBun } from './subjects.js';

const { redisUrl } = JSON.parse(process.argv[2] as string) as { redisUrl: string };
const ours = await cycles(await mutexOverBun(redisUrl));
const raw = await cycles(await rawOverBun(redisUrl));
process.stdout.write(JSON.stringify({ ...ours, rawPerSecond: raw.perSecond }));
process.exit(0);
