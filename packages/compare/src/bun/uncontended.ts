// pnpm bench's uncontended cycle under Bun: @mutex/bun and the raw baseline over Bun's own
// client, one after the other in this process, 1 s each after a 300 ms warm-up.
import { percentile } from '@mutex/tools/stats';
import type { Contender } from '../bench-loop.js';
import { mutexOverBun, rawOverBun } from './subjects.js';

async function cycles(subject: Contender) {
  const warmUntil = performance.now() + 300;
  for (let i = 0; performance.now() < warmUntil; i++) {
    await (await subject.acquire(`warm-${i % 20}`, 1000, 10_000)).release();
  }
  const latencies: number[] = [];
  const stopAt = performance.now() + 1000;
  for (let i = 0; performance.now() < stopAt; i++) {
    const started = performance.now();
    await (await subject.acquire(`cycle-${i % 50}`, 1000, 10_000)).release();
    latencies.push(performance.now() - started);
  }
  await subject.close();
  return {
    perSecond: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

const { redisUrl } = JSON.parse(process.argv[2] as string) as { redisUrl: string };
const ours = await cycles(await mutexOverBun(redisUrl));
const raw = await cycles(await rawOverBun(redisUrl));
process.stdout.write(JSON.stringify({ ...ours, rawPerSecond: raw.perSecond }));
process.exit(0);
