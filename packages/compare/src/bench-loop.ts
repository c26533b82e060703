// The loops of pnpm bench, whatever runtime and client they run on: sequential uncontended
// cycles, and a contending process's sections.
import { percentile } from '@mutex/tools/stats';

/** What a contending process is asked to do (the task JSON each worker gets). */
export interface ContentionTask {
  lockName: string;
  durationMs: number;
  holdMs: number;
  /** Wall-clock ms at which every worker starts, after all have connected. */
  startAt: number;
}

export interface Contender {
  acquire(name: string, waitMs: number, leaseMs: number): Promise<{ release(): Promise<unknown> }>;
  close(): Promise<unknown>;
}

/**
 * Sequential uncontended acquire + release cycles for 1 s: cycles/s and per-cycle latency.
 * Closes `subject` after.
 */
export async function cycles(subject: Contender) {
  // Warm up by time, not by count: the first HTTP subject of a round otherwise also warms up
  // the in-process REST endpoint and measured a third slower than the same adapter after it.
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

/** A clock in ns that every process on the machine shares: Node's monotonic clock. */
export const monotonicNs = () => process.hrtime.bigint();

/**
 * The wall clock in ns (microsecond precision), for runtimes whose `process.hrtime` counts
 * from their own start, as Bun's does: sections of two processes could not be compared.
 */
export const wallClockNs = () =>
  BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));

/**
 * Takes the lock over and over for `durationMs`, holding it `holdMs` each time, and returns
 * each section (start, end in ns by `clock`, wait in ms) and how many acquisitions gave up.
 * Closes `subject` after, unless `close` is false (the pool's workers close it later, so that
 * what closing costs Redis stays out of the measured window).
 */
export async function contend(
  subject: Contender,
  task: ContentionTask,
  clock = monotonicNs,
  { close = true } = {},
) {
  const sections: [string, string, number][] = [];
  let failures = 0;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, task.startAt - Date.now())));
  const stopAt = performance.now() + task.durationMs;
  while (performance.now() < stopAt) {
    const asked = performance.now();
    let held: Awaited<ReturnType<Contender['acquire']>>;
    try {
      held = await subject.acquire(task.lockName, 30_000, 10_000);
    } catch {
      failures++;
      continue;
    }
    const start = clock();
    const waited = performance.now() - asked;
    const until = performance.now() + task.holdMs;
    while (performance.now() < until) {} // the critical section: exactly holdMs of work
    const end = clock();
    await held.release();
    sections.push([String(start), String(end), waited]);
  }
  if (close) {
    await Promise.race([subject.close(), new Promise((resolve) => setTimeout(resolve, 1000))]);
  }
  return { sections, failures };
}
