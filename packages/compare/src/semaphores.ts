// pnpm bench's semaphore scenario: `workers` processes (one client and one waiter each) on a
// semaphore of `limit`, one permit per acquisition, HOLD_MS sections: speed straight to Redis,
// commands sent counted in a shorter run through the proxy.
import { type BenchLab, perAcquisition, slug } from './bench-lab.js';
import { type SemaphoreFacts, semaphoreFacts } from './bench-stats.js';
import type { ContentionOptions } from './contention.js';
import type { Pool } from './pool.js';

export interface SemaphoreResult extends SemaphoreFacts {
  costPerAcquisition: number;
}

export async function semaphoreContention(
  lab: BenchLab,
  pool: Pool,
  name: string,
  round: number,
  limit: number,
  options: ContentionOptions,
): Promise<SemaphoreResult> {
  const run = (via: 'direct' | 'proxy') =>
    pool.measure(
      {
        subject: name,
        limit,
        at: via === 'direct' ? lab.direct : lab.counted,
        processes: options.workers,
        waitersPerProcess: 1,
        lockName: `semaphore-${round}-${via}-${slug(name)}`,
        durationMs: via === 'direct' ? options.durationMs : options.costMs,
        holdMs: options.holdMs,
      },
      lab.meter,
      () => lab.sent(false),
    );
  const facts = semaphoreFacts((await run('direct')).sections, limit);
  const cost = await run('proxy');
  return {
    ...facts,
    costPerAcquisition: perAcquisition(cost.sent, cost.acquisitions),
  };
}
