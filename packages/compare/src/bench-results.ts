// What pnpm bench writes with --json (default <os tmpdir>/mutex-bench.json): every figure of
// its tables, plus what charts need (acquisitions per worker, the scaling series). The tables
// are printed from this same object (bench-tables.ts), so the two cannot disagree.
import { median } from '@mutex/tools/stats';
import type { ContentionResult } from './contention.js';
import type { GivingUpResult } from './giving-up.js';
import type { NamePoint } from './scaling-names.js';
import type { WaiterPoint } from './scaling-waiters.js';
import type { SemaphoreResult } from './semaphores.js';

type NumericKeys<T> = { [K in keyof T]-?: T[K] extends number ? K : never }[keyof T];
/** The median over rounds of each numeric field. */
export type Medians<T> = Record<NumericKeys<T>, number>;

export function medians<T extends object>(rounds: readonly T[]): Medians<T> {
  const first = rounds[0];
  if (first === undefined) return {} as Medians<T>;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(first)) {
    if (typeof value !== 'number') continue;
    out[key] = median(rounds.map((round) => (round as Record<string, number>)[key] as number));
  }
  return out as Medians<T>;
}

export interface Uncontended {
  perSecond: number;
  p50: number;
  p99: number;
}

export interface BenchResults {
  version: 1;
  /** ISO time the run finished. */
  date: string;
  options: {
    rounds: number;
    workers: number;
    contentionSeconds: number;
    costSeconds: number;
    holdMs: number;
    scalingSeconds: number;
    only: string;
    scaling: boolean;
    main: boolean;
  };
  redis: { url: string; source: string };
  /** Sequential acquire + release, 1 s per round; `vsBaseline` is over the raw baseline. */
  uncontended: {
    library: string;
    median: Uncontended & { vsBaseline: number };
    rounds: Uncontended[];
  }[];
  /** The raw baseline over Bun's own client in the Bun row's process, median cycles/s. */
  bunBaselinePerSecond?: number;
  /** Uncontended cycles/s with a listener, over @mutex/ioredis without one. */
  listenerRatios: { library: string; ratio: number }[];
  contention: {
    library: string;
    /** What `costPerAcquisition` counts. */
    sentUnit: 'commands' | 'HTTP requests';
    median: Medians<ContentionResult>;
    /** The most overlapping sections in any round (0 unless the lock failed). */
    overlaps: number;
    /** Acquisitions of each worker process, per round. */
    perWorker: number[][];
    rounds: ContentionResult[];
  }[];
  semaphores: {
    library: string;
    limit: number;
    median: Medians<SemaphoreResult>;
    mostInside: number;
    rounds: SemaphoreResult[];
  }[];
  givingUp: { library: string; failedAfterMs: number; rounds: GivingUpResult[] }[];
  /** x = waiters; y = redisCpuPerAcquisition, sentPerAcquisition, handoffP50, perSecond... */
  waiterScaling: {
    library: string;
    sentUnit: 'commands' | 'HTTP requests';
    points: WaiterPoint[];
    /** Redis CPU per acquisition at the most waiters over at the fewest. */
    cpuRatio: number;
    /** Redis calls per acquisition at the most waiters over at the fewest. */
    callsRatio: number;
    /** Commands (or HTTP requests) sent per acquisition at the most waiters over the fewest. */
    sentRatio: number;
  }[];
  /** x = names; y = redisCpuPerCycle, redisCallsPerCycle, sentPerCycle. */
  nameScaling: { library: string; points: NamePoint[]; leftoverKeys: number }[];
}
