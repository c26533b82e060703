// pnpm bench's name-scaling scenario: 1, 1,000 and 10,000 distinct names held at once. In the
// bench's own process, one client (the library's subject factory, one connection) acquires
// every one of N names, one after another, then releases them all, again until at least
// MIN_CYCLES names have been cycled (1: 2,000 cycles; 1,000: two passes; 10,000: one). One at
// a time, because with several in flight the client pipelines them and Redis's CPU per
// command drops several-fold (measured: 4x with 100), which would hide what many names cost.
// One pass through the counting proxy gives all three costs: client commands from the proxy,
// Redis's calls and main-thread CPU from INFO (read after the client connected and warmed up,
// before it closes). The proxy's hop changes speed, not what Redis runs; speed is not the
// point here. Each level runs twice, interleaved, and the run with the least Redis CPU is
// reported. Afterwards Redis is scanned for keys left of the run.
import { type BenchLab, perAcquisition, slug } from './bench-lab.js';
import { type Held, SUBJECTS } from './subjects.js';

export const NAME_LEVELS = [1, 1000, 10_000];
export const CONCURRENCY = 1;
const MIN_CYCLES = 2000;
const REPEATS = 2;
/** Long enough that no lease runs out while 10,000 names are taken one after another. */
const LEASE_MS = 60_000;

export interface NamePoint {
  names: number;
  /** Names acquired and released in all. */
  cycles: number;
  seconds: number;
  sentPerCycle: number;
  redisCallsPerCycle: number;
  /** The least of the runs' Redis CPU per cycle, µs. */
  redisCpuPerCycle: number;
  /** Each run's, in order. */
  redisCpuPerCycleRuns: number[];
  /** Acquisitions or releases that failed, all runs. */
  failures: number;
}

export interface NameScaling {
  points: NamePoint[];
  /** Keys with the run's names in them, left in Redis after every release and the close. */
  leftoverKeys: number;
}

/** Runs `task` on every item, at most `limit` at a time. */
async function bounded<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const runner = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runner));
}

export async function scaleNames(lab: BenchLab, name: string): Promise<NameScaling> {
  const make = SUBJECTS[name];
  if (make === undefined) throw new Error(`no subject ${name}`);
  const subject = await make(lab.counted);
  const tag = `names-${slug(name)}-`;
  // The first acquisition may load scripts or subscribe: not what N names cost.
  await (await subject.acquire(`${tag}warm`, 5000, LEASE_MS)).release();
  const pass = async (count: number): Promise<NamePoint> => {
    const names = Array.from({ length: count }, (_, i) => `${tag}${count}-${i}`);
    const passes = Math.max(1, Math.ceil(MIN_CYCLES / count));
    let failures = 0;
    const before = await lab.meter.read();
    const sentBefore = lab.sent(false);
    const started = performance.now();
    for (let round = 0; round < passes; round++) {
      const held: Held[] = [];
      await bounded(names, CONCURRENCY, async (lockName) => {
        await subject.acquire(lockName, 5000, LEASE_MS).then(
          (lock) => void held.push(lock),
          () => void failures++,
        );
      });
      await bounded(held, CONCURRENCY, async (lock) => {
        await lock.release().catch(() => void failures++);
      });
    }
    const seconds = (performance.now() - started) / 1000;
    const redis = await lab.meter.since(before);
    const cycles = count * passes;
    const cpu = perAcquisition(redis.cpuMicros, cycles);
    return {
      names: count,
      cycles,
      seconds,
      sentPerCycle: perAcquisition(lab.sent(false) - sentBefore, cycles),
      redisCallsPerCycle: perAcquisition(redis.calls, cycles),
      redisCpuPerCycle: cpu,
      redisCpuPerCycleRuns: [cpu],
      failures,
    };
  };
  // Each level REPEATS times, the levels interleaved; the run with the least Redis CPU is
  // reported: other work on a shared machine only ever adds to Redis's CPU time.
  const runs: NamePoint[][] = NAME_LEVELS.map(() => []);
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const [level, count] of NAME_LEVELS.entries()) runs[level]?.push(await pass(count));
  }
  const points = runs.map((measured) => {
    const least = measured.reduce((a, b) => (b.redisCpuPerCycle < a.redisCpuPerCycle ? b : a));
    return {
      ...least,
      redisCpuPerCycleRuns: measured.map((run) => run.redisCpuPerCycle),
      failures: measured.reduce((sum, run) => sum + run.failures, 0),
    };
  });
  await subject.close();
  return { points, leftoverKeys: await countKeys(lab, `*${tag}*`) };
}

async function countKeys(lab: BenchLab, pattern: string): Promise<number> {
  let found = 0;
  let cursor = '0';
  do {
    const [next, keys] = await lab.inspector.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found += keys.length;
  } while (cursor !== '0');
  return found;
}
