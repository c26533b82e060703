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
    waitP99: percentile(waits, 99),
    waitMax: Math.max(...waits),
    overlaps,
  };
}
