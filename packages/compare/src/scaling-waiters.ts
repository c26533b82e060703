// pnpm bench's waiter-scaling scenario: 2, 8, 32 and 64 waiters on one lock, HOLD_MS sections.
// The waiters are spread over min(waiters, 8) processes, waiters/processes in each (2: 2 x 1;
// 8: 8 x 1; 32: 8 x 4; 64: 8 x 8): the pool's worker processes, or for the Bun row Bun
// processes of their own (bun-window.ts). Every waiter has its own client and connection made
// by the library's subject factory, so waiters in one process share no in-process
// turn-taking and Redis sees one connection per waiter. Each level runs once (one round): a
// window straight to Redis for speed, handoffs and Redis's CPU and calls, then a shorter one
// through the counting proxy for client commands (HTTP subjects: the REST endpoint counts
// requests in the first window). Costs are counted from 250 ms after the common start (every
// waiter's first attempt and joining the queue left out) to the end, after every client
// connected (pool.ts). The bench takes 8 waiters from the contention scenario, which is the
// same thing (8 processes x 1 waiter), run longer.
import { type BenchLab, isHttp, perAcquisition, slug } from './bench-lab.js';
import { medians } from './bench-results.js';
import { contentionFacts } from './bench-stats.js';
import { type ContentionResult, type Measure, speedThenCost } from './contention.js';

export const WAITER_LEVELS = [2, 8, 32, 64];

export interface WaiterPoint {
  waiters: number;
  processes: number;
  waitersPerProcess: number;
  acquisitions: number;
  perSecond: number;
  /** Commands (HTTP requests for HTTP subjects) clients sent per acquisition. */
  sentPerAcquisition: number;
  redisCallsPerAcquisition: number;
  redisCpuPerAcquisition: number;
  handoffP50: number;
  waitMax: number;
  overlaps: number;
  failures: number;
  /** Acquisitions of each waiter: how evenly the lock went round (8 from contention: round 1's). */
  perWaiter: number[];
}

export interface ScalingOptions {
  durationMs: number;
  costMs: number;
  holdMs: number;
}

/** At most this many processes: more tsx processes than that would swamp 2 cores. */
const MAX_PROCESSES = 8;

/** One level: `waiters` waiters of `name` on one lock, over min(waiters, 8) processes. */
export async function waiterPoint(
  lab: BenchLab,
  measure: Measure,
  name: string,
  waiters: number,
  options: ScalingOptions,
): Promise<WaiterPoint> {
  const http = isHttp(name);
  const processes = Math.min(waiters, MAX_PROCESSES);
  const window = {
    subject: name,
    processes,
    waitersPerProcess: Math.ceil(waiters / processes),
    holdMs: options.holdMs,
  };
  const { speed, sentPerAcquisition } = await speedThenCost(lab, measure, http, window, {
    lockName: `waiters-${waiters}-${slug(name)}`,
    durationMs: options.durationMs,
    costMs: options.costMs,
  });
  const facts = contentionFacts(speed.sections);
  return {
    waiters,
    processes,
    waitersPerProcess: window.waitersPerProcess,
    acquisitions: facts.acquisitions,
    perSecond: facts.perSecond,
    sentPerAcquisition,
    redisCallsPerAcquisition: perAcquisition(speed.redisCalls, speed.acquisitions),
    redisCpuPerAcquisition: perAcquisition(speed.redisCpuMicros, speed.acquisitions),
    handoffP50: facts.handoffP50,
    waitMax: facts.waitMax,
    overlaps: facts.overlaps,
    failures: speed.failures,
    perWaiter: facts.perWorker,
  };
}

/**
 * A library's series, by waiters, with `contention` rounds (8 processes x 1 waiter, if any) as
 * the 8-waiter point (their medians; each waiter's acquisitions: round 1's), and the cost at
 * the most waiters over the fewest.
 */
export function waiterSeries(
  library: string,
  sentUnit: 'commands' | 'HTTP requests',
  measured: WaiterPoint[],
  contention: ContentionResult[],
) {
  const points = [...measured];
  if (contention.length > 0) {
    const c = medians(contention);
    points.push({
      waiters: 8,
      processes: 8,
      waitersPerProcess: 1,
      acquisitions: c.acquisitions,
      perSecond: c.perSecond,
      sentPerAcquisition: c.costPerAcquisition,
      redisCallsPerAcquisition: c.executedPerAcquisition,
      redisCpuPerAcquisition: c.redisCpuPerAcquisition,
      handoffP50: c.handoffP50,
      waitMax: c.waitMax,
      overlaps: Math.max(...contention.map((x) => x.overlaps)),
      failures: c.failures,
      perWaiter: contention[0]?.perWorker ?? [],
    });
  }
  points.sort((a, b) => a.waiters - b.waiters);
  const [fewest, most] = [points[0], points.at(-1)];
  const ratio = (pick: (p: WaiterPoint) => number) =>
    fewest === undefined || most === undefined ? Number.NaN : pick(most) / pick(fewest);
  return {
    library,
    sentUnit,
    points,
    cpuRatio: ratio((p) => p.redisCpuPerAcquisition),
    callsRatio: ratio((p) => p.redisCallsPerAcquisition),
    sentRatio: ratio((p) => p.sentPerAcquisition),
  };
}
