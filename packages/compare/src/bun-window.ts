// A measured window of the @mutex/bun row: Bun worker processes (bun/waiters.ts), a fresh set
// per window since they are not in the Node pool; Bun starts in a fraction of the time tsx
// does. They all start at a wall-clock time BUN_HEAD_START_MS ahead, by when each has
// connected its clients; costs are counted like the pool's, from 250 ms after that start to
// the end of the run, and divided by the sections that started in between (pool.ts). Their
// clients close after the run, at or after the end of the counted part.
import type { BenchLab } from './bench-lab.js';
import { wallClockNs } from './bench-loop.js';
import type { WorkerSections } from './bench-stats.js';
import { runUnderBun } from './bun/run.js';
import type { Measured, Window } from './pool.js';

const BUN_HEAD_START_MS = 1500;
const WARM_MS = 250;

const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

/** Runs `window` (its `subject` is ignored: always @mutex/bun) and measures it. */
export async function measureUnderBun(lab: BenchLab, window: Window): Promise<Measured> {
  const startAt = Date.now() + BUN_HEAD_START_MS;
  const warmMs = Math.min(WARM_MS, window.durationMs / 4);
  const counting = (async () => {
    await sleepUntil(startAt + warmMs);
    const from = wallClockNs();
    const before = await lab.meter.read();
    const sentBefore = lab.sent(false);
    await sleepUntil(startAt + window.durationMs);
    const to = wallClockNs();
    const sent = lab.sent(false) - sentBefore;
    return { from, to, sent, redis: await lab.meter.since(before) };
  })();
  const outputs = await Promise.all(
    Array.from({ length: window.processes }, () =>
      runUnderBun('waiters.ts', {
        redisUrl: window.at.redisUrl,
        waiters: window.waitersPerProcess,
        lockName: window.lockName,
        durationMs: window.durationMs,
        holdMs: window.holdMs,
        startAt,
      }),
    ),
  );
  const counted = await counting;
  const reports = outputs.map(
    (stdout) => JSON.parse(stdout) as { sections: WorkerSections[]; failures: number },
  );
  const sections = reports.flatMap((r) => r.sections);
  const acquisitions = sections
    .flat()
    .filter(([start]) => BigInt(start) >= counted.from && BigInt(start) < counted.to).length;
  return {
    sections,
    failures: reports.reduce((sum, r) => sum + r.failures, 0),
    acquisitions,
    sent: counted.sent,
    redisCpuMicros: counted.redis.cpuMicros,
    redisCalls: counted.redis.calls,
  };
}
