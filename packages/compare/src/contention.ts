// pnpm bench's contention scenario: `workers` processes on one lock, one client and one waiter
// each, HOLD_MS sections. Speed, Redis's CPU and Redis's calls are measured straight to Redis;
// what each client sends is counted in a shorter run through the counting proxy, whose extra
// hop would otherwise slow every handoff (HTTP subjects need no second run: the REST endpoint
// counts its requests itself).
import { type BenchLab, isHttp, perAcquisition, slug } from './bench-lab.js';
import { type ContentionFacts, contentionFacts } from './bench-stats.js';
import { BUN_ROW } from './bun/run.js';
import { measureUnderBun } from './bun-window.js';
import type { Measured, Pool, Window } from './pool.js';

/** Runs and measures one window of a library's waiters. */
export type Measure = (window: Window) => Promise<Measured>;

/** Windows of `name`: on the pool, or, for the Bun row, in Bun processes of their own. */
export function measurer(lab: BenchLab, name: string, pool: Pool | undefined): Measure {
  if (name === BUN_ROW) return (window) => measureUnderBun(lab, window);
  if (pool === undefined) throw new Error(`${name} needs the pool`);
  return (window) => pool.measure(window, lab.meter, () => lab.sent(isHttp(name)));
}

export interface ContentionOptions {
  workers: number;
  durationMs: number;
  /** The proxy run's length. */
  costMs: number;
  holdMs: number;
}

export interface ContentionResult extends ContentionFacts {
  failures: number;
  /** Commands (HTTP requests for HTTP subjects) clients sent per acquisition. */
  costPerAcquisition: number;
  /** Calls Redis ran per acquisition, scripts' own included. */
  executedPerAcquisition: number;
  /** Redis's main-thread CPU (user + sys) per acquisition, in µs. */
  redisCpuPerAcquisition: number;
}

/**
 * `window` measured straight to Redis for `durationMs` (speed, handoffs, Redis's CPU and
 * calls), then, unless `http`, for `costMs` through the counting proxy for what clients send
 * (an HTTP subject's requests are counted by the REST endpoint in the first run).
 */
export async function speedThenCost(
  lab: BenchLab,
  measure: Measure,
  http: boolean,
  window: Omit<Window, 'at' | 'lockName' | 'durationMs'>,
  run: { lockName: string; durationMs: number; costMs: number },
): Promise<{ speed: Measured; sentPerAcquisition: number }> {
  const speed = await measure({
    ...window,
    at: lab.direct,
    lockName: `${run.lockName}-direct`,
    durationMs: run.durationMs,
  });
  if (http) return { speed, sentPerAcquisition: perAcquisition(speed.sent, speed.acquisitions) };
  const cost = await measure({
    ...window,
    at: lab.counted,
    lockName: `${run.lockName}-proxy`,
    durationMs: run.costMs,
  });
  return { speed, sentPerAcquisition: perAcquisition(cost.sent, cost.acquisitions) };
}

/** One round of contention for `name`, `workers` processes with one waiter each. */
export async function contention(
  lab: BenchLab,
  measure: Measure,
  name: string,
  round: number,
  options: ContentionOptions,
): Promise<ContentionResult> {
  const http = isHttp(name);
  const window = {
    subject: name,
    processes: options.workers,
    waitersPerProcess: 1,
    holdMs: options.holdMs,
  };
  const { speed, sentPerAcquisition } = await speedThenCost(lab, measure, http, window, {
    lockName: `bench-${round}-${slug(name)}`,
    durationMs: options.durationMs,
    costMs: options.costMs,
  });
  const facts = contentionFacts(speed.sections);
  return {
    ...facts,
    failures: speed.failures,
    costPerAcquisition: sentPerAcquisition,
    executedPerAcquisition: perAcquisition(speed.redisCalls, speed.acquisitions),
    redisCpuPerAcquisition: perAcquisition(speed.redisCpuMicros, speed.acquisitions),
  };
}
