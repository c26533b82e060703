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

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const median = (values: number[]) => percentile(values, 50);

export function contentionFacts(workers: WorkerSections[]): ContentionFacts {
  const all = workers
    .flatMap((sections, worker) =>
      sections.map(([start, end, wait]) => ({
        worker,
        start: BigInt(start),
        end: BigInt(end),
        wait,
      })),
    )
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const gaps: number[] = [];
  const otherGaps: number[] = [];
  let overlaps = 0;
  for (let i = 1; i < all.length; i++) {
    const [before, after] = [all[i - 1], all[i]] as [(typeof all)[0], (typeof all)[0]];
    if (after.start < before.end) {
      overlaps++;
      continue;
    }
    const gap = Number(after.start - before.end) / 1e6;
    gaps.push(gap);
    if (after.worker !== before.worker) otherGaps.push(gap);
  }
  const counts = workers.map((sections) => sections.length);
  const first = all[0]?.start ?? 0n;
  const last = all.at(-1)?.end ?? 0n;
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
