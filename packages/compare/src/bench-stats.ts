import { percentile, succession } from '@mutex/tools/stats';

/** One worker's sections: [start ns, end ns, wait ms]. */
export type WorkerSections = [string, string, number][];

export interface ContentionFacts {
  acquisitions: number;
  perSecond: number;
  handoffP50: number;
  handoffP99: number;
  otherWorkerP50: number;
  otherWorkerP99: number;
  /** Share of handoffs that went to another worker. */
  toAnother: number;
  fewest: number;
  most: number;
  /** Acquisitions of each worker (or waiter), in order. */
  perWorker: number[];
  waitP99: number;
  waitMax: number;
  overlaps: number;
}

export function contentionFacts(workers: WorkerSections[]): ContentionFacts {
  const all = workers.flatMap((sections, worker) =>
    sections.map(([start, end, wait]) => ({
      worker,
      start: BigInt(start),
      end: BigInt(end),
      wait,
    })),
  );
  const { overlaps, handoffs, first, last } = succession(all);
  const gaps = handoffs.map((handoff) => handoff.gapMs);
  const otherGaps = handoffs
    .filter(({ before, after }) => before.worker !== after.worker)
    .map((handoff) => handoff.gapMs);
  const counts = workers.map((sections) => sections.length);
  const waits = all.map((s) => s.wait);
  return {
    acquisitions: all.length,
    perSecond: all.length / (Number(last - first) / 1e9),
    handoffP50: percentile(gaps, 50),
    handoffP99: percentile(gaps, 99),
    otherWorkerP50: percentile(otherGaps, 50),
    otherWorkerP99: percentile(otherGaps, 99),
    toAnother: gaps.length === 0 ? 0 : otherGaps.length / gaps.length,
    fewest: Math.min(...counts),
    most: Math.max(...counts),
    perWorker: counts,
    waitP99: percentile(waits, 99),
    waitMax: Math.max(...waits),
    overlaps,
  };
}

export interface SemaphoreFacts {
  acquisitions: number;
  perSecond: number;
  /** From a section ending while all permits were held to the next section starting. */
  handoffP50: number;
  handoffP99: number;
  fewest: number;
  most: number;
  waitP99: number;
  waitMax: number;
  /** The most sections inside at once: never above the limit, or the semaphore failed. */
  mostInside: number;
}

/**
 * What contention on a semaphore of `limit` looked like. A handoff is a permit freed at full
 * capacity (an end while `limit` were inside) taken up by the next start; its gap is the
 * time between the two.
 */
export function semaphoreFacts(workers: WorkerSections[], limit: number): SemaphoreFacts {
  const events = workers
    .flatMap((sections) =>
      sections.flatMap(([start, end]) => [
        { at: BigInt(start), delta: 1 },
        { at: BigInt(end), delta: -1 },
      ]),
    )
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.delta - b.delta));
  let inside = 0;
  let mostInside = 0;
  const freed: bigint[] = [];
  const gaps: number[] = [];
  for (const { at, delta } of events) {
    if (delta === -1 && inside === limit) freed.push(at);
    if (delta === 1 && freed.length > 0) gaps.push(Number(at - (freed.shift() as bigint)) / 1e6);
    inside += delta;
    mostInside = Math.max(mostInside, inside);
  }
  const counts = workers.map((sections) => sections.length);
  const waits = workers.flatMap((sections) => sections.map(([, , wait]) => wait));
  const first = events[0]?.at ?? 0n;
  const last = events.at(-1)?.at ?? 0n;
  return {
    acquisitions: waits.length,
    perSecond: waits.length / (Number(last - first) / 1e9),
    handoffP50: percentile(gaps, 50),
    handoffP99: percentile(gaps, 99),
    fewest: Math.min(...counts),
    most: Math.max(...counts),
    waitP99: percentile(waits, 99),
    waitMax: Math.max(...waits),
    mostInside,
  };
}
