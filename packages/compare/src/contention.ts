// pnpm bench's contention scenario: `workers` processes on one lock, one client and one waiter
// each, HOLD_MS sections. Speed, Redis's CPU and Redis's calls are measured straight to Redis;
// what each client sends is counted in a shorter run through the counting proxy, whose extra
// hop would otherwise slow every handoff (HTTP subjects need no second run: the REST endpoint
// counts its requests itself).
import { type BenchLab, isHttp, perAcquisition, slug } from './bench-lab.js';
import { type ContentionFacts, contentionFacts, type WorkerSections } from './bench-stats.js';
import { BUN_ROW, runUnderBun } from './bun/run.js';
import type { Pool } from './pool.js';

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

/** One round of contention for a Node subject, on a started pool of `workers` processes. */
export async function contention(
  lab: BenchLab,
  pool: Pool,
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
  const speed = await pool.measure(
    {
      ...window,
      at: lab.direct,
      lockName: `bench-${round}-direct-${slug(name)}`,
      durationMs: options.durationMs,
    },
    lab.meter,
    () => lab.sent(http),
  );
  const facts = contentionFacts(speed.sections);
  let costPerAcquisition = perAcquisition(speed.sent, speed.acquisitions);
  if (!http) {
    const cost = await pool.measure(
      {
        ...window,
        at: lab.counted,
        lockName: `bench-${round}-proxy-${slug(name)}`,
        durationMs: options.costMs,
      },
      lab.meter,
      () => lab.sent(false),
    );
    costPerAcquisition = perAcquisition(cost.sent, cost.acquisitions);
  }
  return {
    ...facts,
    failures: speed.failures,
    costPerAcquisition,
    executedPerAcquisition: perAcquisition(speed.redisCalls, speed.acquisitions),
    redisCpuPerAcquisition: perAcquisition(speed.redisCpuMicros, speed.acquisitions),
  };
}

/**
 * The Bun row's contention: Bun worker processes (bun/worker.ts), a fresh set per run, all
 * starting at a wall-clock time 1.5 s ahead, by when every one has connected. Redis is read
 * when that time comes and after the last has exited, so its clients' connection setup is
 * left out; their closing (a few commands per process) is in.
 */
export async function bunContention(
  lab: BenchLab,
  round: number,
  options: ContentionOptions,
): Promise<ContentionResult> {
  const run = async (via: 'direct' | 'proxy') => {
    const startAt = Date.now() + 1500;
    const task = {
      ...(via === 'direct' ? lab.direct : lab.counted),
      lockName: `bench-${round}-${via}-${slug(BUN_ROW)}`,
      durationMs: via === 'direct' ? options.durationMs : options.costMs,
      holdMs: options.holdMs,
      startAt,
    };
    const opened = new Promise((resolve) => setTimeout(resolve, startAt - Date.now())).then(
      async () => ({ redis: await lab.meter.read(), sent: lab.sent(false) }),
    );
    const outputs = await Promise.all(
      Array.from({ length: options.workers }, () => runUnderBun('worker.ts', task)),
    );
    const before = await opened;
    const redis = await lab.meter.since(before.redis);
    const sent = lab.sent(false) - before.sent;
    const reports = outputs.map(
      (stdout) => JSON.parse(stdout) as { sections: WorkerSections; failures: number },
    );
    const facts = contentionFacts(reports.map((r) => r.sections));
    const failures = reports.reduce((sum, r) => sum + r.failures, 0);
    return { facts, failures, redis, sent };
  };
  const speed = await run('direct');
  const cost = await run('proxy');
  return {
    ...speed.facts,
    failures: speed.failures,
    costPerAcquisition: perAcquisition(cost.sent, cost.facts.acquisitions),
    executedPerAcquisition: perAcquisition(speed.redis.calls, speed.facts.acquisitions),
    redisCpuPerAcquisition: perAcquisition(speed.redis.cpuMicros, speed.facts.acquisitions),
  };
}
