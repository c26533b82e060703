// pnpm bench's Markdown tables (the README's come from them), printed from the results object
// that --json writes.
import { median } from '@mutex/tools/stats';
import type { BenchResults } from './bench-results.js';
import { CONCURRENCY, NAME_LEVELS } from './scaling-names.js';

const f = (value: number, digits = 2) =>
  value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);

const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => ' --- |').join('')}`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

export function printMainTables(results: BenchResults, bunRow: string) {
  const { options } = results;
  console.log(`\n### Uncontended: sequential acquire + release\n`);
  console.log(
    table(
      ['library', 'cycles/s', 'vs raw baseline', 'p50 ms', 'p99 ms'],
      results.uncontended.map(({ library, median: u }) => [
        library,
        f(u.perSecond, 0),
        `${f(u.vsBaseline)}x`,
        f(u.p50, 3),
        f(u.p99, 3),
      ]),
    ),
  );
  const bun = results.uncontended.find((u) => u.library === bunRow);
  if (bun !== undefined && results.bunBaselinePerSecond !== undefined) {
    const bunRate = bun.median.perSecond;
    const base = results.bunBaselinePerSecond;
    console.log(
      `\nUnder Bun: ${bunRow} ran ${f(bunRate / base)}x the raw baseline over Bun's own client in the same Bun process (${f(bunRate, 0)} vs ${f(base, 0)} cycles/s); the ratio above is against the Node baseline.`,
    );
  }
  if (results.listenerRatios.length > 0) {
    const ratios = results.listenerRatios.map(({ library, ratio }) => `${library}: ${f(ratio)}x`);
    console.log(
      `\nEvents: uncontended cycles/s with a listener, over without one: ${ratios.join('; ')}`,
    );
  }
  console.log(
    `\n### Contention: ${options.workers} processes, one lock, ${options.holdMs} ms sections, ${options.contentionSeconds} s\n`,
  );
  console.log(
    table(
      [
        'library',
        'acq/s',
        'handoff p50/p99 ms',
        'to another worker p50/p99 ms',
        'handoffs to another worker',
        'fewest/most per worker',
        'wait p99/max ms',
        'overlaps',
        'gave up',
        'sent per acquisition',
        'run by Redis per acquisition, scripts included',
        'Redis CPU µs per acquisition',
      ],
      results.contention.map(({ library, median: c, overlaps, sentUnit }) => [
        library,
        f(c.perSecond, 0),
        `${f(c.handoffP50)} / ${f(c.handoffP99)}`,
        `${f(c.otherWorkerP50)} / ${f(c.otherWorkerP99)}`,
        `${f(c.toAnother * 100, 0)}%`,
        `${f(c.fewest, 0)} / ${f(c.most, 0)}`,
        `${f(c.waitP99, 0)} / ${f(c.waitMax, 0)}`,
        String(overlaps),
        f(c.failures, 0),
        `${f(c.costPerAcquisition)} ${sentUnit}`,
        f(c.executedPerAcquisition),
        f(c.redisCpuPerAcquisition, 1),
      ]),
    ),
  );
  if (results.semaphores.length > 0) {
    const limit = results.semaphores[0]?.limit;
    console.log(
      `\n### Semaphores: ${options.workers} processes, limit ${limit}, one permit each, ${options.holdMs} ms sections, ${options.contentionSeconds} s\n`,
    );
    console.log(
      table(
        [
          'library',
          'acq/s',
          'handoff p50/p99 ms',
          'fewest/most per worker',
          'wait p99/max ms',
          'most inside at once',
          'sent per acquisition',
        ],
        results.semaphores.map(({ library, median: s, rounds, mostInside }) => [
          library,
          f(s.perSecond, 0),
          `${f(s.handoffP50)} / ${f(s.handoffP99)}`,
          `${f(s.fewest, 0)} / ${f(s.most, 0)} (${f(median(rounds.map((x) => x.fewest / x.most)))})`,
          `${f(s.waitP99, 0)} / ${f(s.waitMax, 0)}`,
          String(mostInside),
          `${f(s.costPerAcquisition)} commands`,
        ]),
      ),
    );
  }
  console.log(`\n### Giving up: a waiter limited to 300 ms on a held lock\n`);
  console.log(
    table(
      ['library', 'failed after ms (median)', 'took the lock after giving up'],
      results.givingUp.map(({ library, failedAfterMs, rounds }) => [
        library,
        f(failedAfterMs, 0),
        `${rounds.filter((x) => x.takenAfter).length} of ${rounds.length} rounds`,
      ]),
    ),
  );
}

export function printScalingTables(results: BenchResults, ours: string) {
  const { options } = results;
  if (results.waiterScaling.length > 0) {
    console.log(
      `\n### Scaling with waiters: 2, 8, 32, 64 waiters on one lock over min(waiters, 8) processes (waiters/processes each), every waiter with its own client (own connection); ${options.holdMs} ms sections, ${options.scalingSeconds} s per level, one round${options.main ? ` (8 waiters: the contention run's medians, ${options.contentionSeconds} s)` : ''}; costs over the run less its first 250 ms\n`,
    );
    console.log(
      table(
        [
          'library',
          'waiters',
          'acq/s',
          'sent per acquisition',
          'run by Redis per acquisition',
          'Redis CPU µs per acquisition',
          'handoff p50 ms',
          'wait max ms',
          'gave up',
        ],
        results.waiterScaling.flatMap(({ library, points, sentUnit }) =>
          points.map((p) => [
            library,
            String(p.waiters),
            f(p.perSecond, 0),
            `${f(p.sentPerAcquisition)} ${sentUnit}`,
            f(p.redisCallsPerAcquisition),
            f(p.redisCpuPerAcquisition, 1),
            f(p.handoffP50),
            f(p.waitMax, 0),
            f(p.failures, 0),
          ]),
        ),
      ),
    );
    const mine = results.waiterScaling.find((s) => s.library === ours);
    if (mine !== undefined) {
      console.log(
        `\n${ours}, per acquisition at 64 waiters over 2 waiters (aim: within 1.5x): Redis CPU ${f(mine.cpuRatio)}x, Redis calls ${f(mine.callsRatio)}x, commands sent ${f(mine.sentRatio)}x.`,
      );
    }
  }
  if (results.nameScaling.length > 0) {
    console.log(
      `\n### Scaling with names: ${NAME_LEVELS.join(', ')} distinct names held at once, one client in one process, ${CONCURRENCY === 1 ? 'acquired one after another, then released' : `at most ${CONCURRENCY} acquisitions in flight`}, through the counting proxy; per name acquired and released, and over the single-name figure\n`,
    );
    console.log(
      table(
        [
          'library',
          'names',
          'sent per cycle',
          'run by Redis per cycle',
          'Redis CPU µs per cycle (least of 2 runs)',
          'CPU vs 1 name',
          'calls vs 1 name',
          'cycles/s (through the proxy)',
          'keys left after',
        ],
        results.nameScaling.flatMap(({ library, points, leftoverKeys }) => {
          const single = points[0];
          return points.map((p, i) => [
            library,
            p.names.toLocaleString('en-US'),
            f(p.sentPerCycle),
            f(p.redisCallsPerCycle),
            f(p.redisCpuPerCycle, 1),
            `${f(p.redisCpuPerCycle / (single?.redisCpuPerCycle ?? Number.NaN))}x`,
            `${f(p.redisCallsPerCycle / (single?.redisCallsPerCycle ?? Number.NaN))}x`,
            f(p.cycles / p.seconds, 0),
            i === points.length - 1 ? String(leftoverKeys) : '',
          ]);
        }),
      ),
    );
  }
}
